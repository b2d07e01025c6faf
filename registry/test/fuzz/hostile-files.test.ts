// Hostile files (issue 11) to both upload routes: empty, random bytes, a PDF header then garbage, a real sealed PDF
// cut short or with bytes flipped, ZIPs that are not workbooks, CSVs in the wrong encoding. POST /api/v1/verify/pdf
// answers a validation report or a 4xx; POST /api/v1/imports answers a 4xx, or a job that ends with a report (a
// job that fails must fail with the file's problem, never REG_INTERNAL, the background job's 500).
import { randomBytes } from "node:crypto";
import os from "node:os";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { issueExample } from "../support/sessions.js";
import { zip } from "../import/ooxml-fixtures.js";
import { FOOD_HEADER, goodFoodRow, rowCells, TITLE, toCsv } from "../import/register-fixtures.js";
import { expectClientErrorOrSuccess } from "./error-shape.js";

let h: Harness;
let sealed: Buffer;
beforeAll(async () => {
  h = await startHarness({ signing: true, limits: { verifyPdfPerMinute: 10_000 } });
  const { identifier } = await issueExample(h, TYPES.food, "fuzz-files-0000001");
  for (let i = 0; i < 400; i++) {
    const res = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核对")}`,
      headers: auth(h.key.issuer),
    });
    if (res.statusCode === 200) {
      sealed = res.rawPayload;
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the sealed PDF never came");
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const csv = (rows: number) => {
  const lines = [[TITLE], [...FOOD_HEADER]];
  for (let i = 1; i <= rows; i++) lines.push(rowCells(goodFoodRow(i)));
  return toCsv(lines);
};

/** Named files; the ones that need the sealed PDF are functions. */
const FILES: [string, () => Buffer][] = [
  ["an empty file", () => Buffer.alloc(0)],
  ["one NUL byte", () => Buffer.from([0])],
  ["4 KiB of random bytes", () => randomBytes(4096)],
  ["a PDF header then garbage", () => Buffer.concat([Buffer.from("%PDF-1.7\n%âãÏÓ\n"), randomBytes(2048)])],
  [
    "a PDF header and a trailer pointing nowhere",
    () => Buffer.from("%PDF-1.7\ntrailer\n<< /Root 999 0 R /Size 1 >>\nstartxref\n99999999\n%%EOF\n"),
  ],
  [
    "a PDF whose objects nest 10,000 deep",
    () => Buffer.from(`%PDF-1.7\n1 0 obj\n${"[".repeat(10_000)}${"]".repeat(10_000)}\nendobj\n%%EOF\n`),
  ],
  ["the sealed PDF cut in half", () => sealed.subarray(0, Math.floor(sealed.length / 2))],
  ["the sealed PDF without its last 100 bytes", () => sealed.subarray(0, sealed.length - 100)],
  [
    "the sealed PDF with 64 bytes flipped",
    () => {
      const copy = Buffer.from(sealed);
      for (let i = 0; i < 64; i++) copy[(i * 7919) % copy.length]! ^= 0xff;
      return copy;
    },
  ],
  ["a ZIP that is not a workbook", () => zip([["hello.txt", "hello"]])],
  [
    "a ZIP with a content-types part and no workbook",
    () =>
      zip([
        [
          "[Content_Types].xml",
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        ],
      ]),
  ],
  [
    "a ZIP with a workbook part that is not XML",
    () =>
      zip([
        ["[Content_Types].xml", "<Types/>"],
        ["xl/workbook.xml", randomBytes(512)],
        ["_rels/.rels", "<<<"],
      ]),
  ],
  [
    "a ZIP header then garbage",
    () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(1024)]),
  ],
  ["a ZIP cut short", () => zip([["xl/workbook.xml", "x".repeat(5000)]]).subarray(0, 200)],
  [
    "a CSV with bytes that are not UTF-8",
    () =>
      Buffer.concat([
        Buffer.from(csv(2)),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x2c, 0xed, 0xa0, 0x80, 0x0a]),
      ]),
  ],
  [
    "a CSV in GBK (the header bytes of a Chinese Excel export)",
    () =>
      Buffer.from([
        0xba, 0xa3, 0xb7, 0xe1, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0xd2, 0xbb, 0x2c, 0xb6, 0xfe, 0x0a,
      ]),
  ],
  [
    "a CSV in UTF-16 with its byte-order mark",
    () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(2), "utf16le")]),
  ],
  [
    "a CSV of NULs and control characters",
    () => Buffer.from(`${TITLE}\n${FOOD_HEADER.join(",")}\n\u0000,\u0001\u001b,\u0085\r\r\r\n`),
  ],
  [
    "a CSV with an unclosed quote",
    () => Buffer.from(`${TITLE}\n${FOOD_HEADER.join(",")}\n"${"x".repeat(10_000)}`),
  ],
  ["a CSV with one row of 100,000 columns", () => Buffer.from(`${TITLE}\n${",".repeat(100_000)}\n`)],
];

function form(file: Buffer, fields: Record<string, string> = {}, filename = "upload.bin"): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append("file", new Blob([file]), filename);
  return f;
}

/** The answer's verdict (null for a 4xx); never a 5xx. */
async function verify(file: Buffer): Promise<string | null> {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/verify/pdf",
    payload: form(file, {}, "licence.pdf"),
  });
  expectClientErrorOrSuccess(
    { status: res.statusCode, contentType: res.headers["content-type"] as string, body: res.body },
    "verify/pdf",
  );
  return res.statusCode === 200 ? res.json<{ verdict: string }>().verdict : null;
}

