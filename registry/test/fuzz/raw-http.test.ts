// Raw HTTP over a real socket (issue 11): what a broken client or an attacker puts on the wire, for the JSON routes and
// both upload routes (POST /api/v1/verify/pdf, POST /api/v1/imports). Every case gets an answer, a 4xx with the JSON
// error body: even a client that stops sending before its declared body is complete is told so before the close.
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { expectClientErrorOrSuccess } from "./error-shape.js";
import { isComplete, rawRequest, type RawAnswer } from "./raw-http.js";

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness({ signing: true, limits: { verifyPdfPerMinute: 10_000 } });
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await h?.close();
});

const CRLF = "\r\n";

/** A request's bytes: the request line and headers as given (no content-length added), then the body. */
function wire(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | string = "",
): Buffer {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    "host: 127.0.0.1",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([
    Buffer.from(lines.join(CRLF) + CRLF + CRLF, "latin1"),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);
}
const withLength = (headers: Record<string, string>, body: Buffer | string) => ({
  ...headers,
  "content-length": String(Buffer.byteLength(body)),
});

/** An answer came: a success, or a 4xx with the JSON error body. */
function expectAnswered(a: RawAnswer, what: string): void {
  expect(a.status, `${what}: no answer (closed=${a.closed}) ${a.body.slice(0, 200)}`).not.toBeNull();
  expectClientErrorOrSuccess(
    { status: a.status!, contentType: a.headers["content-type"], body: a.body },
    what,
  );
}

function expectClientError(
  a: RawAnswer,
  what: string,
): { code: string; details: { field: string; code: string }[] } {
  expectAnswered(a, what);
  expect(a.status, what).toBeGreaterThanOrEqual(400);
  return JSON.parse(a.body) as { code: string; details: { field: string; code: string }[] };
}

const issuer = () => ({ authorization: `Bearer ${h.key.issuer}` });
const json = { "content-type": "application/json" };
const issueBody = () => JSON.stringify(exampleIssue(h.catalogue, TYPES.food));

describe("JSON routes on the wire", () => {
  const cases: [string, () => Buffer][] = [
    [
      "invalid UTF-8 bytes in a JSON body",
      () => {
        const body = Buffer.concat([
          Buffer.from('{"holderCode":"'),
          Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]),
          Buffer.from('","shareCode":"x"}'),
        ]);
        return wire("POST", "/api/v1/holder/session", withLength(json, body), body);
      },
    ],
    [
      "truncated JSON",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          withLength(json, '{"holderCode": "4415'),
          '{"holderCode": "4415',
        ),
    ],
    [
      "fields nested 10,000 deep",
      () => {
        const body = issueBody().replace(
          /"fields":\{/u,
          `"fields":{"deep":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)},`,
        );
        return wire(
          "POST",
          "/api/v1/licences",
          withLength({ ...json, ...issuer(), "idempotency-key": "raw-deep-000001" }, body),
          body,
        );
      },
    ],
    [
      "a content-length shorter than the body",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "content-length": "5" },
          '{"holderCode":"x","shareCode":"y"}',
        ),
    ],
    [
      "a negative content-length",
      () => wire("POST", "/api/v1/holder/session", { ...json, "content-length": "-1" }, "{}"),
    ],
    [
      "a content-length that is not a number",
      () => wire("POST", "/api/v1/holder/session", { ...json, "content-length": "ten" }, "{}"),
    ],
    [
      "two different content-lengths",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "content-length": "2", "Content-Length": "3" },
          "{} ",
        ),
    ],
    [
      "content-length and chunked together",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "content-length": "7", "transfer-encoding": "chunked" },
          `2${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
    ],
    [
      "a chunk size that is not hex",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "transfer-encoding": "chunked" },
          `zz${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
    ],
    [
      "a chunk longer than its size",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "transfer-encoding": "chunked" },
          `2${CRLF}{"a":1}${CRLF}0${CRLF}${CRLF}`,
        ),
    ],
    [
      "a chunk size past 2^64",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "transfer-encoding": "chunked" },
          `fffffffffffffffffffff${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
    ],
    [
      "chunked JSON cut short in its last chunk",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          { ...json, "transfer-encoding": "chunked" },
          `3${CRLF}{"a${CRLF}0${CRLF}${CRLF}`,
        ),
    ],
    [
      "an unknown content type",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          withLength({ "content-type": "application/xml" }, "<a/>"),
          "<a/>",
        ),
    ],
    [
      "a content type that does not parse",
      () => wire("POST", "/api/v1/holder/session", withLength({ "content-type": "/;;=;" }, "{}"), "{}"),
    ],
    [
      "JSON declared as UTF-16",
      () =>
        wire(
          "POST",
          "/api/v1/holder/session",
          withLength({ "content-type": "application/json; charset=utf-16" }, "{}"),
          "{}",
        ),
    ],
    [
      "UTF-16 bytes declared as JSON",
      () => {
        const body = Buffer.from('{"holderCode":"x","shareCode":"y"}', "utf16le");
        return wire("POST", "/api/v1/holder/session", withLength(json, body), body);
      },
    ],
    [
      "multipart sent to a JSON route",
      () => {
        const body = `--b${CRLF}content-disposition: form-data; name="holderCode"${CRLF}${CRLF}x${CRLF}--b--${CRLF}`;
        return wire(
          "POST",
          "/api/v1/holder/session",
          withLength({ "content-type": "multipart/form-data; boundary=b" }, body),
          body,
        );
      },
    ],
    [
      "a request line with a NUL",
      () => Buffer.from(`GET /api/v1/licence-types\u0000 HTTP/1.1${CRLF}host: x${CRLF}${CRLF}`, "latin1"),
    ],
    [
      "a header name with a space",
      () => Buffer.from(`GET /healthz HTTP/1.1${CRLF}bad header: x${CRLF}${CRLF}`, "latin1"),
    ],
    ["headers too large", () => wire("GET", "/healthz", { "x-big": "a".repeat(20_000) })],
  ];
  for (const [what, bytes] of cases)
    it(`${what}: a 4xx with the JSON error body`, async () => {
      const a = await rawRequest(port, bytes());
      expectClientError(a, what);
    });
});

