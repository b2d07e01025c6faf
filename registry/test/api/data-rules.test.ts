// The data rules the register keeps (registry/src/licences/rules/), through the service and over HTTP: a licence
// number belongs to one live licence of a type; one credit code has one name at a time (and how a name change is
// recorded by amendments); a citizen ID number's birth date and sex agree with the licence's fields; renewals only
// inside the type's renewal window.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDays, chinaDate } from "@elicence/core";
import { RegistryError } from "../../src/errors.js";
import type { Actor } from "../../src/licences/licence-service.js";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const OTHER_COMPANY = { name: "海丰县红城美丽乡村文化旅游发展有限公司", code: "91441521MA4W5K2R9P" };
const market: Actor = { id: "test-issuer", role: "issuer", department: DEPTS.market };
let idem = 0;

type Body = ReturnType<typeof exampleIssue> & { validUntil?: string };
async function issue(body: Body, key = h.key.issuer) {
  return h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(key, { "idempotency-key": `rules-${++idem}-${Date.now()}` }),
    payload: body,
  });
}
async function change(identifier: string, action: string, payload: object, key = h.key.issuer) {
  return h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/${action}`,
    headers: auth(key),
    payload,
  });
}
const food = (holder?: { name: string; code: string }, number?: string): Body => {
  const body = exampleIssue(h.catalogue, TYPES.food, holder);
  if (number !== undefined) body.fields.licenceNumber = number;
  return body;
};
const details = (res: { json(): unknown }) =>
  (res.json() as { details: { field: string; code: string; message: string; suggestion?: string }[] })
    .details;
async function serviceProblems(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    if (e instanceof RegistryError) return e.details.map((d) => [d.field, d.code]);
    throw e;
  }
  return [];
}

describe("a licence number belongs to one live licence of its type", () => {
  it("refuses a second live licence with the number over HTTP and in the service, and frees it when the first ends", async () => {
    const first = await issue(food(undefined, "JY24415210009991"));
    expect(first.statusCode, first.body).toBe(201);
    const id1 = first.json<{ identifier: string }>().identifier;

    const second = await issue(food(OTHER_COMPANY, "JY24415210009991"));
    expect(second.statusCode).toBe(422);
    expect(details(second)).toEqual([
      expect.objectContaining({ field: "fields.licenceNumber", code: "REG_LICENCE_NUMBER_TAKEN" }),
    ]);
    expect(details(second)[0]?.message).toContain(id1);
    expect(details(second)[0]?.message).toContain("许可证编号 (licenceNumber) JY24415210009991");
    expect(
      await serviceProblems(() => h.service.issue(market, food(OTHER_COMPANY, "JY24415210009991"), null)),
    ).toEqual([["fields.licenceNumber", "REG_LICENCE_NUMBER_TAKEN"]]);

    // An amendment may not take another licence's number; the licence keeps its own through amend and renew.
    const other = await issue(food(OTHER_COMPANY, "JY24415210009992"));
    expect(other.statusCode).toBe(201);
    const id2 = other.json<{ identifier: string }>().identifier;
    const taking = await change(id2, "amend", {
      reason: "更正",
      fields: { licenceNumber: "JY24415210009991" },
    });
    expect(taking.statusCode).toBe(422);
    expect(details(taking).map((d) => d.code)).toEqual(["REG_LICENCE_NUMBER_TAKEN"]);
    const own = await change(id1, "amend", { reason: "更正", fields: { supervisors: "陈文辉" } });
    expect(own.statusCode, own.body).toBe(201);
    const id1v2 = own.json<{ identifier: string }>().identifier;

    // Ended, the licence no longer holds its number.
    expect((await change(id1v2, "deregister", { reason: "holder-request" })).statusCode).toBe(200);
    const again = await issue(food(OTHER_COMPANY, "JY24415210009991"));
    expect(again.statusCode, again.body).toBe(201);
  });
});

describe("one credit code has one name at a time", () => {
  it("refuses a new licence under another name than the holder's live licences carry, naming it", async () => {
    const company = food().holder;
    expect((await issue(food())).statusCode).toBe(201);
    const renamed = exampleIssue(h.catalogue, TYPES.business, {
      ...company,
      name: "海丰县另一个名字有限公司",
    });
    const res = await issue(renamed);
    expect(res.statusCode).toBe(422);
    expect(details(res)).toEqual([
      expect.objectContaining({
        field: "holder.name",
        code: "REG_HOLDER_NAME_CONFLICT",
        suggestion: company.name,
      }),
    ]);
    expect(details(res)[0]?.message).toContain(`named "${company.name}"`);
    expect(await serviceProblems(() => h.service.issue(market, renamed, null))).toEqual([
      ["holder.name", "REG_HOLDER_NAME_CONFLICT"],
    ]);
    // The same name is accepted.
    expect((await issue(exampleIssue(h.catalogue, TYPES.business, company))).statusCode).toBe(201);
  });

  it("records a name change by amendments: the first starts it, the others follow, anything else is refused", async () => {
    const company = food().holder;
    const a = (await issue(food())).json<{ identifier: string }>().identifier;
    const b = (await issue(exampleIssue(h.catalogue, TYPES.business, company))).json<{ identifier: string }>()
      .identifier;
    const NEW = "汕尾市海丰县鸿运来餐饮管理服务有限公司（更名）";
    // Starts the change: every other live licence carries this licence's old name.
    const first = await change(a, "amend", { reason: "名称变更", holder: { name: NEW } });
    expect(first.statusCode, first.body).toBe(201);
    // Meanwhile a new licence takes the new name, not the old one.
    const old = await issue(exampleIssue(h.catalogue, TYPES.road, company), h.key.transportIssuer);
    expect(details(old).map((d) => [d.code, d.suggestion])).toEqual([["REG_HOLDER_NAME_CONFLICT", NEW]]);
    // A third name on the other licence is refused; the new one is accepted.
    const third = await change(b, "amend", { reason: "名称变更", holder: { name: "第三个名字有限公司" } });
    expect(third.statusCode).toBe(422);
    expect(details(third).map((d) => d.code)).toEqual(["REG_HOLDER_NAME_CONFLICT"]);
    const follow = await change(b, "amend", { reason: "名称变更", holder: { name: NEW } });
    expect(follow.statusCode, follow.body).toBe(201);
    const road = await issue(
      exampleIssue(h.catalogue, TYPES.road, { ...company, name: NEW }),
      h.key.transportIssuer,
    );
    expect(road.statusCode, road.body).toBe(201);
  });
});

describe("a citizen ID number's birth date and sex agree with the licence", () => {
  it("names each disagreeing field, with the value the ID number gives, over HTTP and in the service", async () => {
    // The example holder 441521199306180028 was born on 1993-06-18 and is female (digit 17 even).
    const body = exampleIssue(h.catalogue, TYPES.teacher);
    body.fields.gender = "男";
    body.fields.birthDate = "1993-08-16";
    const res = await issue(body, h.key.educationIssuer);
    expect(res.statusCode).toBe(422);
    expect(details(res).map((d) => [d.field, d.code, d.suggestion])).toEqual([
      ["fields.birthDate", "REG_ID_BIRTH_DATE_MISMATCH", "1993-06-18"],
      ["fields.gender", "REG_ID_SEX_MISMATCH", "女"],
    ]);
    const education: Actor = { id: "test-edu", role: "issuer", department: DEPTS.education };
    expect(await serviceProblems(() => h.service.issue(education, body, null))).toEqual([
      ["fields.birthDate", "REG_ID_BIRTH_DATE_MISMATCH"],
      ["fields.gender", "REG_ID_SEX_MISMATCH"],
    ]);
    const good = await issue(exampleIssue(h.catalogue, TYPES.teacher), h.key.educationIssuer);
    expect(good.statusCode, good.body).toBe(201);
    const amend = await change(
      good.json<{ identifier: string }>().identifier,
      "amend",
      { reason: "更正", fields: { gender: "男" } },
      h.key.educationIssuer,
    );
    expect(details(amend).map((d) => d.code)).toEqual(["REG_ID_SEX_MISMATCH"]);
  });
});

describe("renewals only inside the type's renewal window", () => {
  it("refuses a renewal five years early with the window's dates, and accepts one inside it", async () => {
    const today = chinaDate(h.clock.now);
    const early = (await issue(food())).json<{ identifier: string; validUntil: string }>();
    const res = await change(early.identifier, "renew", { reason: "提前延续" });
    expect(res.statusCode).toBe(422);
    const opens = addDays(early.validUntil, -90);
    expect(details(res)).toEqual([
      expect.objectContaining({
        field: "validUntil",
        code: "REG_RENEWAL_OUTSIDE_WINDOW",
        message: expect.stringContaining(`renewal opens on ${opens}`),
      }),
    ]);
    expect(
      await serviceProblems(() =>
        h.service.replace(market, early.identifier, "renew", { reason: "x" }, null),
      ),
    ).toEqual([["validUntil", "REG_RENEWAL_OUTSIDE_WINDOW"]]);
    expect((await h.store.getLicence(early.identifier))?.nextIdentifier).toBeNull();

    const due = await issue({ ...food(OTHER_COMPANY), validUntil: addDays(today, 30) });
    expect(due.statusCode, due.body).toBe(201);
    const renew = await change(due.json<{ identifier: string }>().identifier, "renew", {
      reason: "到期延续",
    });
    expect(renew.statusCode, renew.body).toBe(201);
    expect(renew.json()).toMatchObject({ validFrom: addDays(today, 31) });
  });
});
