// Signing in at the window desk (clerk key) or the issuing office (issuer key): the key is checked once, here, and
// exchanged for a session cookie, so the browser never keeps the key. Sign-in and sign-out are audited as the key
// (desk.login / desk.logout, issuer.login / issuer.logout).
import type { ApiKeyRecord, Role } from "../domain/api-key.js";
import { keyId, keyMatches } from "../auth/api-keys.js";
import { RegistryError } from "../errors.js";
import type { Store } from "../store/store.js";
import { AttemptLimiter } from "./attempt-limiter.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { writeAudit } from "./audit-write.js";
import type { CookieSessions, StaffKind } from "./cookie-sessions.js";
import { RateLimitedError } from "./rate-limited.js";

export interface StaffSignedIn {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  key: ApiKeyRecord;
}

const PLACES: Record<StaffKind, { role: Role; place: string }> = {
  desk: { role: "clerk", place: "at the window desk" },
  issuer: { role: "issuer", place: "at the issuing office" },
};

export class StaffSignIn {
  constructor(
    private readonly kind: StaffKind,
    private readonly store: Store,
    private readonly sessions: CookieSessions,
    private readonly clock: () => Date,
    /** Failed sign-ins per client address. */
    private readonly limiter = new AttemptLimiter(
      DEFAULT_LIMITS.deskSignInFailuresPerAddress,
      DEFAULT_LIMITS.signInWindowMinutes * 60_000,
    ),
  ) {}

  async signIn(rawKey: string, client: string): Promise<StaffSignedIn> {
    const now = this.clock();
    const { role, place } = PLACES[this.kind];
    const wait = this.limiter.retryAfter(client, now);
    if (wait > 0) throw new RateLimitedError(wait, "sign-ins from this address");
    const key = rawKey.trim();
    const id = keyId(key);
    const rec = id ? await this.store.getKey(id) : null;
    if (!rec || !keyMatches(key, rec)) {
      this.limiter.fail(client, now);
      throw new RegistryError(
        "REG_UNAUTHENTICATED",
        `This key is not known; check it was copied whole (ek_…), or ask an administrator for a${role === "issuer" ? "n" : ""} ${role} key.`,
      );
    }
    if (rec.revokedAt) {
      this.limiter.fail(client, now);
      throw new RegistryError(
        "REG_KEY_REVOKED",
        `This key was revoked at ${rec.revokedAt}; ask an administrator for a new one.`,
      );
    }
    if (rec.role !== role)
      throw new RegistryError(
        "REG_FORBIDDEN",
        `Only ${role} keys sign in ${place}; a ${rec.role} key is used ${rec.role === "clerk" ? "at the window desk (/desk) or " : rec.role === "issuer" ? "at the issuing office (/issue) or " : ""}with the API (Authorization: Bearer).`,
      );
    this.limiter.reset(client);
    const data = { keyId: rec.id, department: rec.department };
    const created =
      this.kind === "desk"
        ? this.sessions.desk.create({ ...data, applicant: null }, now)
        : this.sessions.issuer.create(data, now);
    try {
      await writeAudit(this.store, {
        actor: rec.id,
        role: rec.role,
        department: rec.department,
        action: `${this.kind}.login`,
        target: created.session.ref,
        holderCode: null,
        purpose: null,
        detail: { expiresAt: created.expiresAt.toISOString() },
        at: now.toISOString(),
      });
    } catch (e) {
      this.sessions[this.kind].delete(created.id);
      throw e;
    }
    return { id: created.id, csrfToken: created.csrfToken, expiresAt: created.expiresAt, key: rec };
  }

  /** Ends the session with this cookie id, if it is live; true when one was ended (and audited). */
  async signOut(sessionId: string, key: ApiKeyRecord): Promise<boolean> {
    const session = this.sessions[this.kind].delete(sessionId);
    if (!session) return false;
    await writeAudit(this.store, {
      actor: key.id,
      role: key.role,
      department: key.department,
      action: `${this.kind}.logout`,
      target: session.ref,
      holderCode: null,
      purpose: null,
      at: this.clock().toISOString(),
    });
    return true;
  }
}
