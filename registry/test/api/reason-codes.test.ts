// Reasons that cannot be rewritten: suspensions and terminations take a code from one fixed list and an optional
// internal note. The public status answer (and so the verifier page) carries the code only; the note is read by the
// licence's issuer and by auditors, never by clerks, the status API or the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REASON_CODES } from "@elicence/core";
import { publicReasonCode } from "../../src/licences/transition-reasons.js";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { issueExample } from "../support/sessions.js";

const NOTE = "内部：举报人张三（13800000000）反映无证经营，见案卷 2026-117";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date() });
});
afterAll(async () => {
  await h.close();
});

const act = (identifier: string, action: string, payload: object) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/${action}`,
    headers: auth(h.key.issuer),
    payload,
  });

describe("a reason", () => {
  it("is a code from the list: free text is refused with the list, and a long note too, all at once", async () => {
    const { identifier } = await issueExample(h, TYPES.food, "reason-free-0001");
    const res = await act(identifier, "revoke", { reason: "违法经营，依法吊销", note: "x".repeat(501) });
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([
      expect.objectContaining({
        field: "reason",
        code: "REG_REASON_CODE_UNKNOWN",
        message: expect.stringContaining("revoked-by-law"),
      }),
      expect.objectContaining({ field: "note", code: "REG_NOTE_TOO_LONG" }),
    ]);
    expect((await h.store.getLicence(identifier))?.state).toBe("01");
  });

  it("shows only its code in the status answer; the note stays inside", async () => {
    const { identifier } = await issueExample(h, TYPES.food, "reason-note-0001");
    const token = (await h.store.getLicence(identifier))!.publicToken;
    expect(
      (await act(identifier, "suspend", { reason: "rectification-ordered", note: NOTE })).statusCode,
    ).toBe(200);
    const suspended = await h.app.inject({ method: "GET", url: `/api/v1/status/${token}` });
    expect(suspended.json()).toMatchObject({ state: "02", reason: "rectification-ordered" });
    expect(suspended.body).not.toContain("张三");
    expect(suspended.body).not.toContain("2026-117");

    expect((await act(identifier, "reinstate", { reason: "rectified" })).statusCode).toBe(200);
    expect((await act(identifier, "revoke", { reason: "revoked-by-law", note: NOTE })).statusCode).toBe(200);
    const revoked = await h.app.inject({ method: "GET", url: `/api/v1/status/${token}` });
    expect(revoked.json()).toMatchObject({ state: "07", reason: "revoked-by-law" });
    expect(revoked.body).not.toContain(NOTE.slice(0, 6));
    // The answer after a restart (no cache) is the same: the note is not in the cached facts either.
    expect(JSON.stringify(await h.store.statusByToken(token))).toContain("张三"); // it is stored …
    const again = await h.app.inject({ method: "GET", url: `/api/v1/status/${token}` });
    expect(again.body).not.toContain("张三"); // … and never served

    const history = (key: string) =>
      h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${identifier}/history?purpose=${encodeURIComponent("吊销复核")}`,
        headers: auth(key),
      });
    const forIssuer = (await history(h.key.issuer)).json<{
      transitions: { reason: string; note?: string }[];
    }>();
    expect(forIssuer.transitions.at(-1)).toMatchObject({ reason: "revoked-by-law", note: NOTE });
    const forAuditor = (await history(h.key.auditor)).json<{ transitions: { note?: string }[] }>();
    expect(forAuditor.transitions.at(-1)?.note).toBe(NOTE);
    const forClerk = await history(h.key.clerk);
    expect(forClerk.statusCode).toBe(200);
    expect(forClerk.body).not.toContain("张三");
    expect(forClerk.json<{ transitions: { reason: string }[] }>().transitions.at(-1)?.reason).toBe(
      "revoked-by-law",
    );
  });

  it("codes are listed for anyone at GET /api/v1/reason-codes, with their words", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/reason-codes" });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual({
      code: "revoked-by-law",
      zh: "依法吊销",
      en: "Revoked under the law",
    });
    expect(res.json().items).toHaveLength(Object.keys(REASON_CODES).length);
  });

  it("of the past, typed as free text, is answered publicly as its code's words or as other, never as the text", () => {
    expect(publicReasonCode("依法吊销")).toBe("revoked-by-law");
    expect(publicReasonCode("违法经营，举报人李四")).toBe("other");
    expect(publicReasonCode("holder-request: 本人来电")).toBe("holder-request");
    expect(publicReasonCode(null)).toBeNull();
    for (const words of Object.values(REASON_CODES)) {
      expect(words.zh.length).toBeGreaterThan(0);
      expect(words.en.length).toBeGreaterThan(0);
    }
  });
});
