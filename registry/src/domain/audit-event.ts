// Audit events: one per mutation and per read of personal data, hash-chained (see registry/src/audit/).

export interface AuditEventInput {
  /** Key id of the caller, or "system" / "cli:<user>" for local actions. */
  actor: string;
  role: string;
  /** USCC of the caller's department, when it has one. */
  department: string | null;
  /** Dotted verb: licence.issue, licence.revoke, holder.lookup, materials.check, key.create, … */
  action: string;
  /** What was acted on: a licence identifier, holder code, key id … */
  target: string;
  /** Holder code whose personal data was read or changed: feeds the holder's access log. */
  holderCode: string | null;
  /** Stated purpose (用证事由) or reason. */
  purpose: string | null;
  /** Small structured detail; never secrets. */
  detail?: Record<string, unknown>;
  /** ISO timestamp. */
  at: string;
}

export interface AuditEvent extends AuditEventInput {
  /** 1-based position in the log; dense, never reused. */
  seq: number;
  /** Hex SHA-256 of this event's canonical form, domain-separated as an RFC 6962 Merkle leaf. */
  leafHash: string;
  /** Hex chain hash of the previous event (64 zeros for the first). */
  prevHash: string;
  /** Hex SHA-256(prevHash ‖ leafHash): the chain; the leaf hashes alone can feed a Merkle log later. */
  hash: string;
}
