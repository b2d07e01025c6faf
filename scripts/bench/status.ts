// The status section of `npm run bench`: GET /api/v1/status/:token on the real registry app over a SQLite store of
// 1,000,000 licences, beside a bare fastify route returning a constant, both driven over loopback by the same
// keep-alive client in this process while each server runs in a child process of its own.
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import http from "node:http";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type LicenceRecord,
  type LicenceTransition,
  newPublicToken,
  newSerial,
  openSqliteStore,
} from "@elicence/registry";
import {
  buildLicenceIdentifier,
  randomValidCreditCode,
  randomValidIdNumber,
  seededRng,
} from "@elicence/core";
import type { BenchOptions, BenchRow, BenchSection, SectionReport } from "./bench-section.js";
import { catalogueTypes, type CatalogueType } from "./licence-jobs.js";
import { percentile } from "./measure.js";
import type { StatusServerReply, StatusServerRequest } from "./status-server.js";

const SERVER_FILE = fileURLToPath(new URL("./status-server.ts", import.meta.url));
/** Bump when the generated records change shape: the cached database file is keyed by it. */
const DB_FORMAT = 1;
const LICENCES = 1_000_000;
const BATCH = 5_000;
/** Share of requests for tokens no licence has (they cost the same by design; they are part of real traffic). */
const UNKNOWN_SHARE = 0.1;
/** Concurrent keep-alive connections of the load generator. */
const CONNECTIONS = 16;
const RATE_LIMIT_MAX = 1_000_000_000;

const SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"];
const GIVEN = [..."伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"];

/** One generated licence: type n mod the catalogue, random holder, serial and token, as LicenceService mints them. */
function licence(types: readonly CatalogueType[], n: number, rng: () => number, at: string): LicenceRecord {
  const t = types[n % types.length] as CatalogueType;
  const issuer = t.issuers[n % t.issuers.length] as { name: string; code: string };
  const person = t.holderKind === "person";
  const serial = newSerial();
  const issuedOn = `20${String(15 + (n % 11)).padStart(2, "0")}-0${1 + (n % 9)}-1${n % 10}`;
  const years = t.validity?.years;
  const validUntil = years ? `${Number(issuedOn.slice(0, 4)) + years}${issuedOn.slice(4)}` : null;
  return {
    identifier: buildLicenceIdentifier({ typeCode: t.code, issuerCode: issuer.code, serial, version: 1 }),
    lineage: `${t.code}.${issuer.code}.${serial}`,
    typeCode: t.code,
    serial,
    version: 1,
    holder: person
      ? {
          name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}${GIVEN[(n * 13) % GIVEN.length]}`,
          code: randomValidIdNumber(rng),
          codeType: "111",
        }
      : { name: `${t.exampleHolder.name}${n}`, code: randomValidCreditCode(rng), codeType: "001" },
    issuer,
    issuedOn,
    validFrom: issuedOn,
    validUntil,
    state: "01",
    lastOperation: "01",
    previousIdentifier: null,
    nextIdentifier: null,
    fields: t.example,
    provenance: { kind: "born-digital" },
    documentSha256: null,
    publicToken: newPublicToken(),
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
}

/**
 * The seeded store, generated once into bench-results/ and reused while DB_FORMAT stays. Written through
 * store.apply like real issuance (record + issue transition per licence), except that each batch of 5,000 carries ONE
 * audit event ("bench.seed") instead of one per licence: product rules require one per issuance; benchmark data only.
 */
async function seededDb(o: BenchOptions): Promise<{ file: string; generatedSeconds: number | null }> {
  const file = path.join(o.outDir, `status-db-v${DB_FORMAT}-${LICENCES}.sqlite`);
  if (existsSync(file)) return { file, generatedSeconds: null };
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const store = openSqliteStore(partial);
  await store.migrate();
  const types = catalogueTypes();
  const rng = seededRng(20261129);
  const t0 = performance.now();
  for (let start = 0; start < LICENCES; start += BATCH) {
    const at = new Date().toISOString();
    const records: LicenceRecord[] = [];
    const transitions: LicenceTransition[] = [];
    for (let n = start; n < Math.min(LICENCES, start + BATCH); n++) {
      const r = licence(types, n, rng, at);
      records.push(r);
      transitions.push({
        identifier: r.identifier,
        operation: "01",
        fromState: null,
        toState: "01",
        actor: "bench",
        at,
        reason: "issue",
      });
    }
    const result = await store.apply({
      insertLicences: records,
      transitions,
      audit: [
        {
          actor: "bench",
          role: "admin",
          department: null,
          action: "bench.seed",
          target: `licences ${start}-${start + records.length - 1}`,
          holderCode: null,
          purpose: "benchmark data",
          at,
        },
      ],
    });
    if (!result.ok) throw new Error(`seeding failed at ${start}: ${result.conflict}`);
    if (start % 100_000 === 0) o.log(`status: seeded ${start.toLocaleString("en")} licences`);
  }
  await store.close();
  await rm(`${partial}-wal`, { force: true });
  await rm(`${partial}-shm`, { force: true });
  await rename(partial, file);
  return { file, generatedSeconds: (performance.now() - t0) / 1000 };
}

/**
 * Brings the cached database to the current schema through the normal store (a new migration, such as the status
 * index of schema 5, is built on the existing file: seconds, not the minutes of a rebuild), and returns every public
 * token (22 characters each) for the client to pick from.
 */
async function migratedTokens(o: BenchOptions, file: string): Promise<string[]> {
  const store = openSqliteStore(file);
  try {
    const t0 = performance.now();
    const { from, to } = await store.migrate();
    if (from !== to)
      o.log(
        `status: migrated the store from schema ${from} to ${to} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    return store.db.prepare("SELECT public_token FROM licences").pluck().all() as string[];
  } finally {
    await store.close();
  }
}

