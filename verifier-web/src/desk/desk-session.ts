// The clerk's desk session as the page knows it: sign in with a clerk key (sent once, never kept), the CSRF token
// the registry returns, who is signed in and when the session will end; sign out. The HttpOnly cookie does the rest.
import type { ApiClient, ApiResult } from "../common/api-client.js";
import { IdleClock } from "../common/idle-clock.js";

export interface ClerkInfo {
  keyId: string;
  label: string | null;
  department: string | null;
  departmentName: string | null;
}

export interface DeskSignedIn {
  csrfToken: string;
  expiresAt: string;
  idleMinutes: number;
  clerk: ClerkInfo;
}

/** Who is signed in, kept for this tab only (sessionStorage) so a reload still names them. Never the key. */
const WHO_KEY = "elicence.desk.who";

interface Kept {
  clerk: ClerkInfo;
  expiresAt: string;
  idleMinutes: number;
}

export class DeskSession {
  who: ClerkInfo | null = null;
  clock: IdleClock | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly storage: Storage | null,
  ) {}

  get signedIn(): boolean {
    return this.who !== null;
  }

  async signIn(key: string, now: () => Date): Promise<ApiResult<DeskSignedIn>> {
    const res = await this.api.json<DeskSignedIn>("POST", "/api/v1/desk/session", { body: { key } });
    if (!res.ok) return res;
    this.api.setCsrf(res.data.csrfToken);
    this.start(
      { clerk: res.data.clerk, expiresAt: res.data.expiresAt, idleMinutes: res.data.idleMinutes },
      now(),
    );
    try {
      this.storage?.setItem(
        WHO_KEY,
        JSON.stringify({
          clerk: res.data.clerk,
          expiresAt: res.data.expiresAt,
          idleMinutes: res.data.idleMinutes,
        } satisfies Kept),
      );
    } catch {
      // Storage refused (private mode): a reload then asks for the key again.
    }
    return res;
  }

  /** After a reload: the session cookie's readable CSRF twin and the kept name mean a session may still be open. */
  restore(now: Date): boolean {
    if (this.api.csrf() === null) return false;
    let kept: Kept | null = null;
    try {
      kept = JSON.parse(this.storage?.getItem(WHO_KEY) ?? "null") as Kept | null;
    } catch {
      kept = null;
    }
    if (!kept?.clerk || typeof kept.idleMinutes !== "number") return false;
    this.start(kept, now);
    return !(this.clock?.ended(now) ?? true);
  }

  async signOut(): Promise<void> {
    if (this.signedIn) await this.api.empty("DELETE", "/api/v1/desk/session", { session: true });
    this.forget();
  }

  /** Drops what the page knows of the session (it ended on the server, or the clerk signed out). */
  forget(): void {
    this.who = null;
    this.clock = null;
    this.api.setCsrf(null);
    try {
      this.storage?.removeItem(WHO_KEY);
    } catch {
      // Nothing kept, nothing to remove.
    }
  }

  private start(kept: Kept, now: Date): void {
    this.who = kept.clerk;
    const end = new Date(kept.expiresAt);
    this.clock = new IdleClock(kept.idleMinutes * 60_000, Number.isNaN(end.getTime()) ? null : end, now);
  }
}
