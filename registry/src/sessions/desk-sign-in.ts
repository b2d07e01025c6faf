// Signing in at the window desk with a clerk key: the key is checked once, here, and exchanged for a session cookie,
// so the browser never keeps the key. Sign-in and sign-out are audited as the clerk's key.
import type { ApiKeyRecord } from "../domain/api-key.js";
import { keyId, keyMatches } from "../auth/api-keys.js";
import { RegistryError } from "../errors.js";
import type { Store } from "../store/store.js";
import { AttemptLimiter } from "./attempt-limiter.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { writeAudit } from "./audit-write.js";
import type { CookieSessions } from "./cookie-sessions.js";
import { RateLimitedError } from "./rate-limited.js";

export interface DeskSignedIn {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  key: ApiKeyRecord;
}

export class DeskSignIn {
  constructor(
    private readonly store: Store,
    private readonly sessions: CookieSessions,
    private readonly clock: () => Date,
    /** Failed sign-ins per client address. */
    private readonly limiter = new AttemptLimiter(
      DEFAULT_LIMITS.deskSignInFailuresPerAddress,
      DEFAULT_LIMITS.signInWindowMinutes * 60_000,
    ),
  ) {}

  async signIn(rawKey: string, client: string): Promise<DeskSignedIn> {
    const now = this.clock();
    const wait = this.limiter.retryAfter(client, now);
    if (wait > 0) throw new RateLimitedError(wait, "sign-ins from this address");
    const key = rawKey.trim();
    const id = keyId(key);
    const rec = id ? await this.store.getKey(id) : null;
    if (!rec || !keyMatches(key, rec)) {
      this.limiter.fail(client, now);
      throw new RegistryError(
        "REG_UNAUTHENTICATED",
        "This key is not known; check it was copied whole (ek_…), or ask an administrator for a clerk key.",
      );
    }
    if (rec.revokedAt) {
      this.limiter.fail(client, now);
      throw new RegistryError(
        "REG_KEY_REVOKED",
        `This key was revoked at ${rec.revokedAt}; ask an administrator for a new one.`,
      );
    }
    if (rec.role !== "clerk")
      throw new RegistryError(
        "REG_FORBIDDEN",
        `Only clerk keys sign in at the window desk; a ${rec.role} key is used with the API (Authorization: Bearer).`,
      );
    this.limiter.reset(client);
    const created = this.sessions.desk.create(
      { keyId: rec.id, department: rec.department, applicant: null },
      now,
    );
    try {
      await writeAudit(this.store, {
        actor: rec.id,
        role: rec.role,
        department: rec.department,
        action: "desk.login",
        target: created.session.ref,
        holderCode: null,
        purpose: null,
        detail: { expiresAt: created.expiresAt.toISOString() },
        at: now.toISOString(),
      });
    } catch (e) {
      this.sessions.desk.delete(created.id);
      throw e;
    }
    return { id: created.id, csrfToken: created.csrfToken, expiresAt: created.expiresAt, key: rec };
  }

  /** Ends the session with this cookie id, if it is live; true when one was ended (and audited). */
  async signOut(sessionId: string, key: ApiKeyRecord): Promise<boolean> {
    const session = this.sessions.desk.delete(sessionId);
    if (!session) return false;
    await writeAudit(this.store, {
      actor: key.id,
      role: key.role,
      department: key.department,
      action: "desk.logout",
      target: session.ref,
      holderCode: null,
      purpose: null,
      at: this.clock().toISOString(),
    });
    return true;
  }
}
