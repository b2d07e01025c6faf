// A purpose that shows as nothing is no purpose: trim() removes whitespace only, so zero-width spaces, NUL, ESC, the
// BOM inside text or a right-to-left override (which makes the holder's access log read backwards) passed as a stated
// purpose. Every read that takes a purpose goes through requirePurpose; this tries the variants on each kind of route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { deskWithApplicant, issueExample, withSession } from "../support/sessions.js";
import { requirePurpose } from "../../src/domain/purpose.js";

const UNREADABLE = [
  "\u200b", // zero-width space
  "\u200b\u200c\u200d\u2060", // zero-width joiners, word joiner
  "\u0000",
  "\u001b[2J",
  "审计\u0000",
  "\u202e查审", // right-to-left override: shown reversed
  "审\u2066查", // bidi isolate
  "\ud800", // unpaired surrogate
  "\ue000", // private use
  "...",
  "- - -",
  "审查\u2028第二行", // line separator
];

describe("requirePurpose", () => {
  it("refuses purposes that show as nothing or as something else, naming REG_PURPOSE_UNREADABLE", () => {
    for (const p of UNREADABLE) {
      let thrown: unknown;
      try {
        requirePurpose(p);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(p)).toMatchObject({
        code: "REG_PURPOSE_REQUIRED",
        details: [{ field: "purpose", code: expect.stringMatching(/^REG_PURPOSE_(UNREADABLE|REQUIRED)$/) }],
      });
    }
  });

  it("keeps real purposes as they were typed (Chinese, digits, punctuation, inner spaces)", () => {
    for (const p of ["食品经营许可新办审查", "case 2026-117: renewal", "年度抽查（第3批）", "x"])
      expect(requirePurpose(`  ${p} `)).toBe(p);
  });
});

describe("on the routes", () => {
  let h: Harness;
  let holder: { name: string; code: string };
  let identifier: string;
  beforeAll(async () => {
    h = await startHarness({ signing: false, start: new Date() });
    ({ holder, identifier } = await issueExample(h, TYPES.food, "purpose-zw-000001"));
  });
  afterAll(async () => {
    await h.close();
  });

  it("query-string purposes (read, history, list, lookup, access log) and body purposes (materials, share code)", async () => {
    const zw = encodeURIComponent("\u200b\u202e");
    const urls = [
      [`/api/v1/licences/${identifier}?purpose=${zw}`, h.key.issuer],
      [`/api/v1/licences/${identifier}/history?purpose=${zw}`, h.key.issuer],
      [`/api/v1/licences?purpose=${zw}`, h.key.issuer],
      [`/api/v1/holders/${holder.code}/licences?purpose=${zw}`, h.key.clerk],
      [`/api/v1/holders/${holder.code}/access-log?purpose=${zw}`, h.key.auditor],
    ] as const;
    for (const [url, key] of urls) {
      const res = await h.app.inject({ method: "GET", url, headers: auth(key) });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().details[0].code, url).toBe("REG_PURPOSE_UNREADABLE");
    }
    const materials = await h.app.inject({
      method: "POST",
      url: "/api/v1/materials/check",
      headers: auth(h.key.clerk),
      payload: { holderCode: holder.code, purpose: "\u0000", serviceItem: "food-business-new" },
    });
    expect(materials.statusCode).toBe(400);
    const desk = await deskWithApplicant(h, holder.code);
    const share = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: withSession(desk),
      payload: { purpose: "\u200b" },
    });
    expect(share.statusCode).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(share.json().details)).toContain("REG_PURPOSE_UNREADABLE");
  });
});
