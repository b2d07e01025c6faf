// Authentication (Bearer API keys) and authorisation (the route's declared permission). Deny by default: a route
// that declares no permission is refused to everyone, and only routes marked public skip the key. A request without
// an Authorization header may instead sign in with a session cookie (window desk, issuing office, holder): see
// registry/src/sessions/.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiKeyRecord } from "../domain/api-key.js";
import { RegistryError } from "../errors.js";
import { can, type Permission } from "../auth/policy.js";
import { keyId, keyMatches } from "../auth/api-keys.js";
import type { Store } from "../store/store.js";
import type { HolderIdentity } from "../holders/holder-authenticator.js";
import type { SessionAuthenticator, SessionPrincipal } from "../sessions/session-principal.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do; "public" for routes open to anyone. */
    permission?: Permission | "public";
  }
  interface FastifyRequest {
    apiKey: ApiKeyRecord | null;
    /** Set when the request signed in with a session cookie instead of a Bearer key. */
    authSession: SessionPrincipal | null;
  }
}

async function authenticate(store: Store, req: FastifyRequest): Promise<ApiKeyRecord | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const id = m?.[1] ? keyId(m[1]) : null;
  if (!m?.[1] || !id)
    throw new RegistryError(
      "REG_UNAUTHENTICATED",
      "The Authorization header must be `Bearer ek_…` with a key from `npx elicence keys create`.",
    );
  const rec = await store.getKey(id);
  if (!rec || !keyMatches(m[1], rec))
    throw new RegistryError("REG_UNAUTHENTICATED", "This API key is not known; check it was copied whole.");
  if (rec.revokedAt)
    throw new RegistryError(
      "REG_KEY_REVOKED",
      `This API key was revoked at ${rec.revokedAt}; ask an administrator for a new one.`,
    );
  return rec;
}

export function registerAuth(app: FastifyInstance, store: Store, sessions?: SessionAuthenticator): void {
  app.decorateRequest("apiKey", null);
  app.decorateRequest("authSession", null);
  // onRequest, before body parsing and schema validation: a caller without the right key learns nothing about the
  // request format (a 400 listing the body's fields) and gets 401/403, not 400. Unknown URLs go on to the 404 handler.
  app.addHook("onRequest", async (req) => {
    if (req.is404) return;
    const permission = req.routeOptions.config.permission;
    if (permission === "public") return;
    const key = await authenticate(store, req);
    if (permission === undefined)
      throw new RegistryError("REG_FORBIDDEN", "This route is not open to any role.");
    if (!key) {
      // No Bearer key: a desk, issuer or holder session cookie may stand in, with its CSRF token, on the routes it serves.
      const session = sessions ? await sessions.authenticate(req, permission) : null;
      if (!session) throw new RegistryError("REG_UNAUTHENTICATED");
      req.authSession = session;
      if (session.kind !== "holder") req.apiKey = session.key;
      return;
    }
    if (!can(key.role, permission))
      throw new RegistryError("REG_FORBIDDEN", `The ${key.role} role may not do this (needs ${permission}).`);
    req.apiKey = key;
  });
}

export function requireKey(req: FastifyRequest): ApiKeyRecord {
  if (!req.apiKey) throw new RegistryError("REG_UNAUTHENTICATED");
  return req.apiKey;
}

/** The holder a holder-session route acts for. */
export function requireHolder(req: FastifyRequest): HolderIdentity {
  if (req.authSession?.kind !== "holder") throw new RegistryError("REG_UNAUTHENTICATED");
  return req.authSession.holder;
}
