// One-time share codes a department hands a holder so that they can see their own licences and access log. Only a
// slow, holder-salted hash of the code is stored; the code itself is shown once, when it is created.

export interface ShareCodeRecord {
  /** Random public id, used as the audit target and to mark the code used. */
  id: string;
  /** The holder the code opens: a citizen ID number or a unified social credit code. */
  holderCode: string;
  /** Hex scrypt of the normalised code, salted with the holder code (see registry/src/holders/share-code.ts). */
  codeHash: string;
  /** USCC of the department whose staff handed the code out, when the creator has one. */
  department: string | null;
  /** Key id of whoever created it. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** Set once, when the holder signs in with it; a used code never opens anything again. */
  usedAt: string | null;
}
