// Headers every answer carries. nosniff everywhere: a JSON error or an uploaded-then-echoed value must never be
// sniffed into HTML or script. The pages (routes/web.ts) and /docs set their own CSP with frame-ancestors 'none';
// nothing here overrides a header a route has set.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { RegistryError } from "../errors.js";

/** What a JSON answer carries: data, never a page to sniff, render or frame. */
export const JSON_SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
} as const;

/**
 * Fastify's frameworkErrors: a URL the router cannot decode (a bad %-escape) or a parameter past maxParamLength is
 * answered before any route or hook runs, so the onSend hook below never sees it and fastify's own answer (which
 * echoes the raw path back) went out without nosniff. Ours carries the headers and our error shape, not the path.
 */
export function frameworkErrors(error: { code: string }, req: FastifyRequest, reply: FastifyReply): void {
  const answer =
    error.code === "FST_ERR_BAD_URL"
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

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_req, reply, payload) => {
    if (!reply.hasHeader("x-content-type-options")) void reply.header("x-content-type-options", "nosniff");
    // JSON answers are data, never a page to render or frame (a PDF is left alone: browsers' viewers need scripts).
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("application/json") && !reply.hasHeader("content-security-policy"))
      void reply.header("content-security-policy", JSON_SECURITY_HEADERS["content-security-policy"]);
    return payload;
  });
}

/**
 * swagger-ui's own CSP (hashes of its inline script and styles), changed twice: it allows framing by the same origin,
 * and the docs are framed by nobody; and it upgrades requests to https, which breaks /docs on the plain-http default
 * listener (127.0.0.1:8080) while adding nothing behind a TLS proxy.
 */
export function docsCsp(header: string): string {
  return header
    .replace(/frame-ancestors [^;]*/u, "frame-ancestors 'none'")
    .replace(/\s*upgrade-insecure-requests;?/u, "")
    .trim();
}
