// An Idempotency-Key replays the stored answer only to the key that made it: another department's issuer (or another
// issuer of the same department) sending the same key with the same body must not get the stored response (the
// licence view, unmasked holder) and must be judged on its own rights.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, DEPTS, startHarness, TYPES, type Harness } from "../support/harness.js";
import { issueExample } from "../support/sessions.js";

let h: Harness;
let identifier: string;
beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
  ({ identifier } = await issueExample(h, TYPES.food, "idem-scope-000001"));
});
afterAll(async () => {
  await h.close();
});

describe("Idempotency-Key replay", () => {
  it("is scoped to the API key that made the request", async () => {
    const suspend = (key: string) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/licences/${identifier}/suspend`,
        headers: auth(key, { "idempotency-key": "shared-key-0001" }),
        payload: { reason: "rectification-ordered" },
      });
    const first = await suspend(h.key.issuer);
    expect(first.statusCode, first.body).toBe(200);
    // The same key again: the stored answer.
    const again = await suspend(h.key.issuer);
    expect(again.statusCode).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    // Another department's issuer: no replay, and no right to the licence.
    const other = await suspend(h.key.transportIssuer);
    expect(other.headers["idempotent-replayed"]).toBeUndefined();
    expect(other.statusCode).toBeGreaterThanOrEqual(400);
    expect(other.body).not.toContain('"holder"');
    // Another issuer of the same department: no replay either (its own request, judged now: already suspended).
    const colleague = (
      await h.keys.create(
        { id: "cli", role: "admin", department: null },
        { role: "issuer", department: DEPTS.market },
      )
    ).key;
    const theirs = await suspend(colleague);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(theirs.statusCode).toBe(409);
  });
});
