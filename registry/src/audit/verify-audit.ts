// Recomputes the whole audit chain from the store, page by page; reports the first event that breaks it.
import type { Store } from "../store/store.js";
import { checkEvent, type ChainBreak } from "./audit-chain.js";

export interface AuditVerification {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string } | null;
  firstBreak?: ChainBreak;
}

export async function verifyAuditChain(store: Store, pageSize = 2000): Promise<AuditVerification> {
  let prev: { seq: number; hash: string } | null = null;
  let events = 0;
  for (;;) {
    const page = await store.readAudit(prev?.seq ?? 0, pageSize);
    if (page.length === 0) break;
    for (const e of page) {
      const broken = checkEvent(prev, e);
      if (broken) return { ok: false, events, head: prev, firstBreak: broken };
      prev = { seq: e.seq, hash: e.hash };
      events++;
    }
  }
  // The stored head must be the last event walked: a truncated tail with a rewritten head is caught here.
  const head = await store.auditHead();
  if ((head?.seq ?? 0) !== (prev?.seq ?? 0) || (head && prev && head.hash !== prev.hash))
    return {
      ok: false,
      events,
      head: prev,
      firstBreak: {
        seq: head?.seq ?? 0,
        problem: "seq-gap",
        message: "the log's head does not match the last event in sequence",
      },
    };
  return { ok: true, events, head: prev };
}
