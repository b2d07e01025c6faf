// Runs phase 1 of validations off the calling thread: a few long-lived worker threads with a heap limit, one job
// each at a time, and a hard timeout that terminates a worker stuck on a document (it is replaced on the next job).
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PdfAnalysis } from "../analyse-pdf.js";
import { analysePdf } from "../analyse-pdf.js";
import { resolveLimits } from "../limits.js";
import type { ReasonCode } from "../reason-codes.js";
import type { TrustListLike, ValidationContext, ValidationLimits, ValidationReport } from "../types.js";
import { completeValidation, failedAnalysis } from "../validate-pdf.js";
import type { AnalyseRequest, AnalyseResponse } from "./messages.js";
import { workerEntry } from "../../worker-entry.js";

export interface ValidationPoolOptions {
  /** Worker threads (default 1; at most the machine's parallelism). */
  size?: number;
  /** Limits for every job unless a job's context overrides them. */
  limits?: Partial<ValidationLimits>;
  /** Jobs waiting beyond this are answered at once with VER_PDF_WORKER_FAILED (default 100). */
  maxQueue?: number;
  /** Extra time past limits.timeMs before a worker is terminated (default 2000 ms). */
  graceMs?: number;
}

interface Job {
  request: Omit<AnalyseRequest, "id">;
  resolve(a: PdfAnalysis): void;
}

interface Slot {
  worker: Worker | undefined;
  ready: Promise<void> | undefined;
  job: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
}

const ENTRY = workerEntry("validation-worker", new URL("./validation-worker-entry.mjs", import.meta.url));
const START_TIMEOUT_MS = 60_000;

export class ValidationPool {
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  readonly #limits: ValidationLimits;
  readonly #maxQueue: number;
  readonly #graceMs: number;
  #nextId = 1;
  #closed = false;

