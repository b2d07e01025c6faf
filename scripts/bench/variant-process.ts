// A benchmark variant in a child process of its own (forked by its section), so that its peak RSS, heap and CPU
// time are its own: the section's side (fork, send the request, await the measurement) and the child's (answer it).
import { fork, type Serializable } from "node:child_process";
import type { BenchRow } from "./bench-section.js";

/** What a variant's child measures and sends back; `extra` goes into the section's JSON only. */
export interface VariantMeasurement {
  docs: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  cpuMs: number;
  peakRssMb: number;
  threads: number;
  extra: Record<string, unknown>;
}

type Answer<R> = { ok: true; result: R } | { ok: false; error: string };

/** Forks `file`, sends it `request` and resolves with its answer; `what` names the variant in errors. */
export function runVariantChild<Req extends Serializable, Res extends VariantMeasurement>(
  file: string,
  request: Req,
  what: string,
  extraExecArgv: readonly string[] = [],
): Promise<Res> {
  return new Promise((resolve, reject) => {
    // The child inherits this process's loader flags (tsx), so it runs the TypeScript file as it is.
    const child = fork(file, [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      execArgv: [...process.execArgv, ...extraExecArgv],
    });
    let answered = false;
    child.once("message", (m: Answer<Res>) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`${what} failed: ${m.error}`));
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!answered) reject(new Error(`${what}: benchmark child exited with code ${code}`));
    });
    child.send(request);
  });
}

/** In the child: runs the one request the section sends, answers with its result or its error, then lets go. */
export function answerVariantRequest<Req, Res extends VariantMeasurement>(
  run: (request: Req) => Promise<Res>,
): void {
  process.once("message", (request: Req) => {
    const answer = (a: Answer<Res>) => process.send?.(a, () => process.disconnect());
    run(request).then(
      (result) => answer({ ok: true, result }),
      (e: unknown) => answer({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}

/** The printed table's row for a variant's measurement. */
export function benchRow(label: string, r: VariantMeasurement): BenchRow {
  return {
    variant: label,
    threads: r.threads,
    docs: r.docs,
    seconds: r.seconds,
    docsPerSecond: r.docs / r.seconds,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    cpuMsPerDoc: r.cpuMs / r.docs,
    peakRssMb: r.peakRssMb,
  };
}
