// How a holder proves who they are before seeing their own licences and access log. Pluggable: the share code a
// department hands out is one implementation; a national login (OIDC, with the ID number as a verified claim) can
// replace it by producing the same HolderIdentity, after which the session and the routes are the same.

export interface HolderIdentity {
  /** The holder's code, normalised: citizen ID number or unified social credit code. */
  holderCode: string;
  codeType: "111" | "001";
  /** How they proved it: "share-code", later e.g. "oidc". */
  method: string;
  /** What proved it (the share code's id, an OIDC subject), for the audit log. Never a secret. */
  reference: string;
}

export interface HolderAuthenticator {
  readonly method: string;
  /**
   * Checks the credentials and returns who the holder is, or throws a RegistryError (422 for a malformed request,
   * 401 REG_SHARE_CODE_INVALID or the method's own refusal, 429 when too many attempts failed). Any one-time
   * credential is consumed here, atomically with its audit event.
   */
  authenticate(credentials: unknown, context: { now: Date; client: string }): Promise<HolderIdentity>;
}
