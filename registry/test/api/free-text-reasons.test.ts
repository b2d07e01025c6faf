// Typed words in a licence's history, from a clerk's side. Clerks see holders masked and reasons as codes; the words
// an issuer types (an amend or renew reason, a revocation recorded before reasons were codes) are an internal note by
// another name and must not reach them through GET /api/v1/licences/{id}/history: "法定代表人由张三变更为李四"
// unmasks what the licence view masks. Issuers and auditors still read the words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { issueExample } from "../support/sessions.js";

const WORDS = "法定代表人由张三变更为李四（张三涉嫌刑事案件）";

let h: Harness;
let identifier: string;
let newIdentifier: string;
beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
  ({ identifier } = await issueExample(h, TYPES.food, "free-text-000001"));
  const amend = await h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/amend`,
    headers: auth(h.key.issuer),
    payload: { reason: WORDS, holder: { name: "海丰县某某餐饮有限公司" } },
  });
  expect(amend.statusCode, amend.body).toBe(201);
  newIdentifier = amend.json().identifier;
  // A suspension recorded before reasons were codes: free text in the reason column.
  const r = await h.store.apply({
    transitions: [
      {
        identifier: newIdentifier,
        operation: "03",
        fromState: "01",
        toState: "02",
        actor: "legacy",
        at: new Date().toISOString(),
        reason: "因举报人王五投诉暂扣",
      },
    ],
    audit: [],
  });
  expect(r.ok).toBe(true);
});
afterAll(async () => {
  await h.close();
});

const history = (key: string, id: string) =>
  h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${id}/history?purpose=${encodeURIComponent("核对变更记录")}`,
    headers: auth(key),
  });

describe("GET /api/v1/licences/{id}/history", () => {
  it("gives clerks codes for typed reasons, never the words, on the old and the new version", async () => {
    for (const id of [identifier, newIdentifier]) {
      const res = await history(h.key.clerk, id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain("张三");
      expect(res.body).not.toContain("王五");
      const reasons = res.json<{ transitions: { reason: string }[] }>().transitions.map((t) => t.reason);
      // The registry's own words stay; everything typed is a code.
      expect(reasons).toContain("issue");
      expect(
        reasons.filter((r) => r !== "issue").every((r) => r === "other"),
        reasons.join(),
      ).toBe(true);
    }
  });

  it("still gives issuers and auditors the words", async () => {
    for (const key of [h.key.issuer, h.key.auditor]) {
      const res = await history(key, newIdentifier);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(WORDS);
      expect(res.body).toContain("因举报人王五投诉暂扣");
    }
  });
});
