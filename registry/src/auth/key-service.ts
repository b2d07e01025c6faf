// Creating, listing and revoking API keys, from the CLI or the admin API; every change is audited.
import { ROLES, type ApiKeyRecord, type Role } from "../domain/api-key.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { parseCreditCode } from "@elicence/core";
import type { Store } from "../store/store.js";
import { mintApiKey } from "./api-keys.js";

export interface KeyActor {
  id: string;
  role: string;
  department: string | null;
}

export type PublicKeyRecord = Omit<ApiKeyRecord, "hash">;

export function publicKey(r: ApiKeyRecord): PublicKeyRecord {
  const { hash: _hash, ...rest } = r;
  return rest;
}

export class KeyService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async create(
    actor: KeyActor,
    input: { role: string; department?: string | null; label?: string | null },
  ): Promise<{ key: string; record: PublicKeyRecord }> {
    const details: ErrorDetail[] = [];
    if (!ROLES.includes(input.role as Role))
      details.push({
        field: "role",
        code: "REG_ROLE_UNKNOWN",
        message: `role must be one of ${ROLES.join(", ")}`,
      });
    let department: string | null = null;
    if (input.department) {
      const p = parseCreditCode(input.department);
      if (!p.ok)
        for (const e of p.errors)
          details.push({
            field: "department",
            code: e.code,
            message: e.message,
            ...(e.suggestion ? { suggestion: e.suggestion } : {}),
          });
      else department = p.value.code;
    } else if (input.role === "issuer" || input.role === "clerk") {
      details.push({
        field: "department",
        code: "REG_DEPARTMENT_REQUIRED",
        message: `a ${input.role} key acts for a department: give its unified social credit code (--department)`,
      });
    }
    const label = input.label?.trim() || null;
    if (label && label.length > 100)
      details.push({
        field: "label",
        code: "REG_FIELD_TOO_LONG",
        message: "label is at most 100 characters",
      });
    if (details.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);

    const now = this.clock();
    const { key, record } = mintApiKey({ role: input.role as Role, department, label, now });
    const r = await this.store.apply({
      insertKeys: [record],
      audit: [
        {
          actor: actor.id,
          role: actor.role,
          department: actor.department,
          action: "key.create",
          target: record.id,
          holderCode: null,
          purpose: null,
          detail: { role: record.role, department, label },
          at: now.toISOString(),
        },
      ],
    });
    if (!r.ok) throw new RegistryError("REG_CONCURRENT_CHANGE", "The key could not be stored; try again.");
    return { key, record: publicKey(record) };
  }

  async list(): Promise<PublicKeyRecord[]> {
    return (await this.store.listKeys()).map(publicKey);
  }

  async revoke(actor: KeyActor, id: string, reason: string): Promise<PublicKeyRecord> {
    const rec = await this.store.getKey(id);
    if (!rec)
      throw new RegistryError(
        "REG_NOT_FOUND",
        `No API key has the id ${id}; \`elicence keys list\` shows them.`,
      );
    if (rec.revokedAt) return publicKey(rec);
    const now = this.clock().toISOString();
    const r = await this.store.apply({
      revokeKeys: [{ id, revokedAt: now }],
      audit: [
        {
          actor: actor.id,
          role: actor.role,
          department: actor.department,
          action: "key.revoke",
          target: id,
          holderCode: null,
          purpose: reason,
          at: now,
        },
      ],
    });
    if (!r.ok) throw new RegistryError("REG_CONCURRENT_CHANGE", "The key could not be revoked; try again.");
    return publicKey({ ...rec, revokedAt: now });
  }
}