interface Server {
  port: number;
  stop(): Promise<{ cpuMs: number; peakRssMb: number }>;
}

function startServer(request: StatusServerRequest): Promise<Server> {
  const child: ChildProcess = fork(SERVER_FILE, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = () =>
    new Promise<StatusServerReply>((resolve, reject) => {
      child.once("message", (m: StatusServerReply) => resolve(m));
      child.once("exit", (code) => reject(new Error(`status server exited with code ${code}`)));
    });
  return (async () => {
    const first = next();
    child.send(request);
    const m = await first;
    if (m.kind !== "listening") throw new Error(`status server: ${m.kind === "failed" ? m.error : m.kind}`);
    return {
      port: m.port,
      async stop() {
        const last = next();
        child.send({ kind: "stop" } satisfies StatusServerRequest);
        const r = await last;
        if (r.kind !== "stopped") throw new Error(`status server: ${r.kind === "failed" ? r.error : r.kind}`);
        return { cpuMs: r.cpuMs, peakRssMb: r.peakRssMb };
      },
    };
  })();
}

interface LoadResult {
  requests: number;
  seconds: number;
  /** Ascending. */
  latenciesMs: number[];
  statuses: Record<string, number>;
  errors: number;
  clientCpuMs: number;
}

function get(agent: http.Agent, port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, agent }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** CONNECTIONS loops of back-to-back requests; only those started after the warm-up and done in time count. */
async function drive(
  port: number,
  nextPath: () => string,
  warmupSeconds: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const t0 = performance.now();
  const measureFrom = t0 + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let cpu0 = process.cpuUsage();
  let cpuTaken = false;
  const loop = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= end) return;
      if (!cpuTaken && start >= measureFrom) {
        cpu0 = process.cpuUsage();
        cpuTaken = true;
      }
      try {
        const status = await get(agent, port, nextPath());
        const done = performance.now();
        if (start >= measureFrom && done <= end) {
          latenciesMs.push(done - start);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    requests: latenciesMs.length,
    seconds,
    // Sorted once here: p50, p90, p99 and the maximum all read it (no spread of 100,000s of values into Math.max).
    latenciesMs: latenciesMs.sort((a, b) => a - b),
    statuses,
    errors,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function rowOf(label: string, r: LoadResult, server: { cpuMs: number; peakRssMb: number }): BenchRow {
  const sorted = r.latenciesMs;
  return {
    variant: label,
    threads: 1,
    docs: r.requests,
    seconds: r.seconds,
    docsPerSecond: r.requests / r.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    // The server's CPU over its whole life after listen (warm-up included) per measured request: an upper bound.
    cpuMsPerDoc: server.cpuMs / r.requests,
    peakRssMb: server.peakRssMb,
  };
}

async function run(o: BenchOptions): Promise<SectionReport> {
  const { file, generatedSeconds } = await seededDb(o);
  if (generatedSeconds !== null)
    o.log(`status: generated ${LICENCES.toLocaleString("en")} licences in ${generatedSeconds.toFixed(0)} s`);
  const tokens = await migratedTokens(o, file);
  o.log(`status: ${tokens.length.toLocaleString("en")} tokens in ${path.relative(process.cwd(), file)}`);
  const statusPath = () =>
    Math.random() < UNKNOWN_SHARE
      ? `/api/v1/status/${newPublicToken()}`
      : `/api/v1/status/${tokens[Math.floor(Math.random() * tokens.length)]}`;

  const variants = [
    {
      key: "registry",
      label: "GET /api/v1/status/:token (registry, 1M)",
      request: { kind: "start", mode: "registry", dbPath: file, rateLimitMax: RATE_LIMIT_MAX },
      nextPath: statusPath,
    },
    {
      key: "bare",
      label: "bare fastify route, constant",
      request: { kind: "start", mode: "bare" },
      nextPath: () => "/constant",
    },
  ] as const;

  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  for (const v of variants.filter((x) => !o.only || x.key.includes(o.only))) {
    const server = await startServer(v.request);
    const load = loadavg()[0] ?? 0;
    o.log(
      `status: ${v.label} — ${o.warmupSeconds} s warm-up, ${o.seconds} s measured, ${CONNECTIONS} connections (load average ${load.toFixed(1)})`,
    );
    const r = await drive(server.port, v.nextPath, o.warmupSeconds, o.seconds);
    const usage = await server.stop();
    const row = rowOf(v.label, r, usage);
    rows.push(row);
    details[v.key] = {
      statuses: r.statuses,
      errors: r.errors,
      clientCpuMsPerRequest: r.clientCpuMs / r.requests,
      p90Ms: percentile(r.latenciesMs, 90),
      maxMs: r.latenciesMs.at(-1) ?? Number.NaN,
      loadAverageAtStart: load,
    };
    o.log(
      `status:   ${row.docsPerSecond.toFixed(0)} requests/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms`,
    );
  }
  const registry = rows[0];
  const bare = rows[1];
  const ratio = registry && bare ? registry.docsPerSecond / bare.docsPerSecond : Number.NaN;
  const met = { ratio: ratio >= 0.5, p99: (registry?.p99Ms ?? Infinity) < 10 };
  details.summary = { ratio, targets: { ratioAtLeast: 0.5, p99BelowMs: 10 }, met, licences: LICENCES, file };
  return {
    rows,
    notes: [
      `"docs" here are HTTP requests. Status ÷ bare = ${(ratio * 100).toFixed(0)} % (target ≥ 50 %: ${met.ratio ? "met" : "NOT met"}); status p99 ${registry?.p99Ms.toFixed(2) ?? "-"} ms (target < 10 ms: ${met.p99 ? "met" : "NOT met"}).`,
      `Store: ${LICENCES.toLocaleString("en")} licences (catalogue types in turn, random holders, serials and 128-bit tokens) with one issue transition each, in SQLite (WAL); generated once and cached as ${path.basename(file)}.`,
      "Seeding wrote one audit event per batch of 5,000 licences (bench.seed), not one per licence as real issuance must: benchmark data only.",
      `Requests: ${100 - UNKNOWN_SHARE * 100} % random existing tokens, ${UNKNOWN_SHARE * 100} % fresh unknown ones, uniformly: with 1M tokens even the default in-process cache (the 100,000 most recent answers) answers few of them, so nearly every lookup reads the store (statusByToken: one probe of the covering status index).`,
      `Status server: buildApp with signing (dev PKI), no Redis, logger off; its per-address rate limit raised to ${RATE_LIMIT_MAX.toLocaleString("en")}/min for the bench (default 120/min) so that it does not cap the one client.`,
      `Client: this process, node:http keep-alive agent, ${CONNECTIONS} connections back to back; latency = request start to end of body at the client. Each server runs alone in a child process; the client and the server share the 2 cores with whatever else runs.`,
      "CPU ms/doc = the server child's CPU from listen to stop (warm-up included) per measured request; peak RSS = the server child.",
    ],
    details,
  };
}

export const statusSection: BenchSection = {
  name: "status",
  title: "Live status: lookups per second over loopback (1M licences) beside a bare fastify route",
  run,
};
