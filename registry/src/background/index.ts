// Public surface of the registry's background work: the one sealing loop (serve and `elicence import`), the sealer
// pool an import seals with, and serve's timers.
export {
  PrefetchingSealer,
  sealInBackground,
  type BackgroundSealingOptions,
  type SealingLog,
  type SealingSummary,
} from "./seal-pending-loop.js";
export { openBackgroundSealer, type BackgroundSealer } from "./background-sealer.js";
export { BackgroundWork, type BackgroundWorkOptions } from "./background-work.js";
