// The newest times the registry has recorded itself, which the clock is judged against (clock-check.ts): the latest
// audit event (every mutation and every read of personal data leaves one) and the newest certificate its PKI has in
// use. Superseded certificates do not count: once a certificate dated in the future is issued again from today's
// clock, the old one no longer says anything about the clock.
import type { IssuedCertificate } from "@elicence/signer";
import type { Store } from "../store/store.js";
import type { ClockReference } from "./clock-check.js";

export async function latestEventReference(store: Store): Promise<ClockReference | null> {
  const head = await store.auditHead();
  if (!head) return null;
  const [event] = await store.readAudit(head.seq - 1, 1);
  if (!event) return null;
  return {
    at: new Date(event.at),
    kind: "event",
    source: `the latest audit event (#${event.seq}, ${event.action})`,
  };
}

/** The newest notBefore among the certificates in use: the latest of each role (and department, and purpose). */
export function pkiReference(issued: readonly IssuedCertificate[]): ClockReference | null {
  const current = new Map<string, IssuedCertificate>();
  for (const c of issued) current.set(`${c.role}|${c.department?.code ?? ""}|${c.purpose ?? ""}`, c);
  let newest: IssuedCertificate | null = null;
  for (const c of current.values())
    if (!newest || Date.parse(c.notBefore) > Date.parse(newest.notBefore)) newest = c;
  if (!newest) return null;
  return {
    at: new Date(newest.notBefore),
    kind: "certificate",
    source: `the ${newest.role} certificate${newest.department ? ` of ${newest.department.code}` : ""} (serial ${newest.serial}) issued`,
  };
}
