// Every value the schema allows prints, through the API: a 营业执照 with a 200-character 住所 and a 2,000-character
// 经营范围 (both at their schema maximum) is issued (201), sealed, and the PDF — the licence page plus attachment
// pages (附页) carrying the rest of the scope — passes the registry's own verification and, where poppler is
// installed, pdfsig and pdftotext find it valid and whole.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { auth, exampleIssue, pdfUpload, startHarness, TYPES, type Harness } from "../support/harness.js";
import { randomValidCreditCode, seededRng } from "@elicence/core";

let h: Harness;
const work = mkdtempSync(path.join(os.tmpdir(), "elicence-long-issue-"));
beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date(), verifyPdf: { rateLimitMax: 1000 } });
});
afterAll(async () => {
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});

/** `length` characters of real-looking text: wide ideographs, full-width punctuation, Latin words and digits. */
function textOf(length: number, seed: string): string {
  const piece = `${seed}：食品经营（不含许可类）；ISO9001 咨询服务；www.example.com.cn 运营；20英尺集装箱堆存，`;
  return [...piece.repeat(Math.ceil(length / [...piece].length) + 1)].slice(0, length).join("");
}

function has(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;
}

describe("a business licence with every long field at its maximum", () => {
  it("is issued (201), sealed, verifies TOTAL-PASSED, and prints every character", async () => {
    const body = exampleIssue(h.catalogue, TYPES.business);
    const domicile = textOf(200, "住所");
    const businessScope = textOf(2000, "一般项目");
    expect([...domicile].length).toBe(200);
    expect([...businessScope].length).toBe(2000);
    body.fields.domicile = domicile;
    body.fields.businessScope = businessScope;

    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "idempotency-key": `long-${randomBytes(6).toString("hex")}` }),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const lic = res.json<{ identifier: string; documentSha256: string }>();
    expect(lic.documentSha256).toMatch(/^[0-9a-f]{64}$/u);

    const download = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${lic.identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
      headers: auth(h.key.auditor),
    });
    expect(download.statusCode).toBe(200);
    const pdf = new Uint8Array(download.rawPayload);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);

    // The registry's verification: signature, chain, timestamp, DocMDP, live status, stored document hash.
    const verified = await h.app.inject({ method: "POST", url: "/api/v1/verify/pdf", ...pdfUpload(pdf) });
    expect(verified.statusCode, verified.body).toBe(200);
    const report = verified.json<{ verdict: string; identifier: string }>();
    expect(report.verdict, verified.body).toBe("TOTAL-PASSED");
    expect(report.identifier).toBe(lic.identifier);

    if (!has("pdftotext") || !has("pdfsig")) {
      console.warn("long-values-issue: pdftotext/pdfsig checks skipped, poppler-utils is not installed");
      return;
    }
    const file = path.join(work, "long.pdf");
    writeFileSync(file, pdf);
    const compact = (s: string) => s.replace(/\s+/gu, "");
    const pageText = (n: number) =>
      spawnSync("pdftotext", ["-raw", "-enc", "UTF-8", "-f", String(n), "-l", String(n), file, "-"], {
        encoding: "utf8",
      }).stdout;
    const scope = compact(businessScope);
    // The licence page holds a beginning of the scope, up to the continuation mark…
    const first = compact(pageText(1)).replace(/第\d+页共\d+页/gu, "");
    expect(first).toContain(compact(domicile));
    expect(first).toContain("（续见附页）");
    const before = first.slice(0, first.indexOf("（续见附页）"));
    const start = before.indexOf(scope.slice(0, 20));
    expect(start).toBeGreaterThanOrEqual(0);
    const shown = before.slice(start);
    expect(shown.length).toBeGreaterThan(100);
    expect(scope.startsWith(shown)).toBe(true);
    // …and the attachment pages hold exactly the rest, under 经营范围（续）, between their headers and notes.
    let rest = "";
    for (let n = 2; n <= doc.getPageCount(); n++) {
      const lines = pageText(n)
        .split("\n")
        .filter(
          (l) =>
            !/附页）$|^证照标识：|^名称：|^本附页|^经营范围（续）：$|^第 \d+ 页 共 \d+ 页$|^\f?$/u.test(
              l.trim(),
            ),
        );
      rest += compact(lines.join(""));
    }
    expect(shown + rest).toBe(scope);
    const sig = spawnSync("pdfsig", [file], { encoding: "utf8" }).stdout;
    expect(sig).toContain("Signature Validation: Signature is Valid.");
    expect(sig).toContain("Total document signed");
  });

  it("a character the licence font cannot print is the request's fault: 422 naming each field, not a 500", async () => {
    const body = exampleIssue(h.catalogue, TYPES.business);
    // Another organisation than the earlier tests' (one credit code has one name on its live licences).
    body.holder.code = randomValidCreditCode(seededRng(20261207), {
      registrationAuthority: "9",
      orgType: "2",
      division: "441521",
    });
    body.holder.name = "海丰县\u{20000}记商行";
    body.fields.domicile = "海丰县海城镇😀路1号";
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "idempotency-key": `glyph-${randomBytes(6).toString("hex")}` }),
      payload: body,
    });
    // Refused at entry with the other problems of the request, before anything is stored or sealed.
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json<{ code: string; details: { field: string; code: string; message: string }[] }>();
    expect(error.code).toBe("REG_VALIDATION_FAILED");
    expect(error.details.map((d) => `${d.field}:${d.code}`)).toEqual([
      "holder.name:REG_FIELD_UNPRINTABLE",
      "fields.domicile:REG_FIELD_UNPRINTABLE",
    ]);
    expect(error.details[0]?.message).toContain("U+20000");
    expect(error.details[1]?.message).toContain("U+1F600");
    // The message names code points, never the value (personal data).
    expect(res.body).not.toContain("记商行");
  });
});
