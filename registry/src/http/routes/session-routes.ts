// The reply shape the desk and holder sign-in / sign-out routes share: session cookies set or cleared, no caching of
// the CSRF token, and Retry-After on a rate-limited sign-in.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { CookieSessions, SessionKind } from "../../sessions/cookie-sessions.js";
import { RateLimitedError } from "../../sessions/rate-limited.js";

/** Runs `signIn` and answers 201 with the session cookies and `body(session)`; errors go on to the error handler. */
export async function sendSignedIn<S extends { id: string; csrfToken: string }>(
  req: FastifyRequest,
  reply: FastifyReply,
  sessions: CookieSessions,
  kind: SessionKind,
  signIn: () => Promise<S>,
  body: (session: S) => object,
): Promise<FastifyReply> {
  try {
    const s = await signIn();
    return reply
      .status(201)
      .header("set-cookie", sessions.setCookies(kind, s.id, s.csrfToken, req))
      .header("cache-control", "no-store")
      .send(body(s));
  } catch (e) {
    if (e instanceof RateLimitedError) void reply.header("retry-after", String(e.retryAfterSeconds));
    throw e;
  }
}

/** Ends the session named by the request's `kind` cookie (when `end` is given) and answers 204 clearing the cookies. */
export async function sendSignedOut(
  req: FastifyRequest,
  reply: FastifyReply,
  sessions: CookieSessions,
  kind: SessionKind,
  end: ((sessionId: string) => Promise<unknown>) | null,
): Promise<FastifyReply> {
  const id = sessions.sessionId(req, kind);
  if (end !== null && id !== null) await end(id);
  return reply.status(204).header("set-cookie", sessions.clearCookies(kind, req)).send();
}
