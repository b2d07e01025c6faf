// How a holder proves who they are, as the page sees it: each method draws its own form and ends with a holder
// session opened on the registry. The share code is the one method today; a national login (OIDC) can be added
// beside it (a button that goes to the provider and returns to /holder with the session) without touching the rest.
import type { Bilingual } from "@elicence/core";
import type { ApiClient } from "../common/api-client.js";

/** What POST /api/v1/holder/session (or any later method's sign-in) answers. */
export interface HolderSessionInfo {
  csrfToken: string;
  expiresAt: string;
  holderCode: string;
  /** The registry's HolderAuthenticator.method: "share-code", later e.g. "oidc". */
  method: string;
}

export interface SignInContext {
  api: ApiClient;
  now: () => Date;
  /** The registry opened a session: the page takes over. */
  done(info: HolderSessionInfo): void;
}

export interface MountedMethod {
  /** Redraws in the current language, keeping what was typed. */
  render(): void;
  focus(): void;
}

export interface HolderSignInMethod {
  /** The same name as the registry's authenticator method. */
  readonly id: string;
  readonly title: Bilingual;
  mount(host: HTMLElement, ctx: SignInContext): MountedMethod;
}
