// Service items over HTTP: the public list, the materials check by service item (every problem at once), and the
// figures of copies not asked for, in /metrics and per day by department or service item.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
let company: { name: string; code: string };
let PERSON: { name: string; code: string };

beforeEach(async () => {
  h = await startHarness({ expose: { metrics: true } });
  company = exampleIssue(h.catalogue, TYPES.food).holder;
  PERSON = exampleIssue(h.catalogue, TYPES.teacher).holder;
  // Issued before the earliest day the tests check on (the 27th): a licence not yet in force exempts nothing.
  const start = h.clock.now;
  h.clock.now = new Date(Date.UTC(2026, 10, 26, 2));
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": "items-business-001" }),
    payload: exampleIssue(h.catalogue, TYPES.business, company),
  });
  h.clock.now = start;
  expect(res.statusCode).toBe(201);
});
afterEach(async () => {
  await h.close();
});

const check = (payload: object, key = h.key.clerk) =>
  h.app.inject({ method: "POST", url: "/api/v1/materials/check", headers: auth(key), payload });

describe("GET /api/v1/service-items", () => {
  it("lists the shipped items to anyone, with each required type's name and note", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/service-items" });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      code: string;
      holderKind: string;
      required: { typeCode: string; typeName: { zh: string }; note: { zh: string } }[];
    }[];
    expect(items.map((i) => i.code)).toEqual([
      "business-startup",
      "food-business-new",
      "food-business-renewal",
      "road-transport-new",
      "teacher-qualification",
    ]);
    const renewal = items.find((i) => i.code === "food-business-renewal");
    expect(renewal?.required.map((m) => [m.typeCode, m.typeName.zh])).toEqual([
      [TYPES.business, "营业执照"],
      [TYPES.food, "食品经营许可证"],
    ]);
    expect(renewal?.required[0]?.note.zh).toBe("申请人主体资格证明（营业执照）");
    expect(items.find((i) => i.code === "teacher-qualification")?.holderKind).toBe("person");
  });
});

