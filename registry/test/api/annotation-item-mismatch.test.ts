// An annotated copy's note ("仅供<service item>使用") is signed by the platform seal. A clerk or an issuer choosing an
// item that never asks for this licence (a food business licence "for teacher qualification only", "for business
// start-up", which asks for the business licence) got a sealed note vouching for a use the catalogue does not know.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { deskWithApplicant, withSession } from "../support/sessions.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true });
});
afterAll(async () => {
  await h?.close();
});

async function issueFood(): Promise<{ identifier: string; holder: { code: string } }> {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `mismatch-${Math.random().toString(36).slice(2)}` }),
    payload: exampleIssue(h.catalogue, TYPES.food),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const annotate = (identifier: string, serviceItem: string, headers: Record<string, string>) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/annotated-copy`,
    headers,
    payload: { serviceItem },
  });

describe("an annotated copy for a service item that does not ask for the licence", () => {
  it("is refused for the issuer and at the desk, and nothing is made or recorded", async () => {
    const lic = await issueFood();
    const desk = await deskWithApplicant(h, lic.holder.code);
    const before = (await h.store.readAudit(0, 100_000)).filter((e) => e.action === "licence.annotated-copy");
    for (const item of ["teacher-qualification", "business-startup", "road-transport-new"])
      for (const headers of [auth(h.key.issuer), withSession(desk)]) {
        const res = await annotate(lic.identifier, item, headers);
        expect(res.statusCode, `${item}: ${res.body}`).toBe(400);
        expect(res.headers["content-type"]).toMatch(/json/u);
        expect(res.json().details).toEqual([
          expect.objectContaining({ field: "serviceItem", code: "REG_SERVICE_ITEM_NOT_FOR_LICENCE" }),
        ]);
      }
    const after = (await h.store.readAudit(0, 100_000)).filter((e) => e.action === "licence.annotated-copy");
    expect(after.length).toBe(before.length);
    // The item that asks for a food business licence still gets its copy.
    const ok = await annotate(lic.identifier, "food-business-renewal", auth(h.key.issuer));
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
