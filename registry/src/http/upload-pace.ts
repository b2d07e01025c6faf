// The least pace of an upload's body (issue 11 red team, slowloris): an upload takes one of the few places the
// verification gate has before its body is read, and nothing else bounds how long it keeps it. Ten connections
// sending one byte every two seconds held every place and every other client got 503 REG_BUSY for as long as they
// liked. After a grace period, an upload whose bytes arrive below the least average rate is stopped with
// 408 REG_UPLOAD_TOO_SLOW and its place given back; a genuine client on a slow mobile link stays far above it.
import type { IncomingMessage } from "node:http";
import { RegistryError } from "../errors.js";

export interface UploadPace {
  /** Time an upload has before its rate is judged. */
  graceMs: number;
  /** Least average bytes per second from the start of the body, judged once the grace period is over. */
  minBytesPerSecond: number;
}

/** 4 KiB/s: a 20 MiB upload within 85 minutes, a licence PDF (hundreds of KB) within a minute or two. */
export const DEFAULT_UPLOAD_PACE: UploadPace = { graceMs: 15_000, minBytesPerSecond: 4096 };

const CHECK_EVERY_MS = 1_000;

export function uploadTooSlow(pace: UploadPace): RegistryError {
  return new RegistryError(
    "REG_UPLOAD_TOO_SLOW",
    `The upload arrived slower than ${Math.round(pace.minBytesPerSecond / 1024)} KiB/s on average after ${Math.round(pace.graceMs / 1000)} s, so its place was given to others and nothing was examined; send the file again over a steadier connection.`,
  );
}

/**
 * Watches the bytes arriving on the request's socket (counting them there leaves the body's stream alone) and calls
 * `tooSlow` once if they fall below the pace. Returns the function that stops watching (call it when the body is in).
 */
export function watchUploadPace(
  raw: IncomingMessage,
  tooSlow: (error: RegistryError) => void,
  pace: UploadPace = DEFAULT_UPLOAD_PACE,
): () => void {
  const socket = raw.socket;
  const startBytes = socket.bytesRead;
  const started = performance.now();
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    if (elapsed < pace.graceMs) return;
    const received = socket.bytesRead - startBytes;
    if (received >= (pace.minBytesPerSecond * elapsed) / 1000) return;
    clearInterval(timer);
    tooSlow(uploadTooSlow(pace));
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
