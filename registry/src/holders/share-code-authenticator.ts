// The share-code HolderAuthenticator: holder code + one-time share code → the holder's identity. The code is marked
// used in the same store batch as its audit event, so two sign-ins racing with one code cannot both succeed.
// Failures are counted per (holder, client address) and per client address: a 50-bit code cannot be guessed online,
// and nobody can lock a holder out by failing on purpose from their own address (the holder's address has its own
// count). Guessing from many addresses at once still needs ~2^50 tries.
import { RegistryError, type ErrorDetail } from "../errors.js";
import type { Store } from "../store/store.js";
import { AttemptLimiter } from "../sessions/attempt-limiter.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { RateLimitedError } from "../sessions/rate-limited.js";
import type { HolderAuthenticator, HolderIdentity } from "./holder-authenticator.js";
import { hashShareCode, normaliseShareCode } from "./share-code.js";

export interface ShareCodeCredentials {
  holderCode: string;
  shareCode: string;
}

export class ShareCodeAuthenticator implements HolderAuthenticator {
  readonly method = "share-code";

  constructor(
    private readonly store: Store,
    private readonly parseHolder: (raw: string, field: string) => { code: string; codeType: "111" | "001" },
    private readonly perHolderClient = new AttemptLimiter(
      DEFAULT_LIMITS.shareCodeFailuresPerHolder,
      DEFAULT_LIMITS.signInWindowMinutes * 60_000,
    ),
    private readonly perClient = new AttemptLimiter(
      DEFAULT_LIMITS.shareCodeFailuresPerAddress,
      DEFAULT_LIMITS.signInWindowMinutes * 60_000,
    ),
  ) {}

  async authenticate(credentials: unknown, context: { now: Date; client: string }): Promise<HolderIdentity> {
    const { holderCode, shareCode } = credentials as ShareCodeCredentials;
    const details: ErrorDetail[] = [];
    let holder: { code: string; codeType: "111" | "001" } | null = null;
    try {
      holder = this.parseHolder(holderCode, "holderCode");
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      details.push(...e.details);
    }
    const code = normaliseShareCode(shareCode);
    if (code === null)
      details.push({
        field: "shareCode",
        code: "REG_FIELD_FORMAT",
        message: "a share code is 10 letters and digits, e.g. 7KQ2M-X9D4T (there is no I, L, O or U)",
      });
    if (details.length > 0 || !holder || code === null)
      throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);

    const { now, client } = context;
    const holderKey = `holder:${holder.code}|client:${client}`;
    const clientKey = `client:${client}`;
    const wait = Math.max(
      this.perHolderClient.retryAfter(holderKey, now),
      this.perClient.retryAfter(clientKey, now),
    );
    if (wait > 0) throw new RateLimitedError(wait, "share-code sign-ins");
    const refuse = (message?: string): never => {
      this.perHolderClient.fail(holderKey, now);
      this.perClient.fail(clientKey, now);
      throw new RegistryError("REG_SHARE_CODE_INVALID", message);
    };

    const rec = await this.store.getShareCode(holder.code, await hashShareCode(code, holder.code));
    if (!rec) return refuse();
    const used = () =>
      refuse(
        `This share code was already used${rec.usedAt ? ` at ${rec.usedAt}` : ""}; a share code works once. Ask the department for a new one.`,
      );
    if (rec.usedAt !== null) return used();
    const at = now.toISOString();
    if (rec.expiresAt <= at)
      return refuse(`This share code expired at ${rec.expiresAt}; ask the department for a new one.`);
    const r = await this.store.apply({
      useShareCodes: [{ id: rec.id, usedAt: at }],
      audit: [
        {
          actor: `share-code:${rec.id}`,
          role: "holder",
          department: rec.department,
          action: "holder.share-code.use",
          target: rec.id,
          holderCode: holder.code,
          purpose: null,
          at,
        },
      ],
    });
    if (!r.ok) return used();
    this.perHolderClient.reset(holderKey);
    return { holderCode: holder.code, codeType: holder.codeType, method: this.method, reference: rec.id };
  }
}
