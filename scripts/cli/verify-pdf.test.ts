// `elicence verify FILE.pdf` against a registry's data directory: a licence it sealed passes (exit 0), a tampered copy
// fails (1), a superseded version is indeterminate (3), and bad usage exits 2 — the same engine and reasons as the API.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type RegistryConfig } from "@elicence/registry";
import {
  auth,
  exampleIssue,
  startHarness,
  TYPES,
  type Harness,
} from "../../registry/test/support/harness.js";
import { main } from "./main.js";
import { verifyPdfCommand } from "./verify-pdf.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let h: Harness;
let config: RegistryConfig;
let env: Record<string, string>;
let licence: { identifier: string; file: string; bytes: Uint8Array };

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, out: { log: (s: string) => lines.out.push(s), err: (s: string) => lines.err.push(s) } };
}

async function issue(): Promise<{ identifier: string; bytes: Uint8Array }> {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `cli-verify-${randomBytes(6).toString("hex")}` }),
    payload: exampleIssue(h.catalogue, TYPES.food),
  });
  expect(res.statusCode, res.body).toBe(201);
  const identifier = res.json<{ identifier: string }>().identifier;
  const pdf = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(h.key.auditor),
  });
  return { identifier, bytes: new Uint8Array(pdf.rawPayload) };
}

beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date() });
  env = {
    ELICENCE_DATA_DIR: h.dir,
    ELICENCE_BASE_URL: "http://127.0.0.1:8080",
    ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
  };
  config = loadConfig(env, REPO);
  const l = await issue();
  const file = path.join(h.dir, "licence.pdf");
  writeFileSync(file, l.bytes);
  licence = { ...l, file };
});
afterAll(async () => {
  await h?.close();
});