async function importFile(file: Buffer, filename: string): Promise<void> {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/imports",
    headers: auth(h.key.issuer),
    payload: form(file, { typeCode: TYPES.food, dryRun: "true" }, filename),
  });
  const answer = {
    status: res.statusCode,
    contentType: res.headers["content-type"] as string,
    body: res.body,
  };
  expectClientErrorOrSuccess(answer, "imports");
  if (res.statusCode >= 400) return;
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json<{ jobId: string }>();
  let job: { state: string; error?: { code: string } } = { state: "queued" };
  for (let i = 0; i < 800 && job.state !== "done" && job.state !== "failed"; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 25));
    job = (
      await h.app.inject({ method: "GET", url: `/api/v1/imports/${jobId}`, headers: auth(h.key.issuer) })
    ).json();
  }
  expect(job.state, JSON.stringify(job)).toMatch(/^(done|failed)$/u);
  expect(job.error?.code, JSON.stringify(job)).not.toBe("REG_INTERNAL");
  // The problem names the file, never where the server keeps it (the UTF-16 message gave the temp path).
  expect(JSON.stringify(job.error ?? {})).not.toContain(os.tmpdir());
  const report = await h.app.inject({
    method: "GET",
    url: `/api/v1/imports/${jobId}/report`,
    headers: auth(h.key.issuer),
  });
  expectClientErrorOrSuccess(
    { status: report.statusCode, contentType: report.headers["content-type"] as string, body: report.body },
    "import report",
  );
}

describe("POST /api/v1/verify/pdf with hostile files", () => {
  for (const [what, file] of FILES)
    it(`${what}: a report that does not pass, or a 4xx`, async () => {
      const verdict = await verify(file());
      expect(verdict ?? "4xx").not.toBe("TOTAL-PASSED");
    });

  it("the sealed PDF itself passes (the cases above are judged by the same route)", async () => {
    expect(await verify(sealed)).toBe("TOTAL-PASSED");
  });

  it("random bytes and random corruptions of the sealed PDF: a report or a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
          fc
            .array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 20 })
            .map((flips) => {
              const copy = Buffer.from(sealed);
              for (const [at, x] of flips) copy[at % copy.length]! ^= x;
              return copy;
            }),
        ),
        async (file) => void (await verify(file)),
      ),
      { numRuns: 15 },
    );
  });
});

describe("POST /api/v1/imports with hostile files", () => {
  for (const [what, file] of FILES)
    it(`${what}: a 4xx, or a job that ends with a report`, async () => importFile(file(), "register.csv"));

  it("a file named .xlsx that is a CSV, and one named .csv that is a ZIP", async () => {
    await importFile(Buffer.from(csv(1)), "register.xlsx");
    await importFile(zip([["hello.txt", "hello"]]), "register.csv");
  });
});

describe("generated multipart forms", () => {
  const CRLF = "\r\n";
  /** Header-safe hostile text (a header line cannot hold CR or LF; everything else goes). */
  const headerText = fc.oneof(
    fc.constantFrom(
      "file",
      "typeCode",
      "dryRun",
      "",
      "__proto__",
      "constructor",
      "文件",
      "a\u0000b",
      '"',
      "\\",
      ";",
      "=",
      "name",
    ),
    fc.string({ unit: "binary", maxLength: 20 }).map((s) => s.replace(/[\r\n]/gu, "")),
  );
  const part = fc.record({
    disposition: fc.oneof(
      fc
        .tuple(headerText, fc.option(headerText, { nil: undefined }))
        .map(
          ([name, filename]) =>
            `form-data; name="${name}"${filename === undefined ? "" : `; filename="${filename}"`}`,
        ),
      fc.constantFrom(
        "form-data",
        "form-data;!name=file",
        "attachment; name=file",
        "form-data; name=file; filename*=UTF-8''%E6%B5%B7.csv",
        "",
      ),
    ),
    contentType: fc.option(
      fc.constantFrom(
        "application/pdf",
        "text/csv; charset=gbk",
        "application/json",
        "multipart/mixed; boundary=x",
        "x",
      ),
      {
        nil: undefined,
      },
    ),
    body: fc.oneof(
      fc.constantFrom(TYPES.food, "true", "%PDF-1.7\n", ""),
      fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString("latin1")),
    ),
  });
  const formArb = fc.record({
    boundary: fc.oneof(
      fc.constantFrom("b", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "x".repeat(70)),
      fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/u),
    ),
    parts: fc.array(part, { maxLength: 5 }),
    closed: fc.boolean(),
  });
  const bodyOf = (f: {
    boundary: string;
    parts: { disposition: string; contentType?: string; body: string }[];
    closed: boolean;
  }) =>
    Buffer.from(
      f.parts
        .map(
          (p) =>
            `--${f.boundary}${CRLF}content-disposition: ${p.disposition}${CRLF}` +
            `${p.contentType ? `content-type: ${p.contentType}${CRLF}` : ""}${CRLF}${p.body}${CRLF}`,
        )
        .join("") + (f.closed ? `--${f.boundary}--${CRLF}` : ""),
      "latin1",
    );

  for (const [url, headers] of [
    ["/api/v1/verify/pdf", () => ({})],
    ["/api/v1/imports", () => auth(h.key.issuer)],
  ] as const)
    it(`${url}: any form is answered with a success or a 4xx JSON error body`, async () => {
      await fc.assert(
        fc.asyncProperty(formArb, async (f) => {
          const res = await h.app.inject({
            method: "POST",
            url,
            headers: { ...headers(), "content-type": `multipart/form-data; boundary=${f.boundary}` },
            payload: bodyOf(f),
          });
          expectClientErrorOrSuccess(
            { status: res.statusCode, contentType: res.headers["content-type"] as string, body: res.body },
            `${url} form ${JSON.stringify(f).slice(0, 500)}`,
          );
        }),
        { numRuns: 40 },
      );
    });
});
