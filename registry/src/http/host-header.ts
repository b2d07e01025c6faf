// An HTTP/1.1 request without a Host header must be refused (RFC 9112 §3.2). Node's server does so itself, but with
// a bare 400 and no body, which no client can act on (the fuzz suite found it, issue 11): buildApp turns Node's check
// off (http.requireHostHeader: false) and this hook answers in the project's error shape instead.
import type { FastifyInstance } from "fastify";
import { RegistryError } from "../errors.js";

export function requireHostHeader(app: FastifyInstance): void {
  app.addHook("onRequest", async (req) => {
    if (req.raw.httpVersion !== "1.1" || req.headers.host !== undefined) return;
    throw new RegistryError("REG_BAD_REQUEST", undefined, [
      {
        field: "header.host",
        code: "REG_FIELD_REQUIRED",
        message:
          "an HTTP/1.1 request must carry a Host header naming the server (every HTTP client sends one; check a hand-written request)",
      },
    ]);
  });
}
