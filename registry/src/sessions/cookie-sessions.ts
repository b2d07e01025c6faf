// The window desk's and the holder's session cookies: which cookie a route accepts, the CSRF check every
// cookie-authenticated request passes (x-csrf-token must match the session's token, on GETs too, since desk GETs read
// personal data), and the Set-Cookie headers of sign-in and sign-out. Bearer keys never reach this code.
import type { FastifyRequest } from "fastify";
import { can, type Permission } from "../auth/policy.js";
import { RegistryError } from "../errors.js";
import type { HolderIdentity } from "../holders/holder-authenticator.js";
import type { Store } from "../store/store.js";
import { parseCookies, serializeCookie } from "./cookies.js";
import type { SessionAuthenticator, SessionPrincipal } from "./session-principal.js";
import { SessionStore, type Session, type SessionPolicy } from "./session-store.js";

export const DESK_COOKIE = "elicence_desk";
export const DESK_CSRF_COOKIE = "elicence_desk_csrf";
export const HOLDER_COOKIE = "elicence_holder";
export const HOLDER_CSRF_COOKIE = "elicence_holder_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** What the desk does: a desk session may use these (and only those its clerk key's role allows). */
export const DESK_PERMISSIONS: readonly Permission[] = [
  "licence.read",
  "holder.lookup",
  "materials.check",
  "holder.share",
  "stats.read",
  "desk.session",
  "licence.annotate",
];
export const HOLDER_PERMISSION: Permission = "holder.self";

export const DESK_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 9 * 3600_000,
  maxSessions: 10_000,
};
export const HOLDER_POLICY: SessionPolicy = {
  idleMs: 15 * 60_000,
  absoluteMs: 3600_000,
  maxSessions: 10_000,
};

export interface DeskSessionData {
  keyId: string;
  department: string | null;
  /**
   * The holder code of the applicant this session last looked up (holder lookup or materials check), or null: the
   * applicant present at the desk, the only holder a share code or a clerk's annotated copy may be made for.
   */
  applicant: string | null;
}

export type SessionKind = "desk" | "holder";

const COOKIES: Record<SessionKind, { id: string; csrf: string }> = {
  desk: { id: DESK_COOKIE, csrf: DESK_CSRF_COOKIE },
  holder: { id: HOLDER_COOKIE, csrf: HOLDER_CSRF_COOKIE },
};

export class CookieSessions implements SessionAuthenticator {
  readonly desk: SessionStore<DeskSessionData>;
  readonly holder: SessionStore<HolderIdentity>;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    /** True when the public base URL is https: cookies are Secure even behind a TLS-terminating proxy. */
    private readonly alwaysSecure: boolean,
    policies: { desk?: SessionPolicy; holder?: SessionPolicy } = {},
  ) {
    this.desk = new SessionStore(policies.desk ?? DESK_POLICY);
    this.holder = new SessionStore(policies.holder ?? HOLDER_POLICY);
  }

  async authenticate(req: FastifyRequest, permission: Permission): Promise<SessionPrincipal | null> {
    const now = this.clock();
    const kind: SessionKind = permission === HOLDER_PERMISSION ? "holder" : "desk";
    const id = this.sessionId(req, kind);
    if (id === null) return null;
    if (kind === "holder") {
      const session = this.open(this.holder, kind, id, req, now);
      this.holder.touch(session, now);
      return { kind, holder: session.data, ref: session.ref };
    }
    const session = this.open(this.desk, kind, id, req, now);
    const data = session.data;
    const key = await this.store.getKey(data.keyId);
    if (!key || key.revokedAt) {
      // A revoked clerk key ends every desk session opened with it.
      this.desk.deleteWhere((d) => d.keyId === data.keyId);
      throw new RegistryError(
        "REG_KEY_REVOKED",
        `The clerk key this desk session was opened with was revoked${key?.revokedAt ? ` at ${key.revokedAt}` : ""}; the session is closed.`,
      );
    }
    if (!DESK_PERMISSIONS.includes(permission) || !can(key.role, permission))
      throw new RegistryError("REG_FORBIDDEN", `The window desk may not do this (needs ${permission}).`);
    this.desk.touch(session, now);
    return { kind, key, ref: session.ref, desk: data };
  }

  /** The live session of `id` whose CSRF token the request echoes; throws otherwise. */
  private open<T>(
    sessions: SessionStore<T>,
    kind: SessionKind,
    id: string,
    req: FastifyRequest,
    now: Date,
  ): Session<T> {
    const session = sessions.find(id, now);
    if (!session)
      throw new RegistryError(
        "REG_SESSION_INVALID",
        kind === "desk"
          ? "The desk session has ended (signed out, idle for 30 minutes, or the registry restarted); sign in again with the clerk key."
          : "Your session has ended; sign in again (a share code works once: ask the department for a new one).",
      );
    const header = req.headers[CSRF_HEADER];
    if (!sessions.csrfMatches(session, Array.isArray(header) ? header[0] : header))
      throw new RegistryError("REG_CSRF");
    return session;
  }

  /** The session id cookie of this kind on the request, or null. */
  sessionId(req: FastifyRequest, kind: SessionKind): string | null {
    return parseCookies(req.headers.cookie).get(COOKIES[kind].id) ?? null;
  }

  /** True when the request carries the cookie of a live desk session (a holder sign-in then is refused). */
  hasLiveDeskSession(req: FastifyRequest): boolean {
    const id = this.sessionId(req, "desk");
    return id !== null && this.desk.find(id, this.clock()) !== null;
  }
  /** Secure cookies when the base URL is https or this request came over TLS (or a trusted proxy said so). */
  secure(req: FastifyRequest): boolean {
    return this.alwaysSecure || req.protocol === "https";
  }

  /** Set-Cookie values for a new session: the HttpOnly id and the readable CSRF token (double submit). */
  setCookies(kind: SessionKind, id: string, csrfToken: string, req: FastifyRequest): string[] {
    const secure = this.secure(req);
    const maxAgeSeconds = (kind === "desk" ? this.desk : this.holder).policy.absoluteMs / 1000;
    return [
      serializeCookie(COOKIES[kind].id, id, { maxAgeSeconds, httpOnly: true, secure }),
      serializeCookie(COOKIES[kind].csrf, csrfToken, { maxAgeSeconds, httpOnly: false, secure }),
    ];
  }

  clearCookies(kind: SessionKind, req: FastifyRequest): string[] {
    const secure = this.secure(req);
    return [
      serializeCookie(COOKIES[kind].id, "", { maxAgeSeconds: 0, httpOnly: true, secure }),
      serializeCookie(COOKIES[kind].csrf, "", { maxAgeSeconds: 0, httpOnly: false, secure }),
    ];
  }
}
