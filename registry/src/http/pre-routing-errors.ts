// Answers given before any route or hook runs, in our error shape and with the JSON security headers (the onSend
// hook never sees them): what Node's HTTP parser refuses (clientErrorHandler) and what the router cannot take
// (frameworkErrors). Neither echoes the raw URL back.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { ConnectionError, FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import { RegistryError } from "../errors.js";
import { JSON_SECURITY_HEADERS } from "./security-headers.js";
import { urlNotEncoded, urlProblems } from "./url-encoding.js";

/**
 * Fastify's frameworkErrors: a path the router cannot decode (a bad %-escape) or a parameter past maxParamLength.
 */
export function frameworkErrors(error: { code: string }, req: FastifyRequest, reply: FastifyReply): void {
  const problems = error.code === "FST_ERR_BAD_URL" ? urlProblems(req.raw.url ?? "") : [];
  const answer =
    problems.length > 0
      ? { status: 400, error: urlNotEncoded(problems) }
      : error.code === "FST_ERR_BAD_URL"
        ? {
            status: 400,
            error: new RegistryError("REG_BAD_REQUEST", "The URL is not valid: check its %-escapes."),
          }
        : error.code === "FST_ERR_MAX_PARAM_LENGTH"
          ? { status: 414, error: new RegistryError("REG_BAD_REQUEST", "A part of the URL is too long.") }
          : { status: 500, error: new RegistryError("REG_INTERNAL") };
  // A 5xx names the request (body and X-Request-Id), as the error handler's answers do.
  const serverSide = answer.status >= 500;
  if (serverSide) void reply.header("x-request-id", req.id);
  void reply
    .code(answer.status)
    .headers(JSON_SECURITY_HEADERS)
    .type("application/json; charset=utf-8")
    .send(JSON.stringify({ ...answer.error.toJSON(), ...(serverSide ? { requestId: req.id } : {}) }));
}

/** The request line's target when the parser stopped inside it (decoded as UTF-8; a bad byte stays non-ASCII). */
function requestTarget(raw: unknown): string | null {
  // fastify types it as a serialised Buffer; Node hands over the Buffer itself.
  if (!Buffer.isBuffer(raw)) return null;
  const end = raw.indexOf(0x0a);
  const line = raw.subarray(0, end < 0 ? raw.length : end).toString("utf8");
  const m = /^[A-Z]+ (\S+)/u.exec(line);
  return m ? m[1]! : null;
}

function writeAnswer(socket: Socket, status: number, error: RegistryError): void {
  const body = JSON.stringify(error.toJSON());
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    ...JSON_SECURITY_HEADERS,
    connection: "close",
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n${head}\r\n${body}`);
}

/**
 * For fastify's clientErrorHandler (bound to the instance's logger) (fastify's default answers a bare "Client Error"): a raw byte in the URL gets
 * REG_URL_NOT_ENCODED naming the path or the query parameter it is in; anything else keeps its status (408, 431,
 * 400) in our error shape.
 */
export function clientErrorHandler(log: FastifyBaseLogger, err: ConnectionError, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const target = requestTarget(err.rawPacket);
  const problems = target ? urlProblems(target) : [];
  const [status, error] =
    problems.length > 0
      ? [400, urlNotEncoded(problems)]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, new RegistryError("REG_BAD_REQUEST", "The request did not arrive in time.")]
        : err.code === "HPE_HEADER_OVERFLOW"
          ? [431, new RegistryError("REG_BAD_REQUEST", "The request headers are too large.")]
          : [400, new RegistryError("REG_BAD_REQUEST", "The request is not valid HTTP.")];
  log.debug({ parserCode: err.code, code: error.code }, "client error answered before routing");
  if (socket.writable) writeAnswer(socket, status, error);
  socket.destroy();
}