describe("elicence verify FILE.pdf", () => {
  it("exits 0 for a licence the registry sealed, naming the licence and every check", async () => {
    const { lines, out } = capture();
    expect(await verifyPdfCommand([licence.file], out, config)).toBe(0);
    expect(lines.out[0]).toBe(`${licence.file}: TOTAL-PASSED`);
    expect(lines.out).toContain(`  licence ${licence.identifier}`);
    expect(lines.out.some((l) => l.includes("licence-status") && l.includes("VER_PDF_LICENCE_CURRENT"))).toBe(
      true,
    );
    expect(lines.out.filter((l) => l.startsWith("  ok  ")).length).toBeGreaterThanOrEqual(14);
  });

  it("exits 1 for a tampered copy and prints the report as JSON with --json", async () => {
    const tampered = new Uint8Array(licence.bytes);
    const at = Buffer.from(tampered).indexOf("stream\n") + 60;
    tampered[at] = (tampered[at] as number) ^ 0xff;
    const file = path.join(h.dir, "tampered.pdf");
    writeFileSync(file, tampered);
    const { lines, out } = capture();
    expect(await verifyPdfCommand([file, "--json"], out, config)).toBe(1);
    const report = JSON.parse(lines.out.join("\n")) as { verdict: string; reason: { code: string } };
    expect(report.verdict).toBe("TOTAL-FAILED");
    expect(report.reason.code).toBe("VER_PDF_CMS_DIGEST_MISMATCH");
  });

  it("exits 1 when the seal is genuine but the licence was superseded, saying so", async () => {
    const amend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${licence.identifier}/amend`,
      headers: auth(h.key.issuer),
      payload: { reason: "法定代表人变更", fields: { legalRepresentative: "陈海峰" } },
    });
    expect(amend.statusCode, amend.body).toBe(201);
    const { lines, out } = capture();
    expect(await verifyPdfCommand([licence.file], out, config)).toBe(1);
    expect(lines.out.join("\n")).toContain("VER_PDF_LICENCE_SUPERSEDED");
  });

  it("exits 2 on bad usage or an unreadable file, naming every unreadable operand", async () => {
    const { lines, out } = capture();
    expect(await main(["verify"], out, env)).toBe(2);
    expect(await main(["verify", path.join(h.dir, "missing.pdf")], out, env)).toBe(2);
    expect(await main(["verify", "a.pdf", "b.pdf"], out, env)).toBe(2);
    const err = lines.err.join("\n");
    expect(err).toMatch(
      /usage: elicence verify FILE\.pdf[\s\S]*cannot read[\s\S]*usage: elicence verify FILE\.pdf/,
    );
    expect(err).toContain("cannot read a.pdf (ENOENT)");
    expect(err).toContain("cannot read b.pdf (ENOENT)");
    expect(await main(["verify", licence.file, "--threads", "0"], out, env)).toBe(2);
    expect(await main(["verify", licence.file, "--report", "out.xlsx"], out, env)).toBe(2);
    expect(lines.err.join("\n")).toContain("--report writes CSV");
  });
});

describe("elicence verify DIR|FILE… --report OUT.csv (auditors, many files)", () => {
  let dir: string;
  let tamperedFile: string;
  let current: { identifier: string; file: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(h.dir, "batch-"));
    mkdirSync(path.join(dir, "nested"));
    const tampered = new Uint8Array(licence.bytes);
    const at = Buffer.from(tampered).indexOf("stream\n") + 60;
    tampered[at] = (tampered[at] as number) ^ 0xff;
    tamperedFile = path.join(dir, "b-tampered.pdf");
    writeFileSync(tamperedFile, tampered);
    const fresh = await issue();
    current = { identifier: fresh.identifier, file: path.join(dir, "nested", "c-current.PDF") };
    writeFileSync(current.file, fresh.bytes);
    writeFileSync(path.join(dir, "a-superseded.pdf"), licence.bytes);
    writeFileSync(path.join(dir, "notes.txt"), "not a PDF: ignored when walking a directory");
  });

  it("validates every PDF below a directory with the pool, one line each, and exits 1 when any failed", async () => {
    const { lines, out } = capture();
    expect(await main(["verify", dir, "--threads", "2"], out, env)).toBe(1);
    const rows = lines.out.filter((l) => /^(TOTAL-|INDETERMINATE|UNREADABLE)/u.test(l));
    expect(rows).toHaveLength(3);
    expect(rows.join("\n")).not.toContain("notes.txt");
    expect(rows.find((l) => l.includes("c-current.PDF"))).toMatch(/^TOTAL-PASSED/u);
    expect(rows.find((l) => l.includes("b-tampered.pdf"))).toMatch(
      /^TOTAL-FAILED .*VER_PDF_CMS_DIGEST_MISMATCH/u,
    );
    expect(rows.find((l) => l.includes("a-superseded.pdf"))).toMatch(/VER_PDF_LICENCE_SUPERSEDED/u);
    expect(lines.out.join("\n")).toContain("3 files: 1 passed, 2 failed, 0 indeterminate (2 workers)");
  });

  it("writes one CSV row per file, in order, with the verdict, licence, reason and Chinese summary", async () => {
    const report = path.join(h.dir, "audit.csv");
    const { out } = capture();
    expect(await main(["verify", dir, licence.file, "--report", report], out, env)).toBe(1);
    const text = readFileSync(report, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = text
      .slice(1)
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(rows[0]?.[0]).toBe("文件 file");
    expect(rows.slice(1).map((r) => path.basename(r[0] ?? ""))).toEqual([
      "a-superseded.pdf",
      "b-tampered.pdf",
      "c-current.PDF",
      "licence.pdf",
    ]);
    const byName = new Map(rows.slice(1).map((r) => [path.basename(r[0] ?? ""), r]));
    expect(byName.get("c-current.PDF")?.slice(1, 4)).toEqual(["TOTAL-PASSED", current.identifier, ""]);
    expect(byName.get("b-tampered.pdf")?.[3]).toBe("VER_PDF_CMS_DIGEST_MISMATCH");
    expect(byName.get("licence.pdf")?.[2]).toBe(licence.identifier);
    for (const r of rows.slice(1)) expect(r[4], r.join(",")).toMatch(/\p{Script=Han}/u);
  });

  it("answers --json with the totals and every file's report, and exits 0 when all passed", async () => {
    const { lines, out } = capture();
    expect(await main(["verify", path.join(dir, "nested"), "--json"], out, env)).toBe(0);
    const answer = JSON.parse(lines.out.join("\n")) as {
      totals: Record<string, number>;
      files: { file: string; report: { verdict: string; identifier: string } }[];
    };
    expect(answer.totals).toEqual({ passed: 1, failed: 0, indeterminate: 0, unreadable: 0 });
    expect(answer.files[0]?.report.identifier).toBe(current.identifier);
  });

  it("reports an empty directory as such and exits 0", async () => {
    const empty = mkdtempSync(path.join(h.dir, "empty-"));
    const { lines, out } = capture();
    expect(await main(["verify", empty], out, env)).toBe(0);
    expect(lines.err.join("\n")).toContain("no PDF files in");
  });
});
