// Handing out a share code: a clerk at the window desk creates one for the applicant in front of them (see
// sessions/desk-applicant.ts), with a stated purpose, so the holder can see their licences and who looked them up. The
// code is returned once; the store keeps its hash, its expiry (7 days) and, later, its use. The creation is a read of
// personal data in effect (the code opens the holder's unmasked licences), so it shows in the holder's access log.
import { randomBytes } from "node:crypto";
import { seesPersonalData } from "../auth/policy.js";
import type { ShareCodeRecord } from "../domain/share-code.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { requirePurpose } from "../domain/purpose.js";
import { maskHolderCode } from "@elicence/core";
import type { Actor } from "../licences/licence-service.js";
import type { Store } from "../store/store.js";
import { formatShareCode, hashShareCode, newShareCode } from "./share-code.js";

export const SHARE_CODE_TTL_MS = 7 * 86_400_000;

export interface CreatedShareCode {
  /** Shown once: e.g. 7KQ2M-X9D4T. */
  shareCode: string;
  /** Masked for roles that see personal data masked. */
  holderCode: string;
  expiresAt: string;
  singleUse: true;
}

export class ShareCodes {
  constructor(
    private readonly store: Store,
    /** Normalises and validates the holder code from the URL (did-you-mean in the error details). */
    private readonly parseHolder: (raw: string, field: string) => { code: string; codeType: "111" | "001" },
    private readonly clock: () => Date,
  ) {}

  /**
   * `admit` is asked, once the holder code is known, whether this caller may hand this holder a code (the desk's
   * applicant rule); it throws when not.
   */
  async create(
    actor: Actor,
    rawHolderCode: string,
    rawPurpose: unknown,
    admit: (holderCode: string) => void,
  ): Promise<CreatedShareCode> {
    // Every problem with the request at once: the holder code and the purpose.
    const details: ErrorDetail[] = [];
    let holder: { code: string; codeType: "111" | "001" } | null = null;
    let purpose = "";
    try {
      holder = this.parseHolder(rawHolderCode, "code");
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      details.push(...e.details);
    }
    try {
      purpose = requirePurpose(rawPurpose);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      details.push(...e.details);
    }
    if (details.length > 0 || holder === null)
      throw new RegistryError(
        details.some((d) => d.field === "purpose") ? "REG_PURPOSE_REQUIRED" : "REG_VALIDATION_FAILED",
        undefined,
        details,
      );
    admit(holder.code);
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + SHARE_CODE_TTL_MS).toISOString();
    // A clash of random ids or codes is next to impossible; if it happens, mint again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const code = newShareCode();
      const record: ShareCodeRecord = {
        id: `sc_${randomBytes(12).toString("base64url")}`,
        holderCode: holder.code,
        codeHash: await hashShareCode(code, holder.code),
        department: actor.department,
        createdBy: actor.id,
        createdAt: now.toISOString(),
        expiresAt,
        usedAt: null,
      };
      const r = await this.store.apply({
        insertShareCodes: [record],
        audit: [
          {
            actor: actor.id,
            role: actor.role,
            department: actor.department,
            action: "holder.share-code.create",
            target: record.id,
            holderCode: holder.code,
            purpose,
            detail: { expiresAt },
            at: now.toISOString(),
          },
        ],
      });
      if (r.ok)
        return {
          shareCode: formatShareCode(code),
          holderCode:
            actor.role === "system" || (actor.role !== "holder" && seesPersonalData(actor.role))
              ? holder.code
              : maskHolderCode(holder.code, holder.codeType),
          expiresAt,
          singleUse: true,
        };
      if (r.conflict !== "duplicate") break;
    }
    throw new RegistryError("REG_INTERNAL", "The share code could not be stored; try again.");
  }
}
