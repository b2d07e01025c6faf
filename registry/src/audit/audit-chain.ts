// The audit log's hash chain. Each event gets a Merkle-style leaf hash (RFC 6962: SHA-256(0x00 ‖ entry)) and a
// chain hash SHA-256(prevHash ‖ leafHash). The leaf hashes let a Merkle log with signed checkpoints follow later
// without rewriting history; the chain alone already exposes any edit, deletion or reordering.
import { createHash } from "node:crypto";
import type { AuditEvent, AuditEventInput } from "../domain/audit-event.js";
import { canonicalJson } from "./canonical-json.js";

export const GENESIS_HASH = "0".repeat(64);

/** The fields a leaf hash covers: everything about the event except the hashes themselves. */
export function auditLeafHash(seq: number, input: AuditEventInput): string {
  const entry = canonicalJson({
    seq,
    actor: input.actor,
    role: input.role,
    department: input.department,
    action: input.action,
    target: input.target,
    holderCode: input.holderCode,
    purpose: input.purpose,
    detail: input.detail ?? null,
    at: input.at,
  });
  return createHash("sha256")
    .update(Buffer.from([0]))
    .update(entry, "utf8")
    .digest("hex");
}

export function auditChainHash(prevHash: string, leafHash: string): string {
  return createHash("sha256")
    .update(Buffer.from(prevHash + leafHash, "hex"))
    .digest("hex");
}

/** Builds the stored event that follows `prev` (null for the first event of the log). */
export function chainEvent(prev: { seq: number; hash: string } | null, input: AuditEventInput): AuditEvent {
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev ? prev.hash : GENESIS_HASH;
  const leafHash = auditLeafHash(seq, input);
  return { ...input, seq, leafHash, prevHash, hash: auditChainHash(prevHash, leafHash) };
}

export type ChainBreak = {
  seq: number;
  problem: "seq-gap" | "prev-hash-mismatch" | "leaf-hash-mismatch" | "hash-mismatch";
  message: string;
};

/** Checks one stored event against its predecessor; returns the first problem found, or null. */
export function checkEvent(prev: { seq: number; hash: string } | null, event: AuditEvent): ChainBreak | null {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  if (event.seq !== expectedSeq)
    return {
      seq: event.seq,
      problem: "seq-gap",
      message: `expected event #${expectedSeq}, found #${event.seq}: events were removed or reordered`,
    };
  const expectedPrev = prev ? prev.hash : GENESIS_HASH;
  if (event.prevHash !== expectedPrev)
    return {
      seq: event.seq,
      problem: "prev-hash-mismatch",
      message: `event #${event.seq} does not point at the hash of event #${expectedSeq - 1}`,
    };
  if (auditLeafHash(event.seq, event) !== event.leafHash)
    return {
      seq: event.seq,
      problem: "leaf-hash-mismatch",
      message: `event #${event.seq} was changed after it was written (its content no longer matches its hash)`,
    };
  if (auditChainHash(event.prevHash, event.leafHash) !== event.hash)
    return {
      seq: event.seq,
      problem: "hash-mismatch",
      message: `event #${event.seq} carries a chain hash that does not follow from its content`,
    };
  return null;
}
