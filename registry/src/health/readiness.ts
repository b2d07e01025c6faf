// What /readyz answers: each part of the registry that can fail on its own (store, disk, Redis, clock, signing keys)
// registers a probe here, and the answer is the worst of them. "down" makes the registry not ready (503: a load
// balancer sends requests elsewhere); "degraded" keeps it ready (200) but says what is slower or missing, so an
// operator sees it before users do. A probe that throws or does not answer within the timeout counts as down.
import type { ErrorDetail } from "../errors.js";

export type ProbeState = "ok" | "degraded" | "down";

export interface ProbeResult {
  state: ProbeState;
  /** A stable code when not ok (e.g. REG_DISK_FULL, REG_REDIS_UNAVAILABLE). */
  code?: string;
  /** What is wrong and what the operator does about it. */
  message?: string;
}

export type Probe = () => ProbeResult | Promise<ProbeResult>;

export interface ReadinessReport {
  status: "ready" | "degraded" | "not-ready";
  checks: Record<string, ProbeResult>;
}

export const PROBE_TIMEOUT_MS = 2_000;

const RANK: Record<ProbeState, number> = { ok: 0, degraded: 1, down: 2 };

export class Readiness {
  readonly #probes = new Map<string, Probe>();

  constructor(private readonly timeoutMs = PROBE_TIMEOUT_MS) {}

  /** One probe per name: registering a name again replaces it. */
  add(name: string, probe: Probe): void {
    this.#probes.set(name, probe);
  }

  async check(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.#probes].map(async ([name, probe]) => [name, await this.#run(name, probe)] as const),
    );
    const checks = Object.fromEntries(entries);
    const worst = entries.reduce((w, [, r]) => Math.max(w, RANK[r.state]), 0);
    return { status: worst === 2 ? "not-ready" : worst === 1 ? "degraded" : "ready", checks };
  }

  async #run(name: string, probe: Probe): Promise<ProbeResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ProbeResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            state: "down",
            code: "REG_PROBE_TIMEOUT",
            message: `the ${name} check did not answer within ${this.timeoutMs} ms`,
          }),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([Promise.resolve().then(probe), timeout]);
    } catch (e) {
      return {
        state: "down",
        code: "REG_PROBE_FAILED",
        message: `the ${name} check failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The details of a not-ready answer: one per check that is not ok, named `checks.<name>`. */
export function readinessDetails(report: ReadinessReport): ErrorDetail[] {
  return Object.entries(report.checks)
    .filter(([, r]) => r.state !== "ok")
    .map(([name, r]) => ({
      field: `checks.${name}`,
      code: r.code ?? "REG_NOT_READY",
      message: r.message ?? `${name} is ${r.state}`,
    }));
}
