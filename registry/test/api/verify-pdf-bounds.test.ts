// POST /api/v1/verify/pdf under more uploads than it takes (issue 11): with one validation at a time and one more
// upload admitted, a third is refused at once with 503 REG_BUSY, Retry-After and the JSON error body, while the two
// admitted ones are still answered with their reports; an upload whose client goes away mid-body leaves no temporary
// file and gives its place back. Uploads are sent over a real socket, their bodies held back to keep them open.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, exampleIssue, pdfUpload, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
let port: number;
let pdf: Buffer;
const tmp = mkdtempSync(path.join(os.tmpdir(), "verify-bounds-"));

// What a crashed process left two hours ago, and a live sibling's folder.
const stale = path.join(tmp, "elicence-verify-crashed");
const live = path.join(tmp, "elicence-verify-sibling");
for (const d of [stale, live]) {
  mkdirSync(d);
  writeFileSync(path.join(d, "upload.pdf"), "%PDF-");
}
utimesSync(stale, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));

beforeAll(async () => {
  h = await startHarness({
    signing: true,
    start: new Date(),
    // Every upload here comes from this one address: it may hold the whole gate (the per-address share is tested in
    // fuzz/slow-uploads.test.ts).
    verifyPdf: { rateLimitMax: 1000, tmpDir: tmp, perAddress: 10 },
    limits: { verifyPdfConcurrency: 1, verifyPdfQueue: 1 },
  });
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  port = (h.app.server.address() as net.AddressInfo).port;
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `bounds-${randomBytes(6).toString("hex")}` }),
    payload: exampleIssue(h.catalogue, TYPES.food),
  });
  expect(res.statusCode, res.body).toBe(201);
  const { identifier } = res.json<{ identifier: string }>();
  const doc = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(h.key.auditor),
  });
  expect(doc.statusCode).toBe(200);
  pdf = doc.rawPayload;
}, 60_000);
afterAll(async () => {
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The files of uploads being received or waiting, in this process's spool folder. */
function spooled(): string[] {
  return readdirSync(tmp)
    .filter((d) => d.startsWith("elicence-verify-") && path.join(tmp, d) !== live)
    .flatMap((d) => readdirSync(path.join(tmp, d)));
}

/** Waits for a condition the server reaches on its own (no timing asserted: the test's timeout is the bound). */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 2000) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An upload over its own connection: headers and the start of the body at once, the rest when `finish` is called
 * (or never: `abort` closes the connection mid-body). `answer` resolves with the response, whenever it comes.
 */
function upload(file: Buffer) {
  const form = pdfUpload(file);
  const body = form.payload;
  const socket = net.connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  socket.on("error", () => undefined);
  const answer = new Promise<Answer>((resolve) =>
    socket.on("close", () => {
      const raw = Buffer.concat(chunks).toString("latin1");
      const [head = "", ...rest] = raw.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: Buffer.from(rest.join("\r\n\r\n"), "latin1").toString("utf8"),
      });
    }),
  );
  const split = 2048;
  socket.write(
    `POST /api/v1/verify/pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: ${form.headers["content-type"]}\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  socket.write(body.subarray(0, split));
  return {
    answer,
    finish: () => socket.write(body.subarray(split)),
    abort: () => socket.destroy(),
  };
}

/** The JSON of a chunked or plain response body. */
function json<T>(a: Answer): T {
  const text = a.headers["transfer-encoding"] === "chunked" ? dechunk(a.body) : a.body;
  return JSON.parse(text) as T;
}
function dechunk(s: string): string {
  let out = "";
  let rest = Buffer.from(s, "utf8");
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = parseInt(rest.subarray(0, eol).toString(), 16);
    if (!size) return out;
    out += rest.subarray(eol + 2, eol + 2 + size).toString("utf8");
    rest = rest.subarray(eol + 4 + size);
  }
}

describe("POST /api/v1/verify/pdf, bounded", () => {
  it("removes at start the upload folder a crashed process left, not one in use", () => {
    const folders = readdirSync(tmp);
    expect(folders).not.toContain(path.basename(stale));
    expect(folders).toContain(path.basename(live));
    expect(spooled()).toEqual([]);
  });

  it("past the running and queued uploads: 503 REG_BUSY at once, and the admitted ones still answered", async () => {
    const first = upload(pdf);
    const second = upload(pdf);
    // Both admitted and receiving: each has its file in the spool.
    await until("two uploads spooled", () => spooled().length === 2);
    const third = upload(pdf);
    third.finish();
    const refused = await third.answer;
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.headers["content-type"]).toMatch(/application\/json/u);
    const error = json<{ code: string; message: string; details: unknown[]; requestId: string }>(refused);
    expect(error.code).toBe("REG_BUSY");
    expect(error.message).toMatch(/1 PDF validations are running and 1 more uploads are waiting/u);
    expect(error.details).toEqual([]);
    expect(error.requestId).toBe(refused.headers["x-request-id"]);

    first.finish();
    second.finish();
    for (const a of [await first.answer, await second.answer]) {
      expect(a.status, a.body).toBe(200);
      expect(json<{ verdict: string }>(a).verdict).toBe("TOTAL-PASSED");
    }
    expect(spooled()).toEqual([]);
  }, 60_000);

  it("an upload cut off mid-body leaves no temporary file and gives its place back", async () => {
    // Both places taken by uploads whose clients then go away.
    const cut = [upload(pdf), upload(pdf)];
    await until("two uploads spooled", () => spooled().length === 2);
    for (const c of cut) c.abort();
    await until("the cut-off uploads' files removed", () => spooled().length === 0);
    // Were their places kept, this one would be refused with 503.
    const next = upload(pdf);
    next.finish();
    const a = await next.answer;
    expect(a.status, a.body).toBe(200);
    expect(json<{ verdict: string }>(a).verdict).toBe("TOTAL-PASSED");
    expect(spooled()).toEqual([]);
  }, 60_000);
});
