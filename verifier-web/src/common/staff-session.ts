// A staff session as the page knows it (the window desk's clerk, the issuing office's issuer): sign in with a key
// (sent once, never kept), the CSRF token the registry returns, who is signed in and when the session will end; sign
// out. The HttpOnly cookie does the rest.
import type { ApiClient, ApiResult } from "./api-client.js";
import { IdleClock } from "./idle-clock.js";

export interface StaffInfo {
  keyId: string;
  label: string | null;
  department: string | null;
  departmentName: string | null;
}

/** The sign-in answer: the person under their role's name (`clerk`, `issuer`). */
export type StaffSignedIn = { csrfToken: string; expiresAt: string; idleMinutes: number } & Record<
  string,
  unknown
>;

export interface StaffPlace {
  /** POST to sign in, DELETE to sign out. */
  url: string;
  /** The answer's field naming the person: clerk, issuer. */
  role: "clerk" | "issuer";
  /** sessionStorage key for who is signed in (this tab only, so a reload still names them). Never the key. */
  whoKey: string;
}

export const DESK_PLACE: StaffPlace = {
  url: "/api/v1/desk/session",
  role: "clerk",
  whoKey: "elicence.desk.who",
};
export const ISSUER_PLACE: StaffPlace = {
  url: "/api/v1/issuer/session",
  role: "issuer",
  whoKey: "elicence.issuer.who",
};

interface Kept {
  who: StaffInfo;
  expiresAt: string;
  idleMinutes: number;
}

/** This tab's sessionStorage, or null where the browser refuses it (then a reload asks who is signed in again). */
export function tabStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export class StaffSession {
  who: StaffInfo | null = null;
  clock: IdleClock | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly storage: Storage | null,
    private readonly place: StaffPlace,
  ) {}

  get signedIn(): boolean {
    return this.who !== null;
  }

  async signIn(key: string, now: () => Date): Promise<ApiResult<StaffSignedIn>> {
    const res = await this.api.json<StaffSignedIn>("POST", this.place.url, { body: { key } });
    if (!res.ok) return res;
    this.api.setCsrf(res.data.csrfToken);
    const kept: Kept = {
      who: res.data[this.place.role] as StaffInfo,
      expiresAt: res.data.expiresAt,
      idleMinutes: res.data.idleMinutes,
    };
    this.start(kept, now());
    try {
      this.storage?.setItem(this.place.whoKey, JSON.stringify(kept));
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
      kept = JSON.parse(this.storage?.getItem(this.place.whoKey) ?? "null") as Kept | null;
    } catch {
      kept = null;
    }
    if (!kept?.who || typeof kept.idleMinutes !== "number") return false;
    this.start(kept, now);
    return !(this.clock?.ended(now) ?? true);
  }

  async signOut(): Promise<void> {
    if (this.signedIn) await this.api.empty("DELETE", this.place.url, { session: true });
    this.forget();
  }

  /** Drops what the page knows of the session (it ended on the server, or the person signed out). */
  forget(): void {
    this.who = null;
    this.clock = null;
    this.api.setCsrf(null);
    try {
      this.storage?.removeItem(this.place.whoKey);
    } catch {
      // Nothing kept, nothing to remove.
    }
  }

  private start(kept: Kept, now: Date): void {
    this.who = kept.who;
    const end = new Date(kept.expiresAt);
    this.clock = new IdleClock(kept.idleMinutes * 60_000, Number.isNaN(end.getTime()) ? null : end, now);
  }
}