  constructor(o: ValidationPoolOptions = {}) {
    const size = Math.max(1, Math.min(o.size ?? 1, availableParallelism()));
    this.#slots = Array.from({ length: size }, () => ({
      worker: undefined,
      ready: undefined,
      job: undefined,
    }));
    this.#limits = resolveLimits(o.limits);
    this.#maxQueue = o.maxQueue ?? 100;
    this.#graceMs = o.graceMs ?? 2000;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Starts the workers now rather than at the first job, so their loading overlaps the caller's own work. */
  start(): void {
    // A worker that fails to start fails the first job given to it, as it would when started then.
    for (const slot of this.#slots) this.#ensureWorker(slot).catch(() => undefined);
  }

  /** Validates in a worker: phase 1 there, the ports and the verdict here. Never rejects. */
  async validate(bytes: Uint8Array, ctx: ValidationContext): Promise<ValidationReport> {
    const startedAt = performance.now();
    const analysis = await this.analyse(bytes, ctx.trust, ctx.now, ctx.limits);
    return completeValidation(analysis, ctx, startedAt);
  }

  analyse(
    bytes: Uint8Array,
    trust: { rootDer: Uint8Array; trustList?: TrustListLike },
    now: Date,
    limits?: Partial<ValidationLimits>,
  ): Promise<PdfAnalysis> {
    const merged = resolveLimits({ ...this.#limits, ...limits });
    // Oversized input is refused by the size check alone: no need to copy it into a worker.
    if (bytes.length === 0 || bytes.length > merged.maxBytes)
      return Promise.resolve(analysePdf(bytes, trust, now, merged));
    if (this.#closed)
      return Promise.resolve(failedAnalysis("VER_PDF_WORKER_FAILED", "the validation pool is closed"));
    if (this.#queue.length >= this.#maxQueue)
      return Promise.resolve(failedAnalysis("VER_PDF_WORKER_FAILED", "too many validations are waiting"));
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new Promise<PdfAnalysis>((resolve) => {
      this.#queue.push({
        request: {
          bytes: copy.buffer,
          rootDer: trust.rootDer,
          ...(trust.trustList ? { trustList: trust.trustList } : {}),
          now: now.toISOString(),
          limits: merged,
        },
        resolve,
      });
      this.#pump();
    });
  }

  /** Stops the workers; queued jobs are answered with VER_PDF_WORKER_FAILED. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const j of this.#queue.splice(0))
      j.resolve(failedAnalysis("VER_PDF_WORKER_FAILED", "the validation pool closed"));
    await Promise.all(
      this.#slots.map((s) => this.#retire(s, "VER_PDF_WORKER_FAILED", "the validation pool closed")),
    );
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.job || this.#queue.length === 0) continue;
      const job = this.#queue.shift() as Job;
      void this.#run(slot, job);
    }
  }

  async #run(slot: Slot, job: Job): Promise<void> {
    const id = this.#nextId++;
    // Claim the slot before any await so #pump does not hand it a second job.
    slot.job = { id, job, timer: setTimeout(() => void this.#timeout(slot, id), START_TIMEOUT_MS) };
    try {
      await this.#ensureWorker(slot);
    } catch (e) {
      if (slot.job?.id !== id) return;
      clearTimeout(slot.job.timer);
      slot.job = undefined;
      job.resolve(failedAnalysis("VER_PDF_WORKER_FAILED", e instanceof Error ? e.message : String(e)));
      this.#pump();
      return;
    }
    if (slot.job?.id !== id || !slot.worker) return;
    clearTimeout(slot.job.timer);
    slot.job.timer = setTimeout(
      () => void this.#timeout(slot, id),
      job.request.limits.timeMs + this.#graceMs,
    );
    const message: AnalyseRequest = { id, ...job.request };
    slot.worker.postMessage(message, [job.request.bytes]);
  }

  #ensureWorker(slot: Slot): Promise<void> {
    if (slot.worker && slot.ready) return slot.ready;
    const limits = this.#limits;
    const worker = new Worker(ENTRY, {
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxHeapMb,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: 4,
      },
    });
    worker.unref();
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (m: unknown) => {
        if (m && typeof m === "object" && "ready" in m) {
          worker.off("message", onFirst);
          worker.on("message", (r: AnalyseResponse) => this.#onResult(slot, r));
          resolve();
        }
      };
      worker.on("message", onFirst);
      worker.once("error", (e: Error & { code?: string }) => {
        reject(e);
        const code: ReasonCode =
          e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "VER_PDF_MEMORY_LIMIT" : "VER_PDF_WORKER_FAILED";
        void this.#retire(slot, code, e.message, worker);
      });
      worker.once("exit", (exitCode) => {
        reject(new Error(`validation worker exited with code ${exitCode}`));
        void this.#retire(slot, "VER_PDF_WORKER_FAILED", `the worker exited (${exitCode})`, worker);
      });
    });
    return slot.ready;
  }

  #onResult(slot: Slot, r: AnalyseResponse): void {
    const running = slot.job;
    if (!running || running.id !== r.id) return;
    clearTimeout(running.timer);
    slot.job = undefined;
    running.job.resolve(r.ok ? r.analysis : failedAnalysis("VER_PDF_WORKER_FAILED", r.error));
    this.#pump();
  }

  async #timeout(slot: Slot, id: number): Promise<void> {
    if (slot.job?.id !== id) return;
    await this.#retire(slot, "VER_PDF_TIME_LIMIT", "the worker was stopped after the time limit");
  }

  /** Ends the slot's worker (if `only` is given, only when it is still that worker) and answers its job. */
  async #retire(slot: Slot, code: ReasonCode, detail: string, only?: Worker): Promise<void> {
    if (only && slot.worker !== only) return;
    const worker = slot.worker;
    const running = slot.job;
    slot.worker = undefined;
    slot.ready = undefined;
    slot.job = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.job.resolve(failedAnalysis(code, detail));
    }
    if (worker) await worker.terminate().catch(() => undefined);
    if (!this.#closed) this.#pump();
  }
}

let shared: ValidationPool | undefined;

/** validatePdf in a shared worker pool (one worker, created on first use). */
export function validatePdfInWorker(bytes: Uint8Array, ctx: ValidationContext): Promise<ValidationReport> {
  shared ??= new ValidationPool();
  return shared.validate(bytes, ctx);
}

export async function closeSharedValidationPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