describe("POST /api/v1/materials/check with a service item", () => {
  it("answers for the item's licence types and records the item with the check", async () => {
    const res = await check({
      holderCode: company.code,
      purpose: "道路货运经营许可申请",
      serviceItem: "road-transport-new",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      exemptCount: 1,
      serviceItem: { code: "road-transport-new", department: { code: DEPTS.transport } },
      results: [
        {
          typeCode: TYPES.business,
          status: "exempt",
          note: { en: "Proof of the applicant's legal status (business licence)" },
        },
      ],
    });
    const [event] = (await h.store.readAudit(0, 100)).filter((e) => e.action === "materials.check");
    expect(event?.detail).toMatchObject({ serviceItem: "road-transport-new", required: [TYPES.business] });
  });

  it("still takes an explicit list of types, recorded without a service item", async () => {
    const res = await check({
      holderCode: company.code,
      purpose: "复核",
      required: [TYPES.business, TYPES.road],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().serviceItem).toBeUndefined();
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(["exempt", "must_submit"]);
    const [event] = (await h.store.readAudit(0, 100)).filter((e) => e.action === "materials.check");
    expect(event?.detail).toMatchObject({ serviceItem: null });
  });

  it("reports every problem at once: holder code, unknown item, both or neither list, the wrong kind of applicant", async () => {
    const details = async (payload: object) => {
      const res = await check(payload);
      expect(res.statusCode).toBe(422);
      return res.json().details.map((d: { field: string; code: string }) => [d.field, d.code]);
    };
    expect(await details({ holderCode: "12345", purpose: "x", serviceItem: "food-business-old" })).toEqual([
      ["holderCode", "REG_HOLDER_CODE_UNRECOGNISED"],
      ["serviceItem", "REG_SERVICE_ITEM_UNKNOWN"],
    ]);
    expect(
      await details({
        holderCode: company.code,
        purpose: "x",
        serviceItem: "food-business-new",
        required: [TYPES.food],
      }),
    ).toEqual([["serviceItem", "REG_MATERIALS_LIST_AMBIGUOUS"]]);
    expect(await details({ holderCode: "12345", purpose: "x" })).toEqual([
      ["holderCode", "REG_HOLDER_CODE_UNRECOGNISED"],
      ["serviceItem", "REG_MATERIALS_LIST_REQUIRED"],
    ]);
    expect(
      await details({ holderCode: PERSON.code, purpose: "x", serviceItem: "food-business-new" }),
    ).toEqual([["holderCode", "REG_SERVICE_ITEM_HOLDER_MISMATCH"]]);
    expect(
      await details({ holderCode: company.code, purpose: "x", serviceItem: "teacher-qualification" }),
    ).toEqual([["holderCode", "REG_SERVICE_ITEM_HOLDER_MISMATCH"]]);
    // Nothing was checked, so nothing was counted or logged as a lookup.
    expect((await h.store.readAudit(0, 100)).filter((e) => e.action === "materials.check")).toEqual([]);
  });
});

describe("copies not asked for", () => {
  async function checksOverThreeDays() {
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 2));
    h.clock.now = day(27);
    await check({ holderCode: company.code, purpose: "a", serviceItem: "food-business-renewal" });
    await check({ holderCode: company.code, purpose: "b", serviceItem: "road-transport-new" });
    h.clock.now = day(29);
    await check({ holderCode: company.code, purpose: "c", serviceItem: "road-transport-new" });
    await check({ holderCode: company.code, purpose: "d", required: [TYPES.business, TYPES.food] });
    // 23:30 UTC on the 29th is already the 30th in China.
    h.clock.now = new Date(Date.UTC(2026, 10, 29, 23, 30));
    await check({ holderCode: PERSON.code, purpose: "e", serviceItem: "teacher-qualification" });
  }

  it("are counted in /metrics by department and service item", async () => {
    await checksOverThreeDays();
    const metrics = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    const m = DEPTS.market;
    expect(metrics).toContain(
      `elicence_exempt_copies_total{department="${m}",service_item="food-business-renewal"} 1`,
    );
    expect(metrics).toContain(
      `elicence_exempt_copies_total{department="${m}",service_item="road-transport-new"} 2`,
    );
    expect(metrics).toContain(`elicence_exempt_copies_total{department="${m}",service_item="none"} 1`);
    expect(metrics).toContain(
      `elicence_exempt_copies_total{department="${m}",service_item="teacher-qualification"} 0`,
    );
    expect(metrics).toContain(`elicence_materials_exempted_total{department="${m}"} 4`);
  });

  it("are given per day, by service item or by department, with the days without checks", async () => {
    await checksOverThreeDays();
    const get = async (query: string, key = h.key.auditor) => {
      const res = await h.app.inject({
        method: "GET",
        url: `/api/v1/stats/exemptions?${query}`,
        headers: auth(key),
      });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const byItem = await get("from=2026-11-26&to=2026-11-30&by=serviceItem");
    expect([byItem.exempt, byItem.materials, byItem.checks]).toEqual([4, 7, 5]);
    expect(
      byItem.series.map((s: { key: string; name: string | null; exempt: number; checks: number }) => [
        s.key,
        s.name,
        s.exempt,
        s.checks,
      ]),
    ).toEqual([
      ["road-transport-new", "道路运输经营许可（道路货物运输，新办）", 2, 2],
      ["food-business-renewal", "食品经营许可（延续）", 1, 1],
      ["none", null, 1, 1],
      ["teacher-qualification", "教师资格认定", 0, 1],
    ]);
    const road = byItem.series[0];
    expect(road.days.map((d: { date: string; exempt: number }) => [d.date, d.exempt])).toEqual([
      ["2026-11-26", 0],
      ["2026-11-27", 1],
      ["2026-11-28", 0],
      ["2026-11-29", 1],
      ["2026-11-30", 0],
    ]);
    expect(byItem.series[3].days.at(-1)).toEqual({ date: "2026-11-30", exempt: 0, materials: 1, checks: 1 });

    const byDept = await get("from=2026-11-28&to=2026-11-29", h.key.clerk);
    expect(byDept.by).toBe("department");
    expect(byDept.series).toHaveLength(1);
    expect(byDept.series[0]).toMatchObject({
      key: DEPTS.market,
      name: "海丰县市场监督管理局",
      exempt: 2,
      checks: 2,
    });

    // Default: the last 30 days up to today (China), which is the 30th by the clock.
    const recent = await get("");
    expect([recent.from, recent.to, recent.checks]).toEqual(["2026-11-01", "2026-11-30", 5]);
  });

  it("count an applicant checked twice for the same service item on the same China day once", async () => {
    // 02:00 and 15:30 UTC on the 27th are 10:00 and 23:30 in China, one day; 16:30 UTC is already the 28th there.
    for (const [d, h_, m] of [
      [27, 2, 0],
      [27, 15, 30],
      [27, 16, 30],
    ] as const) {
      h.clock.now = new Date(Date.UTC(2026, 10, d, h_, m));
      const res = await check({ holderCode: company.code, purpose: "x", serviceItem: "road-transport-new" });
      expect(res.statusCode).toBe(200);
    }
    // The same day, another item (and another applicant for the same item) are other visits.
    h.clock.now = new Date(Date.UTC(2026, 10, 27, 3));
    await check({ holderCode: company.code, purpose: "y", serviceItem: "food-business-renewal" });
    await check({ holderCode: PERSON.code, purpose: "z", serviceItem: "teacher-qualification" });
    await check({ holderCode: PERSON.code, purpose: "z", serviceItem: "teacher-qualification" });
    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/stats/exemptions?from=2026-11-27&to=2026-11-28&by=serviceItem",
      headers: auth(h.key.auditor),
    });
    expect(res.statusCode).toBe(200);
    const byItem = res.json<{
      checks: number;
      series: { key: string; exempt: number; checks: number; days: { date: string; checks: number }[] }[];
    }>();
    const road = byItem.series.find((s) => s.key === "road-transport-new");
    expect(road?.days.map((d) => [d.date, d.checks])).toEqual([
      ["2026-11-27", 1],
      ["2026-11-28", 1],
    ]);
    expect(road?.exempt).toBe(2);
    expect(byItem.series.find((s) => s.key === "teacher-qualification")?.checks).toBe(1);
    expect(byItem.checks).toBe(4);
    // The audit log keeps every check: only the figures count visits.
    const events = (await h.store.readAudit(0, 100)).filter((e) => e.action === "materials.check");
    expect(events).toHaveLength(6);
  });

  it("refuse bad dates and ranges with every problem, and are not for issuers or the public", async () => {
    const bad = await h.app.inject({
      method: "GET",
      url: "/api/v1/stats/exemptions?from=2026-13-01&to=2026-11-31",
      headers: auth(h.key.auditor),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(["from", "to"]);
    const badBy = await h.app.inject({
      method: "GET",
      url: "/api/v1/stats/exemptions?by=week",
      headers: auth(h.key.auditor),
    });
    expect(badBy.statusCode).toBe(400);
    expect(
      (await h.app.inject({ method: "GET", url: "/api/v1/stats/exemptions", headers: auth(h.key.issuer) }))
        .statusCode,
    ).toBe(403);
    expect((await h.app.inject({ method: "GET", url: "/api/v1/stats/exemptions" })).statusCode).toBe(401);
  });
});