describe("the Host header", () => {
  it("an HTTP/1.1 request without Host is 400 with the JSON error body naming header.host (Node's own was bare)", async () => {
    const a = await rawRequest(port, `GET /api/v1/licence-types HTTP/1.1${CRLF}accept: */*${CRLF}${CRLF}`);
    const error = expectClientError(a, "no Host header");
    expect(a.status).toBe(400);
    expect(error.details).toEqual([
      expect.objectContaining({ field: "header.host", code: "REG_FIELD_REQUIRED" }),
    ]);
  });

  it("an HTTP/1.0 request needs none", async () => {
    const a = await rawRequest(port, `GET /healthz HTTP/1.0${CRLF}${CRLF}`);
    expect(a.status, a.body).toBe(200);
  });
});

describe("a declared body that never comes", () => {
  it("content-length longer than the body, then the client stops sending: still a 4xx with the JSON error body", async () => {
    const body = '{"holderCode":"x"';
    const a = await rawRequest(
      port,
      wire("POST", "/api/v1/holder/session", { ...json, "content-length": "500" }, body),
      {
        halfClose: true,
      },
    );
    expectClientError(a, "content-length longer than the body");
  });
});

describe("upload routes on the wire", () => {
  const file = (boundary: string, content: Buffer | string, name = "file", filename = "licence.pdf") =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}${CRLF}content-disposition: form-data; name="${name}"; filename="${filename}"${CRLF}content-type: application/octet-stream${CRLF}${CRLF}`,
      ),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`${CRLF}--${boundary}--${CRLF}`),
    ]);
  const pdf = "%PDF-1.7\n% not a licence\n";
  const routes: [string, () => Record<string, string>][] = [
    ["/api/v1/verify/pdf", () => ({})],
    ["/api/v1/imports", issuer],
  ];
  const cases: [string, (auth: Record<string, string>, url: string) => Buffer, { halfClose?: boolean }?][] = [
    [
      "multipart without a boundary",
      (a, url) =>
        wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data" }, file("b", pdf)),
          file("b", pdf),
        ),
    ],
    [
      "multipart with an empty boundary",
      (a, url) =>
        wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data; boundary=" }, file("b", pdf)),
          file("b", pdf),
        ),
    ],
    [
      "multipart with a wrong boundary",
      (a, url) =>
        wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data; boundary=other" }, file("b", pdf)),
          file("b", pdf),
        ),
    ],
    [
      "multipart unterminated (no closing boundary)",
      (a, url) => {
        const body = file("b", pdf).subarray(0, -8);
        return wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data; boundary=b" }, body),
          body,
        );
      },
    ],
    [
      "multipart truncated: content-length promises more, the client stops",
      (a, url) => {
        const body = file("b", pdf);
        return wire(
          "POST",
          url,
          {
            ...a,
            "content-type": "multipart/form-data; boundary=b",
            "content-length": String(body.length + 1000),
          },
          body,
        );
      },
      { halfClose: true },
    ],
    [
      "multipart with a part header that never ends",
      (a, url) => {
        const body = `--b${CRLF}content-disposition: form-data; name="file"; filename="x"${CRLF}x-pad: ${"a".repeat(100_000)}`;
        return wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data; boundary=b" }, body),
          body,
        );
      },
    ],
    [
      "JSON sent as multipart",
      (a, url) =>
        wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data; boundary=b" }, '{"file":"JVBER"}'),
          '{"file":"JVBER"}',
        ),
    ],
    [
      "JSON sent as JSON",
      (a, url) => wire("POST", url, withLength({ ...a, ...json }, '{"file":"JVBER"}'), '{"file":"JVBER"}'),
    ],
    [
      "chunked multipart with a bad chunk size",
      (a, url) =>
        wire(
          "POST",
          url,
          { ...a, "content-type": "multipart/form-data; boundary=b", "transfer-encoding": "chunked" },
          `zz${CRLF}--b${CRLF}0${CRLF}${CRLF}`,
        ),
    ],
    [
      "a file part under another name, and a field with NUL and a lone surrogate",
      (a, url) => {
        const body = Buffer.concat([
          Buffer.from(
            `--b${CRLF}content-disposition: form-data; name="typeCode"${CRLF}${CRLF}\u0000${String.fromCharCode(0xd800)}${CRLF}`,
          ),
          file("b", pdf, "upload"),
        ]);
        return wire(
          "POST",
          url,
          withLength({ ...a, "content-type": "multipart/form-data; boundary=b" }, body),
          body,
        );
      },
    ],
  ];
  for (const [url, auth] of routes)
    for (const [what, bytes, options] of cases)
      it(`${url}: ${what}`, async () => {
        const a = await rawRequest(port, bytes(auth(), url), options);
        expectClientError(a, `${url}: ${what}`);
      });
});

describe("valid requests with their bytes corrupted", () => {
  /** Valid requests to a JSON route and to both upload routes, as bytes. */
  const seeds = (): Buffer[] => {
    const issue = issueBody();
    const upload = (boundary: string) =>
      `--${boundary}${CRLF}content-disposition: form-data; name="typeCode"${CRLF}${CRLF}${TYPES.food}${CRLF}` +
      `--${boundary}${CRLF}content-disposition: form-data; name="dryRun"${CRLF}${CRLF}true${CRLF}` +
      `--${boundary}${CRLF}content-disposition: form-data; name="file"; filename="r.csv"${CRLF}content-type: text/csv${CRLF}${CRLF}` +
      `a,b${CRLF}1,2${CRLF}--${boundary}--${CRLF}`;
    const multipart = (b: string) => ({ "content-type": `multipart/form-data; boundary=${b}` });
    return [
      wire(
        "POST",
        "/api/v1/licences",
        withLength({ ...json, ...issuer(), "idempotency-key": "raw-corrupt-0001" }, issue),
        issue,
      ),
      wire(
        "POST",
        "/api/v1/imports",
        withLength({ ...multipart("xyz"), ...issuer() }, upload("xyz")),
        upload("xyz"),
      ),
      wire("POST", "/api/v1/verify/pdf", withLength(multipart("q1"), upload("q1")), upload("q1")),
    ];
  };

  it("every corruption (bytes flipped, cut, inserted, removed) is answered with a 4xx JSON error body or a success", async () => {
    const base = seeds();
    const edit = fc.oneof(
      fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), x: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant("insert" as const),
        at: fc.nat(),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
      fc.record({ kind: fc.constant("remove" as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: base.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        async (which, edits) => {
          let bytes = base[which]!;
          for (const e of edits) {
            const at = e.at % bytes.length;
            if (e.kind === "flip") (bytes = Buffer.from(bytes))[at]! ^= e.x;
            else if (e.kind === "cut") bytes = bytes.subarray(0, at);
            else if (e.kind === "insert")
              bytes = Buffer.concat([bytes.subarray(0, at), e.bytes, bytes.subarray(at)]);
            else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.n)]);
          }
          // A request cut short is ended by the client, so the server stops waiting for the rest and answers.
          const a = await rawRequest(port, bytes, { halfClose: !isComplete(bytes), halfCloseAfterMs: 8_000 });
          // Nothing but blank lines is no request at all: HTTP has nothing to answer, the connection just closes.
          if (bytes.toString("latin1").trim() === "") expect(a.status).toBeNull();
          else
            expectAnswered(
              a,
              `corrupted request ${JSON.stringify(bytes.subarray(0, 300).toString("latin1"))}`,
            );
        },
      ),
      { numRuns: 60 },
    );
  });
});
