// A pool of worker threads that seal licences in parallel: each worker loads the dev PKI and a LicenceSealer once
// (keys, fonts, templates stay resident) and the pool hands out jobs, a few per worker so none waits for the next.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type {
  FromWorker,
  PooledSeal,
  SealJob,
  SealingWorkerConfig,
  ToWorker,
  WorkerStats,
} from "./pool-messages.js";
import { SealJobError, SealingPoolError } from "./sealing-pool-error.js";
import { workerEntry } from "../worker-entry.js";

export interface SealingPoolOptions {
  /** Directory of an existing dev PKI (createDevPki has run there). */
  pkiDir: string;
  /** Passphrase of its FileKeyStore. */
  passphrase: string;
  templatesDir: string;
  /** A fallback font for characters Noto Sans SC lacks (ELICENCE_FALLBACK_FONT); each worker loads it. */
  fallbackFont?: string | null;
  /** Worker threads; default os.availableParallelism(). */
  size?: number;
  /** As LicenceSealerOptions.tsaUrl: absent = the PKI's own TSA (B-T), null = no timestamp (B-B). */
  tsaUrl?: string | null;
  timestampTimeoutMs?: number;
  /** Type codes whose templates every worker loads before the pool is ready. */
  preloadTypes?: string[];
  /** Jobs one worker holds at a time (default 2, so the next job is waiting when one finishes). */
  jobsPerWorker?: number;
  /** How long a worker may take to load the PKI, fonts and templates (default 120 s). */
  startTimeoutMs?: number;
  /**
   * Before reporting ready, each worker seals a few synthetic documents of every preloaded type and discards them,
   * so the first real documents run warm. `now` dates them (and checks the seal certificates); `perTemplate`
   * defaults to DEFAULT_WARM_UP_PER_TEMPLATE. Absent: no warm-up. A replacement worker warms up the same way.
   */
  warmUp?: { now: Date; perTemplate?: number };
}

/** Warm-up documents per template and worker when warmUp gives no count. */
export const DEFAULT_WARM_UP_PER_TEMPLATE = 3;

interface Pending {
  id: number;
  job: SealJob;
  resolve(v: PooledSeal): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Set once the pool has asked it to stop: its exit is not a failure. */
  stopping: boolean;
  inFlight: Map<number, Pending>;
  statsWaiters: Map<number, (s: WorkerStats) => void>;
}

const ENTRY = workerEntry("sealing-worker", new URL("./sealing-worker-entry.mjs", import.meta.url));

export class SealingPool {
  readonly size: number;
  readonly #config: SealingWorkerConfig;
  readonly #jobsPerWorker: number;
  readonly #slots = new Set<Slot>();
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closing = false;
  #drained: (() => void) | undefined;
  #closed: Promise<void> | undefined;

  private constructor(config: SealingWorkerConfig, size: number, jobsPerWorker: number) {
    this.#config = config;
    this.size = size;
    this.#jobsPerWorker = jobsPerWorker;
  }

