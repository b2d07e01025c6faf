// Regression tests for the 5xx classes the fuzz suite (registry/test/fuzz/) found (issue 11): a JSON body nested
// 10,000 deep overflowed the stack after parsing; bytes that are not UTF-8 were decoded to U+FFFD and taken; every
// multipart body busboy cannot frame (no boundary, an over-long one, a different one, cut short, JSON sent as
// multipart) was a 500 on both upload routes. Each is now a 400 REG_BAD_REQUEST naming the problem.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { MAX_JSON_DEPTH } from "../../src/http/json-body.js";
import { RegistryError, type ErrorDetail } from "../../src/errors.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true, verifyPdf: { rateLimitMax: 1000 } });
});
afterAll(async () => {
  await h?.close();
});

const idem = () => ({ "idempotency-key": `malformed-${randomBytes(6).toString("hex")}` });
const stored = async () => (await h.store.listLicences({ limit: 500 })).items.length;

function expectBodyProblem(
  res: { statusCode: number; body: string; json: () => unknown },
  code: string,
): void {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as { code: string; message: string; details: { field: string; code: string }[] };
  expect(body.code).toBe("REG_BAD_REQUEST");
  expect(body.details).toEqual([expect.objectContaining({ field: "body", code })]);
}

describe("JSON bodies", () => {
  const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

  it("refuses fields nested 10,000 deep with REG_BODY_TOO_DEEP, storing nothing", async () => {
    const before = await stored();
    const body = JSON.stringify({ ...exampleIssue(h.catalogue, TYPES.food), fields: "X" }).replace(
      '"X"',
      nested(10_000),
    );
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "content-type": "application/json", ...idem() }),
      payload: body,
    });
    expectBodyProblem(res, "REG_BODY_TOO_DEEP");
    expect(await stored()).toBe(before);
  });

  it("refuses deep nesting on a public route too (the parser is the root's, not one route's)", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      headers: { "content-type": "application/json; charset=utf-8" },
      payload: `[${nested(MAX_JSON_DEPTH)}]`,
    });
    expectBodyProblem(res, "REG_BODY_TOO_DEEP");
  });

  it("lets a body at the depth limit through to validation", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      headers: { "content-type": "application/json" },
      payload: nested(MAX_JSON_DEPTH - 1),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ details: { code: string }[] }>().details.map((d) => d.code)).not.toContain(
      "REG_BODY_TOO_DEEP",
    );
  });

  it("refuses a holder name with bytes that are not UTF-8 with REG_BODY_NOT_UTF8, never storing U+FFFD", async () => {
    const before = await stored();
    const body = exampleIssue(h.catalogue, TYPES.food);
    const text = JSON.stringify({ ...body, holder: { ...body.holder, name: "@@" } });
    const at = text.indexOf("@@");
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from([0xe6, 0xb5]), // the first two bytes of 海, then the string ends
      Buffer.from(text.slice(at + 2)),
    ]);
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "content-type": "application/json", ...idem() }),
      payload: bytes,
    });
    expectBodyProblem(res, "REG_BODY_NOT_UTF8");
    expect(await stored()).toBe(before);
  });

  it("keeps the body limit: a JSON body past it is 413 REG_PAYLOAD_TOO_LARGE, before any check reads it", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      headers: { "content-type": "application/json" },
      payload: `{"holderCode":"${"x".repeat(2 * 1024 * 1024)}"}`,
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(413);
    expect(res.json<{ code: string }>().code).toBe("REG_PAYLOAD_TOO_LARGE");
  });

  it("still takes a UTF-8 body with a byte-order mark and Chinese text", async () => {
    const body = exampleIssue(h.catalogue, TYPES.food);
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "content-type": "application/json", ...idem() }),
      payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(body))]),
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe("bodies that are not JSON, and content types no route takes", () => {
  const post = (contentType: string, payload: string) =>
    h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      headers: { "content-type": contentType },
      payload,
    });

  for (const [what, payload, says] of [
    ["cut short", '{"holderCode": "4415', /not valid JSON \(.*position|not valid JSON \(.*end/u],
    ["empty", "", /empty/u],
    ["carrying __proto__", '{"__proto__": {"x": 1}}', /__proto__/u],
  ] as const)
    it(`a JSON body ${what} is 400 REG_BODY_NOT_JSON saying so`, async () => {
      const res = await post("application/json", payload);
      expectBodyProblem(res, "REG_BODY_NOT_JSON");
      expect(res.json<{ details: { message: string }[] }>().details[0]?.message).toMatch(says);
    });

  it("a content type no route takes is 415 naming header.content-type", async () => {
    const res = await post("application/xml", "<a/>");
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json()).toMatchObject({
      code: "REG_BAD_REQUEST",
      details: [{ field: "header.content-type", code: "REG_CONTENT_TYPE_UNSUPPORTED" }],
    });
  });
});

