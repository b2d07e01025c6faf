// The window desk's, the issuing office's and the holder's session cookies: which cookie a route accepts, the CSRF
// check every cookie-authenticated request passes (x-csrf-token must match the session's token, on GETs too, since
// staff GETs read personal data), and the Set-Cookie headers of sign-in and sign-out. Bearer keys never reach this code.
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
export const ISSUER_COOKIE = "elicence_issuer";
export const ISSUER_CSRF_COOKIE = "elicence_issuer_csrf";
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
/**
 * What the issuing office (/issue) does: issue, change, list and read its department's licences, download their sealed
 * PDFs and import registers; annotated copies stay at the window desk.
 */
export const ISSUER_PERMISSIONS: readonly Permission[] = [
  "licence.issue",
  "licence.change",
  "licence.read",
  "licence.list",
  "licence.download",
  "licence.import",
  "issuer.session",
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

/** A staff session (desk or issuing office): the key it was opened with, checked again on every request. */
export interface StaffSessionData {
  keyId: string;
  department: string | null;
}

export interface DeskSessionData extends StaffSessionData {
  /**
   * The holder code of the applicant this session last looked up (holder lookup or materials check), or null: the
   * applicant present at the desk, the only holder a share code or a clerk's annotated copy may be made for.
   */
  applicant: string | null;
}

export type SessionKind = "desk" | "issuer" | "holder";
export type StaffKind = Exclude<SessionKind, "holder">;

const COOKIES: Record<SessionKind, { id: string; csrf: string }> = {
  desk: { id: DESK_COOKIE, csrf: DESK_CSRF_COOKIE },
  issuer: { id: ISSUER_COOKIE, csrf: ISSUER_CSRF_COOKIE },
  holder: { id: HOLDER_COOKIE, csrf: HOLDER_CSRF_COOKIE },
};

/** Per staff kind: the routes its session reaches, and how its end is worded. */
const STAFF: Record<StaffKind, { permissions: readonly Permission[]; place: string; keyName: string }> = {
  desk: { permissions: DESK_PERMISSIONS, place: "The window desk", keyName: "clerk key" },
  issuer: { permissions: ISSUER_PERMISSIONS, place: "The issuing office", keyName: "issuer key" },
};
const STAFF_KINDS: readonly StaffKind[] = ["desk", "issuer"];

export class CookieSessions implements SessionAuthenticator {
  readonly desk: SessionStore<DeskSessionData>;
  readonly issuer: SessionStore<StaffSessionData>;
  readonly holder: SessionStore<HolderIdentity>;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    /** True when the public base URL is https: cookies are Secure even behind a TLS-terminating proxy. */
    private readonly alwaysSecure: boolean,
    policies: { desk?: SessionPolicy; issuer?: SessionPolicy; holder?: SessionPolicy } = {},
  ) {
    this.desk = new SessionStore(policies.desk ?? DESK_POLICY);
    this.issuer = new SessionStore(policies.issuer ?? DESK_POLICY);
    this.holder = new SessionStore(policies.holder ?? HOLDER_POLICY);
  }

  async authenticate(req: FastifyRequest, permission: Permission): Promise<SessionPrincipal | null> {
    const now = this.clock();
    if (permission === HOLDER_PERMISSION) {
      const id = this.sessionId(req, "holder");
      if (id === null) return null;
      const session = this.open(this.holder, "holder", id, req, now);
      this.holder.touch(session, now);
      return { kind: "holder", holder: session.data, ref: session.ref };
    }
    // Deny by default: a staff cookie reaches only its own kind's routes. With both staff cookies (one browser, both
    // pages) the session whose CSRF token the request echoes is the one that asked; a holder cookie never counts here.
    const present = STAFF_KINDS.flatMap((k) => {
      const id = this.sessionId(req, k);
      return id === null ? [] : [{ kind: k, id }];
    });
    if (present.length === 0) return null;
    const accepting = present.filter((p) => STAFF[p.kind].permissions.includes(permission));
    const chosen =
      accepting.find((p) => this.echoesCsrf(p.kind, p.id, req, now)) ?? accepting[0] ?? present[0]!;
    const store: SessionStore<StaffSessionData> = this[chosen.kind];
    const session = this.open(store, chosen.kind, chosen.id, req, now);
    const data = session.data;
    const staff = STAFF[chosen.kind];
    const key = await this.store.getKey(data.keyId);
    if (!key || key.revokedAt) {
      // A revoked key ends every session opened with it.
      store.deleteWhere((d) => d.keyId === data.keyId);
      throw new RegistryError(
        "REG_KEY_REVOKED",
        `The ${staff.keyName} this session was opened with was revoked${key?.revokedAt ? ` at ${key.revokedAt}` : ""}; the session is closed.`,
      );
    }
    if (!staff.permissions.includes(permission) || !can(key.role, permission))
      throw new RegistryError("REG_FORBIDDEN", `${staff.place} may not do this (needs ${permission}).`);
    store.touch(session, now);
    return chosen.kind === "desk"
      ? // Opened from this.desk: its data is the desk's (the applicant it remembers).
        { kind: "desk", key, ref: session.ref, desk: data as DeskSessionData }
      : { kind: "issuer", key, ref: session.ref };
  }

  /** True when `id` names a live session of `kind` whose CSRF token the request carries. */
  private echoesCsrf(kind: StaffKind, id: string, req: FastifyRequest, now: Date): boolean {
    const store: SessionStore<StaffSessionData> = this[kind];
    const session = store.find(id, now);
    const header = req.headers[CSRF_HEADER];
    return session !== null && store.csrfMatches(session, Array.isArray(header) ? header[0] : header);
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
        kind === "holder"
          ? "Your session has ended; sign in again (a share code works once: ask the department for a new one)."
          : `The ${kind === "desk" ? "desk" : "issuing office"} session has ended (signed out, idle for 30 minutes, 9 hours after sign-in, or the registry restarted); sign in again with the ${STAFF[kind].keyName}.`,
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

  /** The staff kind whose live session cookie the request carries (a holder sign-in then is refused), or null. */
  liveStaffSession(req: FastifyRequest): StaffKind | null {
    const now = this.clock();
    for (const kind of STAFF_KINDS) {
      const id = this.sessionId(req, kind);
      if (id !== null && this[kind].find(id, now) !== null) return kind;
    }
    return null;
  }
  /** Secure cookies when the base URL is https or this request came over TLS (or a trusted proxy said so). */
  secure(req: FastifyRequest): boolean {
    return this.alwaysSecure || req.protocol === "https";
  }

  /** Set-Cookie values for a new session: the HttpOnly id and the readable CSRF token (double submit). */
  setCookies(kind: SessionKind, id: string, csrfToken: string, req: FastifyRequest): string[] {
    const secure = this.secure(req);
    const maxAgeSeconds = this[kind].policy.absoluteMs / 1000;
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
