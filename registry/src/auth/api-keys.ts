// API keys: `ek_<id>_<secret>` with 128 bits of secret from a CSPRNG. Only SHA-256 of the whole key is stored;
// the id part lets the server find the record without scanning, and the comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiKeyRecord, Role } from "../domain/api-key.js";

const KEY_PATTERN = /^ek_([a-z0-9]{12})_([A-Za-z0-9_-]{22,64})$/;

export function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function mintApiKey(input: {
  role: Role;
  department: string | null;
  label: string | null;
  now: Date;
}): { key: string; record: ApiKeyRecord } {
  const id = randomBytes(9)
    .toString("base64url")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "0")
    .slice(0, 12);
  const key = `ek_${id}_${randomBytes(16).toString("base64url")}`;
  return {
    key,
    record: {
      id,
      hash: hashKey(key),
      role: input.role,
      department: input.department,
      label: input.label,
      createdAt: input.now.toISOString(),
      revokedAt: null,
    },
  };
}

/** The id part of a well-formed key, or null. */
export function keyId(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function keyMatches(key: string, record: ApiKeyRecord): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(record.hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
