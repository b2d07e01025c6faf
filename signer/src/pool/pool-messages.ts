// The messages a sealing pool and its workers exchange (structured clone; sealed bytes travel as a transferred buffer).
import type { SealLicenceInput, SealedLicence } from "../licence-sealer.js";
import type { SerializedError } from "./sealing-pool-error.js";

export type { SerializedError };

/** What each worker is given once, at start (workerData). */
export interface SealingWorkerConfig {
  /** Directory of an existing dev PKI (normally <data>/pki). */
  pkiDir: string;
  /** Passphrase of the PKI's FileKeyStore (keys in <pkiDir>/keys). */
  passphrase: string;
  templatesDir: string;
  /** The fallback font (useFallbackFont, ELICENCE_FALLBACK_FONT), or absent for the licence font alone. */
  fallbackFont?: string;
  /** As LicenceSealerOptions.tsaUrl: undefined = the PKI's own TSA, null = no timestamp (B-B). */
  tsaUrl?: string | null;
  timestampTimeoutMs?: number;
  /** Type codes whose templates are loaded before the worker reports ready. */
  preloadTypes: string[];
  /** Period (ms) of the worker's heap sampling for peakHeapMb. */
  memorySampleMs: number;
  /** Synthetic documents sealed (and discarded) per preloaded template before the worker reports ready. */
  warmUp?: { perTemplate: number; now: Date };
}

export type SealJob = SealLicenceInput;

/** A sealed licence as it arrives from a worker, with the worker's own timing. */
export interface PooledSeal extends SealedLicence {
  /** threadId of the worker that sealed it. */
  workerId: number;
  /** Wall milliseconds the worker spent on this job (rendering, signing, timestamp). */
  ms: number;
}

export interface WorkerStats {
  workerId: number;
  jobs: number;
  /** Warm-up documents sealed at start (not counted in jobs); failed warm-up seals are skipped, not counted. */
  warmUpJobs: number;
  /** Heap of this worker's isolate now and at its peak (sampled), in MB. */
  heapUsedMb: number;
  peakHeapMb: number;
  /** RSS of the whole process (threads share it), as seen from the worker. */
  processMaxRssMb: number;
  /** Share of the worker's time spent running code since it started (0–1). */
  utilization: number;
}

export type ToWorker =
  { type: "seal"; id: number; job: SealJob } | { type: "stats"; id: number } | { type: "close" };

export type FromWorker =
  | { type: "ready" }
  | { type: "start-failed"; error: SerializedError }
  | {
      type: "sealed";
      id: number;
      buffer: ArrayBuffer;
      result: Omit<PooledSeal, "bytes">;
    }
  | { type: "failed"; id: number; error: SerializedError }
  | { type: "stats"; id: number; stats: WorkerStats };
