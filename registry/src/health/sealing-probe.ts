// Readiness check "sealing": degraded while licence versions that cannot be sealed are parked (licences/
// sealing-failures.ts). The registry still serves, and every other licence is sealed, but someone must look: the
// answer names how many and the first few identifiers (never a holder), and what to do.
import { DETAIL_CODES } from "../errors.js";
import type { Store } from "../store/store.js";
import type { Probe } from "./readiness.js";

/** Identifiers named in the answer; /metrics (elicence_sealing_parked) and the log have the full count and each one. */
const NAMED = 3;

export function sealingProbe(store: Pick<Store, "countSealingParked" | "findSealingParked">): Probe {
  return async () => {
    // Only versions no amendment or renewal replaced: a replaced one needs nobody.
    let n: number;
    try {
      n = await store.countSealingParked({ current: true });
    } catch {
      // The store check reports the store itself; this one only says it cannot tell.
      return {
        state: "degraded",
        code: "REG_STORE_UNREACHABLE",
        message: "the parked licence versions cannot be counted: the store does not answer",
      };
    }
    if (n === 0) return { state: "ok" };
    const first = (await store.findSealingParked(NAMED, { current: true })).map((r) => r.identifier);
    return {
      state: "degraded",
      code: "REG_SEALING_PARKED",
      message: `${n} licence version${n === 1 ? "" : "s"} cannot be sealed and ${n === 1 ? "is" : "are"} parked (${first.join(", ")}${n > first.length ? ", …" : ""}); the others are sealed as usual. ${DETAIL_CODES.REG_SEALING_PARKED}`,
    };
  };
}
