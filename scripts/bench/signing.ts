// The signing section of `npm run bench`: sealed licences per second through the worker pool on every core (B-T with
// the dev PKI's own TSA, and B-B), beside the cryptographic ceiling (SHA-256 of the same PDF + ECDSA P-256 with
// node:crypto, every core) and the naive baseline (pdf-lib + fontkit subsetting + @signpdf, one thread).
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileKeyStore, createDevPki, readPkiSpec } from "@elicence/signer";
import type { BenchOptions, BenchRow, BenchSection, SectionReport } from "./bench-section.js";
import { catalogueDepartments, catalogueTypes } from "./licence-jobs.js";
import type { VariantName, VariantRequest, VariantResult } from "./signing-variant.js";
import { benchRow, runVariantChild } from "./variant-process.js";

const VARIANT_FILE = fileURLToPath(new URL("./signing-variant.ts", import.meta.url));
const PASSPHRASE = "bench passphrase";

const VARIANTS: { name: VariantName; label: string }[] = [
  { name: "pool-bt", label: "sealed licence B-T (pool, local TSA)" },
  { name: "pool-bb", label: "sealed licence B-B (pool, no TSA)" },
  { name: "crypto", label: "crypto ceiling: SHA-256 + P-256 sign" },
  { name: "naive", label: "naive: pdf-lib+fontkit subset+@signpdf" },
];

function runChild(request: VariantRequest): Promise<VariantResult> {
  return runVariantChild(VARIANT_FILE, request, request.variant);
}

async function run(o: BenchOptions): Promise<SectionReport> {
  const types = catalogueTypes();
  const work = await mkdtemp(path.join(tmpdir(), "elicence-bench-"));
  try {
    const pkiDir = path.join(work, "pki");
    o.log(`signing: creating a dev PKI for ${catalogueDepartments(types).length} departments in ${pkiDir}`);
    await createDevPki({
      dir: pkiDir,
      spec: await readPkiSpec(),
      departments: catalogueDepartments(types),
      baseUrl: "http://localhost:3000/",
      now: new Date(),
      // A throwaway PKI: a low scrypt cost only shortens each worker's start, never a document.
      keyStore: new FileKeyStore(path.join(pkiDir, "keys"), PASSPHRASE, {
        scrypt: { log2N: 12, r: 8, p: 1 },
      }),
    });
    const rows: BenchRow[] = [];
    const details: Record<string, unknown> = {};
    for (const v of VARIANTS.filter((x) => !o.only || x.name.includes(o.only))) {
      const load = loadavg()[0] ?? 0;
      o.log(
        `signing: ${v.label} — ${o.warmupSeconds} s warm-up, ${o.seconds} s measured (load average ${load.toFixed(1)})`,
      );
      const r = await runChild({
        variant: v.name,
        seconds: o.seconds,
        warmupSeconds: o.warmupSeconds,
        threads: o.threads,
        pkiDir,
        passphrase: PASSPHRASE,
        samplePdf: path.join(work, "sample.pdf"),
      });
      const row = benchRow(v.label, r);
      rows.push(row);
      details[v.name] = { ...r.extra, loadAverageAtStart: load };
      o.log(`signing:   ${row.docsPerSecond.toFixed(1)} docs/s`);
    }
    return {
      rows,
      notes: [
        `Catalogue: ${types.length} licence types in turn, each document with its own identifier and a signed QR payload (COSE, as the registry seals); the dev PKI's ECDSA P-256 e-seals.`,
        "Pool rows: every core through SealingPool (worker threads); p50/p99 = time a worker spends on one document; CPU ms/doc = all threads of the process.",
        "B-T gets its timestamp from the dev PKI's TSA inside each worker (its cost is part of the row); B-B has no timestamp.",
        "Crypto ceiling: SHA-256 of a sealed licence PDF + ECDSA P-256 sign (node:crypto, fresh key), every core.",
        "Naive: one thread; the 10 MB font parsed and subset by fontkit for every document, @signpdf P12Signer (node-forge, RSA-2048: forge has no ECDSA).",
        "fontkit's subsetter drops CJK glyphs, so the naive PDFs are not correct licences: the row is about cost only.",
        "Peak RSS is per child process (one per row) and covers all its threads; workers' own heap peaks are in the JSON.",
        `Load average before each row is in the JSON: the machine is shared, and docs/s and CPU ms/doc fall as it rises.`,
      ],
      details,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export const signingSection: BenchSection = {
  name: "signing",
  title: "Signing: sealed licence PDFs per second",
  run,
};
