// The memory section of `npm run bench` (issue 11): the registry in a process of its own (memory-server.ts, default
// limits), its resident set read from /proc/PID/status (VmHWM, reset through clear_refs before each phase; VmRSS
// polled as well) while (a) 64 clients upload a 19 MiB PDF each to POST /api/v1/verify/pdf at once, twice, and
// (b) hostile XLSX registers are imported over HTTP: ZIP bombs of 1 GiB (size declared, size hidden), an inline
// string of 100 million characters, 10 million tiny shared strings, a row of 2 million cells. After each phase the
// server is left idle and its resident set read again; the temporary files left behind are counted.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hostile, writeHostileZip, type HostilePart } from "../../registry/test/import/hostile-xlsx.js";
import type { BenchRow, BenchSection, SectionReport } from "./bench-section.js";
import type { MemoryServerReply } from "./memory-server.js";
import { summarize } from "./measure.js";

const SERVER_FILE = fileURLToPath(new URL("./memory-server.ts", import.meta.url));
const UPLOADS = 64;
const UPLOAD_BYTES = 19 * 1024 * 1024;
const IDLE_MS = 15_000;
const GiB = 1024 ** 3;

type Listening = Extract<MemoryServerReply, { kind: "listening" }>;

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "mu").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Peak resident set since the last reset, and the largest VmRSS seen by polling meanwhile. */
class RssWatch {
  #max = 0;
  readonly #timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    // Writing 5 to clear_refs resets VmHWM to the current resident set (Linux ≥ 4.0, own processes).
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      // Not allowed here: VmHWM is then the peak since start, still an upper bound.
    }
    this.#timer = setInterval(() => {
      this.#max = Math.max(this.#max, statusField(pid, "VmRSS"));
    }, 50);
  }
  stop(): { peakMb: number; polledMaxMb: number } {
    clearInterval(this.#timer);
    return { peakMb: statusField(this.pid, "VmHWM"), polledMaxMb: this.#max };
  }
}

/** CPU milliseconds (user + system) the process has used. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

function startServer(): Promise<{ child: ChildProcess; info: Listening }> {
  const child = fork(SERVER_FILE, [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: process.execArgv,
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m: MemoryServerReply) =>
      m.kind === "listening" ? resolve({ child, info: m }) : reject(new Error(JSON.stringify(m))),
    );
    child.once("exit", (code) => reject(new Error(`memory server exited with ${code}`)));
    child.send({ kind: "start" });
  });
}

function request(
  port: number,
  o: { method: string; path: string; headers?: Record<string, string | number>; body?: Buffer[] },
): Promise<{ status: number; body: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: o.method,
      path: o.path,
      headers: o.headers,
      agent: false,
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - t0,
        }),
      );
    });
    // A refused upload may be answered (and its connection closed) before all of its body is sent.
    req.on("error", reject);
    for (const b of o.body ?? []) req.write(b);
    req.end();
  });
}

function multipart(parts: { name: string; value: Buffer | string; filename?: string }[]): {
  head: Record<string, string | number>;
  body: Buffer[];
} {
  const boundary = `----bench${randomBytes(8).toString("hex")}`;
  const body: Buffer[] = [];
  for (const p of parts) {
    body.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n${p.filename ? "Content-Type: application/octet-stream\r\n" : ""}\r\n`,
      ),
      typeof p.value === "string" ? Buffer.from(p.value) : p.value,
      Buffer.from("\r\n"),
    );
  }
  body.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    head: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": body.reduce((n, b) => n + b.length, 0),
    },
    body,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Files left in the server's scratch folders: verify uploads waiting, and shared strings spilled by imports. */
function scratchLeft(): number {
  let n = 0;
  for (const d of readdirSync(tmpdir())) {
    const dir = path.join(tmpdir(), d);
    if (d.startsWith("elicence-verify-")) n += readdirSync(dir).length;
    if (d.startsWith("elicence-imports-"))
      for (const job of readdirSync(dir))
        n += readdirSync(path.join(dir, job)).filter((f) => f.startsWith("elicence-strings-")).length;
  }
  return n;
}

interface Phase {
  row: BenchRow;
  extra: Record<string, unknown>;
}

async function verifyPhase(
  pid: number,
  info: Listening,
  round: number,
  log: (l: string) => void,
): Promise<Phase> {
  const pdf = readFileSync(info.pdf);
  // A sealed licence padded to 19 MiB with a PDF comment after its end: as costly to receive and read as any.
  const pad = Buffer.alloc(UPLOAD_BYTES - pdf.length, 0x20);
  pad.write("\n%", 0);
  const file = Buffer.concat([pdf, pad]);
  log(
    `memory: ${UPLOADS} concurrent ${(file.length / 1024 / 1024).toFixed(0)} MiB verify uploads, round ${round}`,
  );
  const watch = new RssWatch(pid);
  const cpu0 = cpuMsOf(pid);
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: UPLOADS }, () => {
      const m = multipart([{ name: "file", value: file, filename: "licence.pdf" }]);
      return request(info.port, {
        method: "POST",
        path: "/api/v1/verify/pdf",
        headers: m.head,
        body: m.body,
      }).catch((e: Error) => ({ status: -1, body: e.message, ms: performance.now() - t0 }));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsOf(pid) - cpu0;
  const rss = watch.stop();
  const statuses: Record<string, number> = {};
  for (const r of results) {
    const code =
      r.status === 200
        ? "200"
        : `${r.status} ${(/"code":"([A-Z_]+)"/u.exec(r.body) ?? [])[1] ?? r.body.slice(0, 40)}`;
    statuses[code] = (statuses[code] ?? 0) + 1;
  }
  const answered = results.filter((r) => r.status === 200).map((r) => r.ms);
  const all = summarize(results.map((r) => r.ms));
  await sleep(IDLE_MS);
  const idleMb = statusField(pid, "VmRSS");
  return {
    row: {
      variant: `verify 64×19MiB #${round}`,
      docs: results.length,
      seconds,
      docsPerSecond: results.length / seconds,
      p50Ms: all.p50Ms,
      p99Ms: all.p99Ms,
      cpuMsPerDoc: cpuMs / results.length,
      peakRssMb: rss.peakMb,
      threads: 1,
    },
    extra: {
      statuses,
      answeredP99Ms: summarize(answered).p99Ms,
      polledMaxRssMb: rss.polledMaxMb,
      rssAfterIdleMb: idleMb,
      scratchFilesLeft: scratchLeft(),
    },
  };
}

async function importPhase(
  pid: number,
  info: Listening,
  name: string,
  file: string,
  log: (l: string) => void,
): Promise<Phase> {
  log(`memory: import ${name} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB stored)`);
  const watch = new RssWatch(pid);
  const cpu0 = cpuMsOf(pid);
  const t0 = performance.now();
  const m = multipart([
    { name: "typeCode", value: info.typeCode },
    { name: "dryRun", value: "true" },
    { name: "file", value: readFileSync(file), filename: `${name}.xlsx` },
  ]);
  const auth = { authorization: `Bearer ${info.issuerKey}` };
  const submitted = await request(info.port, {
    method: "POST",
    path: "/api/v1/imports",
    headers: { ...m.head, ...auth },
    body: m.body,
  });
  if (submitted.status !== 202) throw new Error(`import ${name}: ${submitted.status} ${submitted.body}`);
  const { jobId } = JSON.parse(submitted.body) as { jobId: string };
  let job: { state: string; error?: { code: string } | null } = { state: "queued" };
  while (job.state === "queued" || job.state === "running") {
    await sleep(100);
    const r = await request(info.port, { method: "GET", path: `/api/v1/imports/${jobId}`, headers: auth });
    job = JSON.parse(r.body) as typeof job;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsOf(pid) - cpu0;
  const rss = watch.stop();
  await sleep(IDLE_MS);
  return {
    row: {
      variant: `xlsx ${name}`,
      docs: 1,
      seconds,
      docsPerSecond: 1 / seconds,
      p50Ms: seconds * 1000,
      p99Ms: seconds * 1000,
      cpuMsPerDoc: cpuMs,
      peakRssMb: rss.peakMb,
      threads: 1,
    },
    extra: {
      state: job.state,
      code: job.error?.code ?? null,
      storedBytes: statSync(file).size,
      polledMaxRssMb: rss.polledMaxMb,
      rssAfterIdleMb: statusField(pid, "VmRSS"),
      scratchFilesLeft: scratchLeft(),
    },
  };
}

/** The hostile registers, built into `dir` as the bench starts (never committed). */
const HOSTILE: [string, () => HostilePart[]][] = [
  ["bomb 1GiB declared", () => hostile.bomb(GiB)],
  ["bomb 1GiB hidden", () => hostile.bomb(GiB, true)],
  ["inline string 100M chars", () => hostile.inlineString(100_000_000)],
  ["inline string 2M varied", () => hostile.inlineString(2_000_000, true)],
  ["10M shared strings", () => hostile.manyStrings(10_000_000)],
  ["row of 2M cells", () => hostile.wideRow(2_000_000)],
];

export const memorySection: BenchSection = {
  name: "memory",
  title: "Memory bounds: the registry's resident set under concurrent PDF uploads and hostile XLSX imports",
  async run(options): Promise<SectionReport> {
    if (!existsSync("/proc/self/status")) throw new Error("the memory section reads /proc (Linux only)");
    const work = mkdtempSync(path.join(tmpdir(), "elicence-bench-memory-"));
    const { child, info } = await startServer();
    const pid = child.pid!;
    const log = (line: string) => options.log(line);
    try {
      const phases: Phase[] = [];
      await sleep(2000);
      const startMb = statusField(pid, "VmRSS");
      for (const round of [1, 2])
        if (!options.only || "verify".includes(options.only) || options.only.includes("verify"))
          phases.push(await verifyPhase(pid, info, round, log));
      for (const [name, parts] of HOSTILE) {
        if (options.only && !name.includes(options.only) && !"xlsx".includes(options.only)) continue;
        const file = path.join(work, `${name.replace(/\W+/gu, "-")}.xlsx`);
        options.log(`memory: building ${name}`);
        await writeHostileZip(file, parts());
        phases.push(await importPhase(pid, info, name, file, log));
        rmSync(file, { force: true });
      }
      return {
        rows: phases.map((p) => p.row),
        notes: [
          "peak RSS MB = the server process's VmHWM over the phase (reset before it through /proc/PID/clear_refs); the server runs the registry app with its default limits (2 validations at once, 8 queued, 20 MiB uploads)",
          `server RSS at start (licence issued, idle): ${startMb.toFixed(0)} MB; after each phase and ${IDLE_MS / 1000} s idle: ${phases
            .map((p) => `${p.row.variant} ${(p.extra.rssAfterIdleMb as number).toFixed(0)} MB`)
            .join("; ")}`,
          `verify: docs = uploads, p50/p99 ms = time to the answer of each (200, or 503 REG_BUSY once the refused body is read and dropped); answers: ${phases
            .filter((p) => p.extra.statuses)
            .map((p) => `${p.row.variant}: ${JSON.stringify(p.extra.statuses)}`)
            .join("; ")}`,
          `xlsx: one dry-run import each over HTTP, p50 ms = upload to the job's end; outcome: ${phases
            .filter((p) => p.extra.code !== undefined)
            .map((p) => `${p.row.variant}: ${String(p.extra.state)} ${String(p.extra.code)}`)
            .join("; ")}`,
          `temporary files left after every phase: ${phases.map((p) => p.extra.scratchFilesLeft).join(", ")}`,
          `load average at the end: ${loadavg()
            .map((l) => l.toFixed(2))
            .join(" ")} (times grow with it; the resident set does not)`,
        ],
        details: {
          startRssMb: startMb,
          phases: Object.fromEntries(phases.map((p) => [p.row.variant, p.extra])),
        },
      };
    } finally {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send({ kind: "stop" });
        setTimeout(() => {
          child.kill();
          resolve();
        }, 30_000).unref();
      });
      rmSync(work, { recursive: true, force: true });
    }
  },
};
