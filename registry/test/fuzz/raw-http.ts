// Bytes on a real socket, for what app.inject cannot send: a content-length that lies, broken chunked encoding,
// bytes that are not UTF-8 before any parser has seen them. Reads one answer (or the connection closing).
import net from "node:net";

export interface RawAnswer {
  /** null when the connection closed (or timed out) before an answer's head arrived. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The connection closed (or nothing more came in time) before a whole answer arrived. */
  closed: boolean;
}

function head(buf: Buffer): { status: number; headers: Record<string, string>; body: Buffer } | null {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...lines] = buf.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/u.exec(statusLine ?? "")?.[1]);
  if (!Number.isFinite(status)) return null;
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers, body: buf.subarray(end + 4) };
}

/** The body once all of it has arrived (by content-length or the chunked terminator), else null. */
function wholeBody(headers: Record<string, string>, body: Buffer): Buffer | null {
  if (headers["transfer-encoding"] === "chunked") {
    const parts: Buffer[] = [];
    for (let at = 0; ;) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) return Buffer.concat(parts);
      if (!(size > 0) || body.length < lineEnd + 2 + size + 2) return null;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(headers["content-length"] ?? NaN);
  return Number.isFinite(length) && body.length >= length ? body.subarray(0, length) : null;
}

/**
 * Whether the server can tell where the request ends without waiting for more: its head is complete and it declares no
 * more body than follows. Node's server aborts a request still being handled when the client half-closes, so a
 * complete request is not half-closed; an incomplete one must be, or the server would wait for the rest.
 */
export function isComplete(request: Buffer): boolean {
  const end = request.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const length = /^content-length:[ \t]*(\d+)[ \t]*$/imu.exec(
    request.subarray(0, end).toString("latin1"),
  )?.[1];
  return length === undefined || Number(length) <= request.length - end - 4;
}

/**
 * Writes `request` to the port and reads the first answer. `halfClose` ends the client's side after writing (a body
 * shorter than its content-length then ends for the server too); `halfCloseAfterMs` does so only if no answer came
 * by then (the server was waiting for bytes that never come).
 */
export function rawRequest(
  port: number,
  request: Buffer | string,
  options: { halfClose?: boolean; halfCloseAfterMs?: number; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const h = head(Buffer.concat(chunks));
      if (!h)
        return resolve({
          status: null,
          headers: {},
          body: Buffer.concat(chunks).toString("utf8"),
          closed: true,
        });
      const body = wholeBody(h.headers, h.body);
      resolve({ status: h.status, headers: h.headers, body: (body ?? h.body).toString("utf8"), closed });
    };
    const timer = setTimeout(() => finish(true), options.timeoutMs ?? 20_000);
    const lateEnd =
      options.halfCloseAfterMs !== undefined
        ? setTimeout(() => socket.end(), options.halfCloseAfterMs)
        : null;
    socket.on("close", () => lateEnd && clearTimeout(lateEnd));
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      const h = head(Buffer.concat(chunks));
      if (h && wholeBody(h.headers, h.body)) finish(false);
    });
    socket.on("error", () => finish(true));
    socket.on("close", () => finish(true));
    socket.write(request, () => {
      if (options.halfClose) socket.end();
    });
  });
}
