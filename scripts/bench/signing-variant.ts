// One variant of the signing benchmark, run in a child process of its own (forked by signing.ts) so that its peak
// RSS and CPU time are its own. Receives a VariantRequest over IPC and answers with a VariantResult.
import { generateKeyPairSync } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { SealingPool, type PooledSeal } from "@elicence/signer";
import { TEMPLATES_DIR, catalogueTypes, licenceJob } from "./licence-jobs.js";
import { cpuMsSince, peakRssMb, summarize, timedLoop } from "./measure.js";
import { naiveSigner } from "./naive-baseline.js";
import { answerVariantRequest, type VariantMeasurement } from "./variant-process.js";

export type VariantName = "pool-bt" | "pool-bb" | "crypto" | "naive";

export interface VariantRequest {
  variant: VariantName;
  seconds: number;
  warmupSeconds: number;
  threads: number;
  pkiDir: string;
  passphrase: string;
  /** A sealed licence: written by the pool variants, hashed and signed by the crypto variant. */
  samplePdf: string;
}

export type VariantResult = VariantMeasurement;

async function poolVariant(r: VariantRequest, timestamp: boolean): Promise<VariantResult> {
  const types = catalogueTypes();
  const now = new Date();
  const pool = await SealingPool.start({
    pkiDir: r.pkiDir,
    passphrase: r.passphrase,
    templatesDir: TEMPLATES_DIR,
    size: r.threads,
    tsaUrl: timestamp ? undefined : null,
    preloadTypes: types.map((t) => t.code),
  });
  // Enough jobs in flight that no worker ever waits for the main thread.
  const concurrency = r.threads * 4;
  let n = 0;
  let last: PooledSeal | undefined;
  const levels = new Map<string, number>();

  const phase = async (seconds: number, record: boolean) => {
    const samples: number[] = [];
    let docs = 0;
    let measuring = true;
    let cpuMs = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const stop = new Promise<void>((resolve) =>
      setTimeout(() => {
        measuring = false;
        cpuMs = cpuMsSince(cpu0);
        resolve();
      }, seconds * 1000),
    );
    const lane = async () => {
      while (measuring) {
        const sealed = await pool.seal(licenceJob(types, n++, now));
        if (!measuring) break;
        docs++;
        samples.push(sealed.ms);
        if (record) {
          last = sealed;
          levels.set(sealed.level, (levels.get(sealed.level) ?? 0) + 1);
        }
      }
    };
    const lanes = Array.from({ length: concurrency }, lane);
    await stop;
    const elapsed = (performance.now() - t0) / 1000;
    await Promise.all(lanes);
    return { samples, docs, cpuMs, elapsed };
  };

  await phase(r.warmupSeconds, false);
  const m = await phase(r.seconds, true);
  const workers = await pool.stats();
  await pool.close();
  if (last) await writeFile(r.samplePdf, last.bytes);
  return {
    docs: m.docs,
    seconds: m.elapsed,
    ...summarize(m.samples),
    cpuMs: m.cpuMs,
    peakRssMb: peakRssMb(),
    threads: r.threads,
    extra: {
      levels: Object.fromEntries(levels),
      sampleBytes: last?.bytes.length,
      sampleWarnings: last?.warnings,
      workers: workers.map((w) => ({
        jobs: w.jobs,
        peakHeapMb: Math.round(w.peakHeapMb),
        utilization: Number(w.utilization.toFixed(3)),
      })),
    },
  };
}

/** Plain JavaScript, run with eval: the ceiling must not pay for a TypeScript loader in each thread. */
const CRYPTO_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash, createPrivateKey, sign } = require("node:crypto");
const { pdf, keyPem, seconds, warmupSeconds, start } = workerData;
const key = createPrivateKey(keyPem);
const once = () => sign("sha256", createHash("sha256").update(pdf).digest(), { key, dsaEncoding: "der" });
const warmEnd = performance.now() + warmupSeconds * 1000;
while (performance.now() < warmEnd) once();
Atomics.wait(new Int32Array(start), 0, 0);
const samples = [];
const end = performance.now() + seconds * 1000;
while (performance.now() < end) {
  const t0 = performance.now();
  once();
  samples.push(performance.now() - t0);
}
const out = Float64Array.from(samples);
parentPort.postMessage(out, [out.buffer]);
`;

async function cryptoVariant(r: VariantRequest): Promise<VariantResult> {
  const pdf = new Uint8Array(await readFile(r.samplePdf));
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // All threads start measuring at the same moment, after every one has warmed up.
  const start = new SharedArrayBuffer(4);
  const ready: Promise<Float64Array>[] = [];
  for (let i = 0; i < r.threads; i++) {
    const w = new Worker(CRYPTO_WORKER, {
      eval: true,
      workerData: { pdf, keyPem, seconds: r.seconds, warmupSeconds: r.warmupSeconds, start },
    });
    ready.push(
      new Promise((resolve, reject) => {
        w.once("message", (m: Float64Array) => resolve(m));
        w.once("error", reject);
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, r.warmupSeconds * 1000 + 200));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  const perThread = await Promise.all(ready);
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsSince(cpu0);
  const samples = perThread.flatMap((a) => Array.from(a));
  return {
    docs: samples.length,
    seconds,
    ...summarize(samples),
    cpuMs,
    peakRssMb: peakRssMb(),
    threads: r.threads,
    extra: { pdfBytes: pdf.length, perThreadDocs: perThread.map((a) => a.length) },
  };
}

async function naiveVariant(r: VariantRequest): Promise<VariantResult> {
  const types = catalogueTypes();
  const now = new Date();
  const signer = await naiveSigner(now);
  let last: Uint8Array | undefined;
  await timedLoop(r.warmupSeconds, async (i) => void (await signer.seal(licenceJob(types, i, now))));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const samples = await timedLoop(r.seconds, async (i) => {
    last = await signer.seal(licenceJob(types, i, now));
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    docs: samples.length,
    seconds,
    ...summarize(samples),
    cpuMs: cpuMsSince(cpu0),
    peakRssMb: peakRssMb(),
    threads: 1,
    extra: { sampleBytes: last?.length },
  };
}

function runVariant(r: VariantRequest): Promise<VariantResult> {
  switch (r.variant) {
    case "pool-bt":
      return poolVariant(r, true);
    case "pool-bb":
      return poolVariant(r, false);
    case "crypto":
      return cryptoVariant(r);
    case "naive":
      return naiveVariant(r);
  }
}

answerVariantRequest(runVariant);
