// The trust list's sequence number, kept in the PKI state beside what it numbers: every change of the list's contents
// (a seal issued or revoked, a department's licence types changed) gets the next number, so a verifier that has seen
// number n refuses a list numbered below n, however genuine its signature (a rollback to before a revocation).
import { withDirLock } from "./dir-lock.js";
import { readState, writeState } from "./pki-state.js";
import { PkiError } from "./pki-error.js";

/**
 * The sequence for a list whose contents (everything but its times, number and signature) hash to `contentSha256`:
 * the recorded one when they are unchanged, else the next, written under the directory lock so that processes
 * sharing the directory never hand out one number for two different lists.
 */
export async function assignTrustListSequence(dir: string, contentSha256: string): Promise<number> {
  return withDirLock(dir, async () => {
    const state = await readState(dir);
    if (!state) throw new PkiError("SIG_PKI_NOT_FOUND", `No dev PKI in ${dir}.`);
    if (state.trustList?.contentSha256 === contentSha256) return state.trustList.sequence;
    const sequence = (state.trustList?.sequence ?? 0) + 1;
    await writeState(dir, { ...state, trustList: { sequence, contentSha256 } });
    return sequence;
  });
}
