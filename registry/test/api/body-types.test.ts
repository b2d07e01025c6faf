// A JSON body says what it means: a value of the wrong JSON type is refused, never coerced (`"name": true` was issued
// to a holder named "true"), while the query string, text by nature, still converts (?limit=50).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const issue = (payload: unknown) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `body-types-${randomBytes(6).toString("hex")}` }),
    payload: payload as Record<string, unknown>,
  });

describe("JSON bodies are not coerced", () => {
  for (const [what, value] of [
    ["a boolean", true],
    ["a number", 12345],
    ["an array", ["海丰县食品店"]],
  ] as const)
    it(`refuses ${what} as the holder's name with a 4xx in the error format, storing nothing`, async () => {
      const body = exampleIssue(h.catalogue, TYPES.food);
      const before = (await h.store.listLicences({ limit: 500 })).items.length;
      const res = await issue({ ...body, holder: { ...body.holder, name: value } });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      const error = res.json<{ code: string; details: { field: string }[] }>();
      expect(error.code).toMatch(/^REG_/u);
      expect(error.details.map((d) => d.field).join(" ")).toContain("name");
      expect((await h.store.listLicences({ limit: 500 })).items.length).toBe(before);
    });

  it("still issues the same body with a string name, and still converts a query string's numbers", async () => {
    const res = await issue(exampleIssue(h.catalogue, TYPES.food));
    expect(res.statusCode, res.body).toBe(201);
    const list = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences?limit=5&purpose=${encodeURIComponent("核对")}`,
      headers: auth(h.key.issuer),
    });
    expect(list.statusCode, list.body).toBe(200);
  });
});
