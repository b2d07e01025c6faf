// Talking to the registry from the desk, issuing office and holder pages: JSON in and out, the session's CSRF token on every request
// a session cookie signs (GETs included: they read personal data), and every failure as a value, never a throw.
import { readCookie } from "./cookies.js";
import { dispositionFileName } from "./content-disposition.js";
import { under } from "./base-path.js";

export interface FieldProblem {
  field?: string;
  code: string;
  message: string;
  suggestion?: string;
}

/** The registry's error body ({code, message, details}), or one of CLIENT_CODES when there was no such body. */
export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  details: FieldProblem[];
  /** From a 429's Retry-After header. */
  retryAfterSeconds?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; problem: ApiProblem };

/** Problems the page itself names (the registry never sends these codes). */
export const CLIENT_CODES = {
  /** No answer at all: offline, server down, connection cut. */
  network: "WEB_NETWORK",
  /** An answer that is neither what was asked for nor the registry's error body. */
  badResponse: "WEB_BAD_RESPONSE",
} as const;

/** Codes that mean the session is gone: the page returns to its sign-in. */
const SESSION_LOST = new Set(["REG_SESSION_INVALID", "REG_CSRF", "REG_KEY_REVOKED", "REG_UNAUTHENTICATED"]);

export interface ApiClientOptions {
  /** The readable cookie that carries the session's CSRF token (elicence_desk_csrf, elicence_holder_csrf). */
  csrfCookie: string;
  fetchImpl?: typeof fetch;
  /** The document's cookies (document.cookie in the page). */
  cookies?: () => string;
  /** After every answered session request: the registry reset the session's idle timer. */
  onActivity?: () => void;
  /** A session request was refused because the session is gone (ended, idle, revoked key). */
  onSessionLost?: (problem: ApiProblem) => void;
}

export interface RequestOptions {
  body?: unknown;
  /** multipart/form-data instead of JSON (a register upload); the browser writes its content type. */
  form?: FormData;
  /** Further request headers (Idempotency-Key). */
  headers?: Record<string, string>;
  /** Signed by the session cookie: sends x-csrf-token, and a refusal ends the page's session. */
  session?: boolean;
}

export class ApiClient {
  private token: string | null = null;

  constructor(private readonly o: ApiClientOptions) {}

  /** The token sign-in returned; null forgets it (sign-out). */
  setCsrf(token: string | null): void {
    this.token = token;
  }

  /** The session's CSRF token: the one sign-in returned, or (after a reload) the one in the readable cookie. */
  csrf(): string | null {
    return this.token ?? readCookie(this.o.cookies?.() ?? "", this.o.csrfCookie);
  }

  json<T>(method: string, url: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
    return this.send(method, url, options, async (res) => (await res.json()) as T);
  }

  blob(method: string, url: string, options: RequestOptions = {}): Promise<ApiResult<Blob>> {
    return this.send(method, url, options, (res) => res.blob());
  }

  /** A download: the body, and the file name the registry's Content-Disposition gives. */
  file(
    method: string,
    url: string,
    options: RequestOptions = {},
  ): Promise<ApiResult<{ blob: Blob; fileName: string | null }>> {
    return this.send(method, url, options, async (res) => ({
      blob: await res.blob(),
      fileName: dispositionFileName(res.headers.get("content-disposition")),
    }));
  }

  /** For 204 answers. */
  empty(method: string, url: string, options: RequestOptions = {}): Promise<ApiResult<null>> {
    return this.send(method, url, options, async () => null);
  }

  private async send<T>(
    method: string,
    url: string,
    options: RequestOptions,
    read: (res: Response) => Promise<T>,
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { ...options.headers, accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.session) {
      const csrf = this.csrf();
      if (csrf) headers["x-csrf-token"] = csrf;
    }
    let res: Response;
    try {
      res = await (this.o.fetchImpl ?? fetch)(under(url), {
        method,
        headers,
        credentials: "same-origin",
        ...(options.form !== undefined
          ? { body: options.form }
          : options.body !== undefined
            ? { body: JSON.stringify(options.body) }
            : {}),
      });
    } catch {
      return { ok: false, problem: clientProblem(0, CLIENT_CODES.network, "no answer from the registry") };
    }
    if (res.ok) {
      if (options.session) this.o.onActivity?.();
      try {
        return { ok: true, status: res.status, data: await read(res) };
      } catch {
        return {
          ok: false,
          problem: clientProblem(res.status, CLIENT_CODES.badResponse, "the answer could not be read"),
        };
      }
    }
    const problem = await problemOf(res);
    if (options.session && SESSION_LOST.has(problem.code)) this.o.onSessionLost?.(problem);
    return { ok: false, problem };
  }
}

function clientProblem(status: number, code: string, message: string): ApiProblem {
  return { status, code, message, details: [] };
}

async function problemOf(res: Response): Promise<ApiProblem> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not the registry's error body (a proxy's HTML page, an empty 502): named by status below.
  }
  const retry = Number(res.headers.get("retry-after"));
  const extra = Number.isFinite(retry) && retry > 0 ? { retryAfterSeconds: retry } : {};
  if (body && typeof body === "object" && typeof (body as { code?: unknown }).code === "string") {
    const b = body as { code: string; message?: unknown; details?: unknown };
    const details = Array.isArray(b.details)
      ? b.details.filter(
          (d): d is FieldProblem =>
            !!d && typeof d === "object" && typeof (d as FieldProblem).code === "string",
        )
      : [];
    return {
      status: res.status,
      code: b.code,
      message: typeof b.message === "string" ? b.message : "",
      details,
      ...extra,
    };
  }
  return { ...clientProblem(res.status, CLIENT_CODES.badResponse, `HTTP ${res.status}`), ...extra };
}
