// The sealer the background-sealing loop uses in a command-line import: the signer's pool of worker threads (every
// core) when the e-seal keys are files, else the in-process sealer (a PKCS#11 token is opened once, in this thread).
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { SealingPool } from "@elicence/signer";
import type { Catalogue } from "../catalogue/index.js";
import type { RegistryConfig } from "../config.js";
import { DocumentStore } from "../documents/document-store.js";
import { RegistryDocumentSealer } from "../signing/document-sealer.js";
import { openSigning } from "../signing/signing-runtime.js";
import type { SettleOptions } from "../public-url/base-url-record.js";
import { PrefetchingSealer } from "./seal-pending-loop.js";

/**
 * Warm-up documents each pool worker seals at start, shared among the preloaded types: a cold worker's first 20–40
 * documents cost 2–3× a warm one.
 */
const WARM_UP_PER_WORKER = 32;

export interface BackgroundSealer {
  sealer: PrefetchingSealer;
  /** Threads sealing: the pool's size, or 1 in process. */
  threads: number;
  kind: "pool" | "in-process";
  close(): Promise<void>;
}

export async function openBackgroundSealer(
  config: RegistryConfig,
  catalogue: Catalogue,
  now: Date,
  options: {
    threads?: number;
    /** Templates every worker loads before starting (default: every type). */
    types?: string[];
    /** Timestamps: absent = as configured (ELICENCE_TSA_URL, else the PKI's own TSA: B-T); null = none (B-B). */
    tsaUrl?: string | null;
    /** Throwaway documents each pool worker seals at start, spread over the types (default 32; 0 = no warm-up). */
    warmUpPerWorker?: number;
    /** Where recording the public base URL (on a data directory without one) is audited, and by whom. */
    baseUrl?: Pick<SettleOptions, "store" | "actor">;
  } = {},
): Promise<BackgroundSealer> {
  // Creates the dev PKI (and its passphrase file) on first use, exactly as `elicence serve` would.
  const signing = await openSigning(config, catalogue, now, options.baseUrl ?? {});
  const documents = new DocumentStore(path.join(config.dataDir, "documents"));
  try {
    if (config.keys.kind === "pkcs11")
      return {
        sealer: new PrefetchingSealer(new RegistryDocumentSealer(signing.sealer, documents, config.baseUrl)),
        threads: 1,
        kind: "in-process",
        close: () => signing.close(),
      };
    const pkiDir = path.join(config.dataDir, "pki");
    const types = options.types ?? catalogue.list().map((t) => t.code);
    const warmUp = options.warmUpPerWorker ?? WARM_UP_PER_WORKER;
    const pool = await SealingPool.start({
      pkiDir,
      // Where openSigning keeps the generated passphrase when none is configured.
      passphrase: config.keyPassphrase ?? readFileSync(path.join(pkiDir, "passphrase"), "utf8").trim(),
      templatesDir: config.templatesDir,
      fallbackFont: config.fallbackFont,
      size: options.threads ?? availableParallelism(),
      // As openSigning: no TSA URL = the PKI's own TSA (B-T).
      ...(options.tsaUrl !== undefined
        ? { tsaUrl: options.tsaUrl }
        : config.tsaUrl
          ? { tsaUrl: config.tsaUrl }
          : {}),
      preloadTypes: types,
      // Workers seal throwaway documents first, so the import's first ones run warm.
      ...(warmUp > 0
        ? { warmUp: { now, perTemplate: Math.max(1, Math.ceil(warmUp / Math.max(1, types.length))) } }
        : {}),
    });
    await signing.close();
    return {
      // Only sealPending uses this sealer: its documents' directory fsyncs wait for the round's flush.
      sealer: new PrefetchingSealer(
        new RegistryDocumentSealer(pool, documents, config.baseUrl, { deferDirectorySync: true }),
      ),
      threads: pool.size,
      kind: "pool",
      close: () => pool.close(),
    };
  } catch (e) {
    await signing.close();
    throw e;
  }
}
