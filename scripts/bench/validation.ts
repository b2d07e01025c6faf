// The validation section of `npm run bench`: sealed licence PDFs validated per second by our engine (in this thread,
// and through ValidationPool on every core) beside poppler's pdfsig run as people run it (one process per file,
// trusting the dev root through an NSS database, no OCSP), on the same files, each variant bounded in time.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { FileKeyStore, LicenceSealer, createDevPki, readPkiSpec } from "@elicence/signer";
import {
  ValidationPool,
  validatePdf,
  type LiveStatus,
  type TrustListLike,
  type ValidationContext,
} from "@elicence/signer/verify";
import type { BenchOptions, BenchRow, BenchSection, SectionReport } from "./bench-section.js";
import { TEMPLATES_DIR, catalogueDepartments, catalogueTypes, licenceJob } from "./licence-jobs.js";
import { childrenCpuMs, cpuMsSince, peakRssMb, summarize, timedLoop } from "./measure.js";

const execFileAsync = promisify(execFile);
const DOCUMENTS = 20;
const HOUR = 3_600_000;

interface Sealed {
  file: string;
  bytes: Uint8Array;
  identifier: string;
}

function execPdfsig(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile("pdfsig", args, { encoding: "utf8" }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

/** `concurrency` loops running `step` back to back for `seconds`; each step's duration in ms. */
async function concurrentLoop(
  seconds: number,
  concurrency: number,
  step: (i: number) => Promise<unknown>,
): Promise<number[]> {
  let next = 0;
  const all = await Promise.all(
    Array.from({ length: concurrency }, () =>
      timedLoop(seconds, async () => {
        await step(next++);
      }),
    ),
  );
  return all.flat();
}

async function run(o: BenchOptions): Promise<SectionReport> {
  const work = await mkdtemp(path.join(tmpdir(), "elicence-bench-validation-"));
  try {
    const types = catalogueTypes();
    const sealedAt = new Date();
    const pki = await createDevPki({
      dir: path.join(work, "pki"),
      spec: await readPkiSpec(),
      departments: catalogueDepartments(types),
      baseUrl: "http://127.0.0.1:9/",
      // An hour before the seals, so pdfsig (which reads the real clock) accepts the certificates.
      now: new Date(sealedAt.getTime() - HOUR),
      keyStore: new FileKeyStore(path.join(work, "pki", "keys"), "bench passphrase", {
        scrypt: { log2N: 12, r: 8, p: 1 },
      }),
    });
    const sealer = new LicenceSealer({ templatesDir: TEMPLATES_DIR, pki });
    const registry = new Map<string, LiveStatus>();
    const sealed: Sealed[] = [];
    await mkdir(path.join(work, "pdf"));
    o.log(
      `validation: sealing ${DOCUMENTS} licences (${types.length} catalogue types, B-T with the dev TSA)`,
    );
    for (let n = 0; n < DOCUMENTS; n++) {
      const job = licenceJob(types, n, sealedAt);
      const r = await sealer.seal(job);
      const file = path.join(work, "pdf", `${n}.pdf`);
      await writeFile(file, r.bytes);
      sealed.push({ file, bytes: r.bytes, identifier: job.licence.identifier });
      registry.set(job.licence.identifier, {
        state: "01",
        documentSha256: r.sha256,
        supersededBy: null,
        validUntil: job.licence.validUntil,
      });
    }
    const trustList: TrustListLike = {
      issuedAt: sealedAt.toISOString(),
      seals: await Promise.all(
        pki.departments().map(async (d) => ({
          department: { code: d.code, name: d.name },
          certificate: Buffer.from((await pki.sealFor(d.code)).certificate.rawData).toString("base64"),
          status: "good" as const,
        })),
      ),
    };
    const now = new Date();
    const ctx: ValidationContext = {
      trust: { rootDer: new Uint8Array(pki.root.rawData), trustList },
      now,
      revocation: (c) => pki.statusOf(c.serialNumber, now),
      liveStatus: async (id) => registry.get(id) ?? null,
    };
    await writeFile(path.join(work, "root.pem"), pki.rootPem);
    const nssdir = `sql:${path.join(work, "nss")}`;
    await mkdir(path.join(work, "nss"));
    await execFileAsync("certutil", ["-N", "-d", nssdir, "--empty-password"]);
    await execFileAsync("certutil", [
      "-A",
      "-d",
      nssdir,
      "-n",
      "root",
      "-t",
      "CT,C,C",
      "-i",
      path.join(work, "root.pem"),
    ]);
    const pdfsigArgs = (file: string) => ["-nssdir", nssdir, "-no-ocsp", file];

    // Both tools must accept every file, or the rates compare nothing.
    const verdicts: Record<string, number> = {};
    const pdfsigAnswers: Record<string, number> = {};
    for (const s of sealed) {
      const report = await validatePdf(s.bytes, ctx);
      verdicts[report.verdict] = (verdicts[report.verdict] ?? 0) + 1;
      const out = await execPdfsig(pdfsigArgs(s.file));
      const answer = `${/Signature Validation: ([^\n]*)/u.exec(out)?.[1] ?? "?"} / ${/Certificate Validation: ([^\n]*)/u.exec(out)?.[1] ?? "?"}`;
      pdfsigAnswers[answer] = (pdfsigAnswers[answer] ?? 0) + 1;
    }
    o.log(`validation: our verdicts ${JSON.stringify(verdicts)}; pdfsig ${JSON.stringify(pdfsigAnswers)}`);

    const pool = new ValidationPool({ size: o.threads, maxQueue: 1000 });
    const at = (i: number) => sealed[i % sealed.length] as Sealed;
    const variants: {
      key: string;
      label: string;
      threads: number;
      external: boolean;
      step: (i: number) => Promise<unknown>;
    }[] = [
      {
        key: "engine-thread",
        label: "ours: validatePdf, this thread",
        threads: 1,
        external: false,
        step: (i) => validatePdf(at(i).bytes, ctx),
      },
      {
        key: "engine-pool",
        label: `ours: ValidationPool, ${o.threads} workers`,
        threads: o.threads,
        external: false,
        step: (i) => pool.validate(at(i).bytes, ctx),
      },
      {
        key: "pdfsig-1",
        label: "pdfsig, 1 process at a time",
        threads: 1,
        external: true,
        step: (i) => execPdfsig(pdfsigArgs(at(i).file)),
      },
      {
        key: "pdfsig-n",
        label: `pdfsig, ${o.threads} processes at a time`,
        threads: o.threads,
        external: true,
        step: (i) => execPdfsig(pdfsigArgs(at(i).file)),
      },
    ];
    const rows: BenchRow[] = [];
    const details: Record<string, unknown> = { verdicts, pdfsigAnswers, documents: DOCUMENTS };
    try {
      for (const v of variants.filter((x) => !o.only || x.key.includes(o.only))) {
        const load = loadavg()[0] ?? 0;
        o.log(
          `validation: ${v.label} — ${o.warmupSeconds} s warm-up, ${o.seconds} s measured (load average ${load.toFixed(1)})`,
        );
        // Each pool worker holds one job and a second waits, so no worker idles on the main thread.
        const concurrency = v.key === "engine-pool" ? v.threads * 2 : v.threads;
        await concurrentLoop(o.warmupSeconds, concurrency, v.step);
        const cpu0 = process.cpuUsage();
        const children0 = childrenCpuMs();
        const t0 = performance.now();
        const samples = await concurrentLoop(o.seconds, concurrency, v.step);
        const seconds = (performance.now() - t0) / 1000;
        const cpuMs = v.external ? childrenCpuMs() - children0 : cpuMsSince(cpu0);
        const row: BenchRow = {
          variant: v.label,
          threads: v.threads,
          docs: samples.length,
          seconds,
          docsPerSecond: samples.length / seconds,
          ...summarize(samples),
          cpuMsPerDoc: cpuMs / samples.length,
          peakRssMb: v.external ? Number.NaN : peakRssMb(),
        };
        rows.push(row);
        details[v.key] = { loadAverageAtStart: load, concurrency };
        o.log(`validation:   ${row.docsPerSecond.toFixed(1)} docs/s`);
      }
    } finally {
      await pool.close();
    }
    const rate = (key: string) =>
      rows.find((r) => r.variant === variants.find((v) => v.key === key)?.label)?.docsPerSecond ?? Number.NaN;
    const ratios = {
      threadVsPdfsig1: rate("engine-thread") / rate("pdfsig-1"),
      poolVsPdfsigN: rate("engine-pool") / rate("pdfsig-n"),
    };
    details.summary = { ratios, target: "≥ 5× pdfsig", met: ratios.poolVsPdfsigN >= 5 };
    return {
      rows,
      notes: [
        `Ours ÷ pdfsig: one thread vs one process at a time ${ratios.threadVsPdfsig1.toFixed(1)}×; pool vs ${o.threads} processes at a time ${ratios.poolVsPdfsigN.toFixed(1)}× (target ≥ 5×: ${ratios.poolVsPdfsigN >= 5 ? "met" : "NOT met"}).`,
        `Files: ${DOCUMENTS} sealed licences (every catalogue type in turn, PAdES B-T, dev PKI and TSA), the same bytes for both tools; our verdicts ${JSON.stringify(verdicts)}, pdfsig ${JSON.stringify(pdfsigAnswers)}.`,
        "Ours runs every check (structure, ByteRange, revisions, DocMDP, CMS digest and signature, ESS binding, chain, trust list, timestamp, revocation through the PKI's statusOf, live status and stored hash from an in-memory fake registry).",
        "pdfsig: `pdfsig -nssdir <NSS db trusting the root> -no-ocsp FILE`, one process per file as people run it (process start included); it checks the signed range's digest, the signature and the chain only.",
        "p50/p99 = time per document (ours: from call to report, pool queueing included; pdfsig: spawn to exit). CPU ms/doc = this process's threads for ours, the pdfsig children's CPU (/proc cutime+cstime) for pdfsig.",
        "Peak RSS: this process (shared by both of our rows, sealing included); not measured for pdfsig (NaN).",
      ],
      details,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export const validationSection: BenchSection = {
  name: "validation",
  title: "Validation: sealed licence PDFs validated per second, ours beside pdfsig",
  run,
};
