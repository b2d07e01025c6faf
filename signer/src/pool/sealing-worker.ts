// Body of one sealing worker thread: loads the dev PKI and a LicenceSealer once, then seals the jobs the pool sends
// and hands each PDF back as a transferred buffer (no copy).
import "reflect-metadata";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parentPort, threadId, workerData } from "node:worker_threads";
import { FileKeyStore } from "../keys/file-key-store.js";
import { LicenceSealer } from "../licence-sealer.js";
import { loadPki } from "../pki/dev-pki.js";
import type { Pki } from "../pki/pki.js";
import { loadFonts, useFallbackFont } from "../render/fonts.js";
import type { FromWorker, SealingWorkerConfig, ToWorker, WorkerStats } from "./pool-messages.js";
import { serializeError } from "./sealing-pool-error.js";
import { warmUpJobs } from "./warm-up-jobs.js";

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("sealing-worker.ts runs inside a worker thread started by SealingPool");
  const config = workerData as SealingWorkerConfig;
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  let sealer: LicenceSealer;
  let warmedUp = 0;
  try {
    // Fonts are per thread: the worker draws with the fallback the pool was given, as the main thread does.
    useFallbackFont(config.fallbackFont ?? null);
    const pki = await loadPki(
      config.pkiDir,
      new FileKeyStore(join(config.pkiDir, "keys"), config.passphrase),
    );
    sealer = new LicenceSealer({
      templatesDir: config.templatesDir,
      pki,
      ...(config.tsaUrl !== undefined ? { tsaUrl: config.tsaUrl } : {}),
      ...(config.timestampTimeoutMs !== undefined ? { timestampTimeoutMs: config.timestampTimeoutMs } : {}),
    });
    await Promise.all([loadFonts(), ...config.preloadTypes.map((code) => sealer.template(code))]);
    if (config.warmUp && config.warmUp.perTemplate > 0) warmedUp = await warmUp(sealer, pki, config);
  } catch (e) {
    post({ type: "start-failed", error: serializeError(e) });
    return;
  }

  let jobs = 0;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, config.memorySampleMs);
  sampler.unref();

  const stats = (): WorkerStats => {
    const heap = process.memoryUsage().heapUsed;
    peakHeap = Math.max(peakHeap, heap);
    return {
      workerId: threadId,
      jobs,
      warmUpJobs: warmedUp,
      heapUsedMb: heap / MB,
      peakHeapMb: peakHeap / MB,
      processMaxRssMb: process.resourceUsage().maxRSS / 1024,
      utilization: performance.eventLoopUtilization().utilization,
    };
  };

  const seal = async (id: number, job: Extract<ToWorker, { type: "seal" }>["job"]): Promise<void> => {
    const t0 = performance.now();
    try {
      const sealed = await sealer.seal(job);
      const ms = performance.now() - t0;
      jobs++;
      // Transfer needs a buffer of its own: copy only when the PDF is a view into a larger one.
      const { bytes, ...rest } = sealed;
      const buffer =
        bytes.byteOffset === 0 &&
        bytes.byteLength === bytes.buffer.byteLength &&
        bytes.buffer instanceof ArrayBuffer
          ? bytes.buffer
          : bytes.slice().buffer;
      post({ type: "sealed", id, buffer, result: { ...rest, workerId: threadId, ms } }, [buffer]);
    } catch (e) {
      post({ type: "failed", id, error: serializeError(e) });
    }
  };

  port.on("message", (m: ToWorker) => {
    if (m.type === "seal") void seal(m.id, m.job);
    else if (m.type === "stats") post({ type: "stats", id: m.id, stats: stats() });
    else {
      clearInterval(sampler);
      port.close();
    }
  });
  post({ type: "ready" });
}

/**
 * Seals the warm-up documents one after another (as a real worker's jobs run) and drops them. A warm-up seal that
 * fails (a template without a usable example) is skipped: warming is an optimisation, real jobs report real errors.
 * An external TSA is not asked for throwaway timestamps: those documents are sealed without one.
 */
async function warmUp(sealer: LicenceSealer, pki: Pki, config: SealingWorkerConfig): Promise<number> {
  const w = config.warmUp;
  if (!w) return 0;
  const external = typeof config.tsaUrl === "string";
  const warmSealer = external
    ? new LicenceSealer({ templatesDir: config.templatesDir, pki, tsaUrl: null })
    : sealer;
  const departments = pki.departments();
  let sealed = 0;
  for (const code of config.preloadTypes) {
    const template = await sealer.template(code);
    for (const job of warmUpJobs(code, template, departments, w.perTemplate, w.now)) {
      try {
        await warmSealer.seal(job);
        sealed++;
      } catch {
        break;
      }
    }
  }
  return sealed;
}

await main();
