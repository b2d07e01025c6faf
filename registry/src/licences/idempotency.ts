// Idempotent mutations: the key, the request's hash and the response are stored in the same transaction as the
// change, so a retry gets the stored response and a crash can never leave a change without its key or vice versa.
import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonical-json.js";
import { RegistryError } from "../errors.js";
import type { ApplyResult, IdempotencyRecord, Store, WriteBatch } from "../store/store.js";

export interface IdempotencyInput {
  key: string;
  requestHash: string;
}

export interface MutationResult<T> {
  status: number;
  body: T;
  /** True when the response is the stored answer to an earlier identical request. */
  replayed: boolean;
}

export interface PlannedMutation<T> {
  batch: WriteBatch;
  status: number;
  body: T;
  /** Work to do once the batch is durably stored (e.g. counting); not run on replay. */
  after?: () => void;
}

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;

export function validIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function requestHash(method: string, route: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method} ${route}\n${canonicalJson(body ?? null)}`, "utf8")
    .digest("hex");
}

function replay<T>(existing: IdempotencyRecord, hash: string): MutationResult<T> {
  if (existing.requestHash !== hash) throw new RegistryError("REG_IDEMPOTENCY_KEY_REUSED");
  return { status: existing.status, body: existing.body as T, replayed: true };
}

/**
 * Runs `plan` (which reads current state and returns the batch to write) and applies it atomically.
 * Revision and duplicate conflicts re-plan: a concurrent change is re-read and the state machine re-checked.
 */
export async function runMutation<T>(
  store: Store,
  scope: string,
  idem: IdempotencyInput | null,
  plan: () => Promise<PlannedMutation<T>>,
  now: () => Date,
): Promise<MutationResult<T>> {
  if (idem) {
    const existing = await store.getIdempotency(scope, idem.key);
    if (existing) return replay<T>(existing, idem.requestHash);
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const planned = await plan();
    const batch: WriteBatch = idem
      ? {
          ...planned.batch,
          idempotency: {
            scope,
            key: idem.key,
            requestHash: idem.requestHash,
            status: planned.status,
            body: planned.body,
            createdAt: now().toISOString(),
          },
        }
      : planned.batch;
    const result: ApplyResult = await store.apply(batch);
    if (result.ok) {
      planned.after?.();
      return { status: planned.status, body: planned.body, replayed: false };
    }
    if (result.conflict === "idempotency") return replay<T>(result.existing, idem?.requestHash ?? "");
  }
  throw new RegistryError("REG_CONCURRENT_CHANGE");
}
