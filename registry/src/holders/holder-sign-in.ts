// A holder's session: whatever HolderAuthenticator proved who they are (a share code today), the session, its
// cookie and its audit events are the same.
import type { Store } from "../store/store.js";
import type { Actor } from "../licences/licence-service.js";
import { writeAudit } from "../sessions/audit-write.js";
import type { CookieSessions } from "../sessions/cookie-sessions.js";
import type { HolderAuthenticator, HolderIdentity } from "./holder-authenticator.js";

export function holderActor(identity: HolderIdentity): string {
  return `holder:${identity.method}:${identity.reference}`;
}

/** The holder as the licence service's actor: reads only their own current licences, unmasked. */
export function holderLicenceActor(identity: HolderIdentity): Actor {
  return { id: holderActor(identity), role: "holder", department: null, holderCode: identity.holderCode };
}

export class HolderSignIn {
  constructor(
    private readonly store: Store,
    private readonly sessions: CookieSessions,
    readonly authenticator: HolderAuthenticator,
    private readonly clock: () => Date,
  ) {}

  async signIn(
    credentials: unknown,
    client: string,
  ): Promise<{ id: string; csrfToken: string; expiresAt: Date; identity: HolderIdentity }> {
    const now = this.clock();
    const identity = await this.authenticator.authenticate(credentials, { now, client });
    const created = this.sessions.holder.create(identity, now);
    try {
      await writeAudit(this.store, {
        actor: holderActor(identity),
        role: "holder",
        department: null,
        action: "holder.login",
        target: created.session.ref,
        holderCode: identity.holderCode,
        purpose: null,
        detail: { method: identity.method, expiresAt: created.expiresAt.toISOString() },
        at: now.toISOString(),
      });
    } catch (e) {
      this.sessions.holder.delete(created.id);
      throw e;
    }
    return { id: created.id, csrfToken: created.csrfToken, expiresAt: created.expiresAt, identity };
  }

  async signOut(sessionId: string): Promise<boolean> {
    const session = this.sessions.holder.delete(sessionId);
    if (!session) return false;
    await writeAudit(this.store, {
      actor: holderActor(session.data),
      role: "holder",
      department: null,
      action: "holder.logout",
      target: session.ref,
      holderCode: session.data.holderCode,
      purpose: null,
      at: this.clock().toISOString(),
    });
    return true;
  }
}
