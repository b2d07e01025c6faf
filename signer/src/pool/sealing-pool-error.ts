// Errors of the sealing pool itself (SIG_POOL_*); an error raised by a job inside a worker comes back as a SealJobError
// that keeps the worker-side name, code (e.g. SIG_RENDER_GLYPH_MISSING) and message.

export const POOL_ERROR_CODES = {
  SIG_POOL_START_FAILED:
    "A sealing worker could not start (PKI directory, passphrase, templates or fonts unusable); the message carries the worker's error.",
  SIG_POOL_WORKER_FAILED:
    "A sealing worker stopped while it held jobs; those jobs are rejected (the pool replaces the worker) and may be retried.",
  SIG_POOL_CLOSED: "The sealing pool was closed: it accepts no more jobs.",
} as const;

export type PoolErrorCode = keyof typeof POOL_ERROR_CODES;

export class SealingPoolError extends Error {
  override readonly name = "SealingPoolError";
  readonly code: PoolErrorCode;

  constructor(code: PoolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A job's failure inside a worker, re-raised on the caller's side with the original name, code and stack. */
export class SealJobError extends Error {
  readonly code: string | undefined;

  constructor(e: SerializedError) {
    super(e.message);
    this.name = e.name;
    this.code = e.code;
    if (e.stack) this.stack = e.stack;
  }
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return {
      name: e.name,
      message: e.message,
      ...(typeof code === "string" ? { code } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
    };
  }
  return { name: "Error", message: String(e) };
}

/** An error as it crosses the worker boundary (structured clone keeps no class): defined here, beside the codes it
 * carries, so the error catalogue does not depend on the pool's messages. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}