  /** Starts `size` workers and resolves once every one has loaded the PKI, fonts and templates. */
  static async start(o: SealingPoolOptions): Promise<SealingPool> {
    const size = o.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`pool size must be a positive integer, got ${size}`);
    const config: SealingWorkerConfig = {
      pkiDir: o.pkiDir,
      passphrase: o.passphrase,
      templatesDir: o.templatesDir,
      ...(o.fallbackFont ? { fallbackFont: o.fallbackFont } : {}),
      ...(o.tsaUrl !== undefined ? { tsaUrl: o.tsaUrl } : {}),
      ...(o.timestampTimeoutMs !== undefined ? { timestampTimeoutMs: o.timestampTimeoutMs } : {}),
      preloadTypes: o.preloadTypes ?? [],
      memorySampleMs: 50,
      ...(o.warmUp
        ? { warmUp: { now: o.warmUp.now, perTemplate: o.warmUp.perTemplate ?? DEFAULT_WARM_UP_PER_TEMPLATE } }
        : {}),
    };
    const pool = new SealingPool(config, size, o.jobsPerWorker ?? 2);
    const starts = Array.from({ length: size }, () => pool.#spawn(o.startTimeoutMs ?? 120_000));
    const outcomes = await Promise.allSettled(starts);
    const failed = outcomes.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      await pool.terminate();
      throw failed.reason;
    }
    return pool;
  }

  /** Seals one licence on the next free worker. Rejects with the job's own error (SealJobError) or SIG_POOL_*. */
  seal(job: SealJob): Promise<PooledSeal> {
    if (this.#closing)
      return Promise.reject(new SealingPoolError("SIG_POOL_CLOSED", "the sealing pool is closed"));
    return new Promise<PooledSeal>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job, resolve, reject });
      this.#pump();
    });
  }

  /** Jobs waiting for a worker plus jobs being sealed. */
  get pending(): number {
    let n = this.#queue.length;
    for (const s of this.#slots) n += s.inFlight.size;
    return n;
  }

  /** Per-worker counters and memory, asked from each worker. */
  async stats(): Promise<WorkerStats[]> {
    const asks = [...this.#slots]
      .filter((s) => s.ready && !s.stopping)
      .map(
        (s) =>
          new Promise<WorkerStats>((resolve) => {
            const id = this.#nextId++;
            s.statsWaiters.set(id, resolve);
            this.#post(s, { type: "stats", id });
          }),
      );
    return Promise.all(asks);
  }

  /** Graceful close: accepts no new jobs, finishes every queued and running one, then lets the workers exit. */
  close(): Promise<void> {
    this.#closing = true;
    this.#closed ??= (async () => {
      if (this.pending > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
      await Promise.all([...this.#slots].map((s) => this.#stop(s)));
    })();
    return this.#closed;
  }

  /** Immediate stop: queued and running jobs are rejected with SIG_POOL_CLOSED. */
  async terminate(): Promise<void> {
    this.#closing = true;
    const closed = () => new SealingPoolError("SIG_POOL_CLOSED", "the sealing pool was terminated");
    for (const p of this.#queue.splice(0)) p.reject(closed());
    await Promise.all(
      [...this.#slots].map(async (s) => {
        s.stopping = true;
        for (const p of s.inFlight.values()) p.reject(closed());
        s.inFlight.clear();
        this.#slots.delete(s);
        await s.worker.terminate();
      }),
    );
    // A close() waiting for the jobs that were just rejected can finish now.
    this.#drained?.();
    this.#drained = undefined;
  }

  #spawn(startTimeoutMs: number): Promise<void> {
    const worker = new Worker(ENTRY, { workerData: this.#config });
    const slot: Slot = {
      worker,
      ready: false,
      stopping: false,
      inFlight: new Map(),
      statsWaiters: new Map(),
    };
    this.#slots.add(slot);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(
          new SealingPoolError(
            "SIG_POOL_START_FAILED",
            `a sealing worker was not ready within ${startTimeoutMs} ms`,
          ),
        );
        void worker.terminate();
      }, startTimeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(e);
      };
      worker.on("message", (m: FromWorker) => {
        if (m.type === "ready") {
          clearTimeout(timer);
          slot.ready = true;
          resolve();
          this.#pump();
        } else if (m.type === "start-failed") {
          slot.stopping = true;
          this.#slots.delete(slot);
          fail(
            new SealingPoolError(
              "SIG_POOL_START_FAILED",
              `a sealing worker could not start: ${m.error.message}`,
              {
                cause: new SealJobError(m.error),
              },
            ),
          );
        } else this.#onMessage(slot, m);
      });
      worker.on("error", (e) => this.#onExit(slot, e, fail));
      worker.on("exit", (code) => this.#onExit(slot, new Error(`worker exited with code ${code}`), fail));
    });
  }

  #onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === "sealed" || m.type === "failed") {
      const p = slot.inFlight.get(m.id);
      slot.inFlight.delete(m.id);
      if (p) {
        if (m.type === "sealed") p.resolve({ ...m.result, bytes: new Uint8Array(m.buffer) });
        else p.reject(new SealJobError(m.error));
      }
      this.#pump();
    } else if (m.type === "stats") {
      slot.statsWaiters.get(m.id)?.(m.stats);
      slot.statsWaiters.delete(m.id);
    }
  }

  #onExit(slot: Slot, cause: Error, failStart: (e: Error) => void): void {
    if (!this.#slots.has(slot)) return;
    this.#slots.delete(slot);
    if (slot.stopping) return;
    const wasReady = slot.ready;
    if (!wasReady) {
      failStart(
        new SealingPoolError(
          "SIG_POOL_START_FAILED",
          `a sealing worker failed while starting: ${cause.message}`,
          { cause },
        ),
      );
      return;
    }
    for (const p of slot.inFlight.values())
      p.reject(
        new SealingPoolError("SIG_POOL_WORKER_FAILED", `the sealing worker stopped: ${cause.message}`, {
          cause,
        }),
      );
    slot.inFlight.clear();
    for (const w of slot.statsWaiters.values())
      w({
        workerId: slot.worker.threadId,
        jobs: 0,
        warmUpJobs: 0,
        heapUsedMb: 0,
        peakHeapMb: 0,
        processMaxRssMb: 0,
        utilization: 0,
      });
    if (this.#closing) {
      if (this.#slots.size === 0)
        for (const p of this.#queue.splice(0))
          p.reject(
            new SealingPoolError("SIG_POOL_WORKER_FAILED", `no sealing worker left: ${cause.message}`, {
              cause,
            }),
          );
    } else {
      // A worker that had started once is replaced; jobs wait in the queue meanwhile.
      this.#spawn(120_000).catch((e: unknown) => {
        if (this.#slots.size === 0) for (const p of this.#queue.splice(0)) p.reject(e as Error);
      });
    }
    this.#pump();
  }

  #pump(): void {
    const ready = [...this.#slots].filter((s) => s.ready && !s.stopping);
    while (this.#queue.length > 0) {
      let best: Slot | undefined;
      for (const s of ready)
        if (s.inFlight.size < this.#jobsPerWorker && (!best || s.inFlight.size < best.inFlight.size))
          best = s;
      if (!best) break;
      const p = this.#queue.shift() as Pending;
      best.inFlight.set(p.id, p);
      this.#post(best, { type: "seal", id: p.id, job: p.job });
    }
    if (this.#closing && this.#drained && this.pending === 0) {
      const done = this.#drained;
      this.#drained = undefined;
      done();
    }
  }

  #post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m);
  }

  async #stop(slot: Slot): Promise<void> {
    slot.stopping = true;
    const exited = new Promise<void>((resolve) => slot.worker.once("exit", () => resolve()));
    this.#post(slot, { type: "close" });
    // A worker whose port is closed exits by itself; one that does not within 10 s is terminated.
    const timer = setTimeout(() => void slot.worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
    this.#slots.delete(slot);
  }
}