describe("multipart uploads busboy cannot frame", () => {
  const part = (boundary: string, rest = "--\r\n") =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n%PDF-1.7 not really\r\n--${boundary}${rest}`;
  const cases: [string, string, string][] = [
    ["no boundary", "multipart/form-data", part("zzz")],
    [
      "a boundary of 300 characters",
      `multipart/form-data; boundary=${"b".repeat(300)}`,
      part("b".repeat(300)),
    ],
    ["a different boundary", "multipart/form-data; boundary=zzz", part("yyy")],
    ["a body cut short", "multipart/form-data; boundary=zzz", part("zzz").slice(0, 90)],
    ["no closing boundary", "multipart/form-data; boundary=zzz", part("zzz", "\r\n")],
    ["JSON sent as multipart", "multipart/form-data; boundary=zzz", '{"file":"JVBERi0="}'],
  ];
  const routes = [
    ["/api/v1/verify/pdf", () => ({})],
    ["/api/v1/imports", () => auth(h.key.issuer)],
  ] as const;
  for (const [url, headers] of routes)
    for (const [what, contentType, payload] of cases)
      it(`${url}: ${what} is 400 REG_MULTIPART_MALFORMED`, async () => {
        const res = await h.app.inject({
          method: "POST",
          url,
          headers: { ...headers(), "content-type": contentType },
          payload,
        });
        expectBodyProblem(res, "REG_MULTIPART_MALFORMED");
      });

  it("an empty multipart body is still the route's own 'file is missing'", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/verify/pdf",
      headers: { "content-type": "multipart/form-data; boundary=zzz" },
      payload: "",
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ details: { field: string }[] }>().details[0]?.field).toBe("file");
  });
});

describe("a multipart part without a name", () => {
  // busboy gives a part whose Content-Disposition has no name="…" no fieldname; the import listed it as a detail
  // without a field, which the error schema refuses, and fastify answered FST_ERR_FAILED_ERROR_SERIALIZATION 500.
  it("is named body in the import's 422, never a 500", async () => {
    const payload =
      `--b\r\ncontent-disposition: form-data;!name="typeCode"\r\n\r\n11100000MB0143028R013\r\n` +
      `--b\r\ncontent-disposition: form-data; filename="r.csv"\r\n\r\na,b\r\n--b--\r\n`;
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: { ...auth(h.key.issuer), "content-type": "multipart/form-data; boundary=b" },
      payload,
    });
    expect(res.statusCode, res.body).toBe(422);
    const details = res.json<{ details: { field: string; code: string }[] }>().details;
    expect(details).toContainEqual(expect.objectContaining({ field: "body", code: "REG_FIELD_UNKNOWN" }));
  });

  it("any detail without a field is given one, so the error body always serializes", () => {
    const nameless = { code: "REG_FIELD_UNKNOWN", message: "m" } as unknown as ErrorDetail;
    expect(new RegistryError("REG_BAD_REQUEST", undefined, [nameless]).toJSON().details).toEqual([
      { field: "body", code: "REG_FIELD_UNKNOWN", message: "m" },
    ]);
  });
});
