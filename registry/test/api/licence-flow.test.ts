// The registry's main flow over HTTP: issue with validation and idempotency, purpose-bound lookups with masking,
// amend / revoke through the state machine, the materials check, and the audit chain behind all of it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isValidLicenceIdentifier, parseLicenceIdentifier } from "@elicence/core";
import { verifyAuditChain } from "../../src/audit/verify-audit.js";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ expose: { metrics: true } });
});
afterEach(async () => {
  await h.close();
});

const PERSON = { name: "张三", code: "110105199001011237" };

async function issue(
  body: unknown,
  key = h.key.issuer,
  idem = `issue-${Math.random().toString(36).slice(2, 12)}`,
) {
  return h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(key, { "idempotency-key": idem }),
    payload: body as object,
  });
}

describe("issuing", () => {
  it("rejects a citizen ID number as holder of an organisation licence, naming the mismatch", async () => {
    const body = exampleIssue(h.catalogue, TYPES.food, PERSON);
    const res = await issue(body);
    expect(res.statusCode).toBe(422);
    const err = res.json();
    expect(err.code).toBe("REG_VALIDATION_FAILED");
    expect(err.details).toEqual([
      expect.objectContaining({ field: "holder.code", code: "REG_HOLDER_CODE_TYPE_MISMATCH" }),
    ]);
    expect(err.details[0].message).toMatch(/credit code/i);
  });

  it("issues a licence whose identifier carries a valid check character", async () => {
    const res = await issue(exampleIssue(h.catalogue, TYPES.food));
    expect(res.statusCode).toBe(201);
    const lic = res.json();
    expect(isValidLicenceIdentifier(lic.identifier)).toBe(true);
    const parts = parseLicenceIdentifier(lic.identifier);
    expect(parts.ok && parts.value).toMatchObject({
      typeCode: TYPES.food,
      issuerCode: DEPTS.market,
      version: 1,
    });
    expect(lic).toMatchObject({
      version: "001",
      state: "01",
      stateName: { en: "valid" },
      issuer: { code: DEPTS.market, name: "海丰县市场监督管理局" },
    });
    expect(lic.validUntil).toBe("2031-11-28"); // five years, less a day
    expect(lic.publicToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("answers a retry with the same Idempotency-Key with the same response and stores one licence", async () => {
    const body = exampleIssue(h.catalogue, TYPES.food);
    const first = await issue(body, h.key.issuer, "same-key-0001");
    const again = await issue(body, h.key.issuer, "same-key-0001");
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers["idempotent-replayed"]).toBe("true");
    const list = await h.app.inject({
      method: "GET",
      url: "/api/v1/licences?purpose=x",
      headers: auth(h.key.issuer),
    });
    expect(list.json().items).toHaveLength(1);
    const other = await issue(
      { ...body, fields: { ...body.fields, premises: "海丰县海城镇另一个地址1号" } },
      h.key.issuer,
      "same-key-0001",
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe("REG_IDEMPOTENCY_KEY_REUSED");
  });

  it("requires an Idempotency-Key to issue", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer),
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("REG_IDEMPOTENCY_KEY_REQUIRED");
  });

  it("reports every problem of a bad request at once", async () => {
    const body = exampleIssue(h.catalogue, TYPES.food);
    const res = await issue({
      ...body,
      holder: { name: "", code: "91441521MA4UJ8KX2A" },
      validFrom: "2026-02-30",
      fields: { ...body.fields, operatorCategory: "露天烧烤", licenceNumber: "X1" },
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "holder.name",
        "holder.code",
        "validFrom",
        "fields.operatorCategory",
        "fields.licenceNumber",
      ]),
    );
  });

  it("refuses a department that may not issue the type", async () => {
    const res = await issue(exampleIssue(h.catalogue, TYPES.food), h.key.transportIssuer);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("REG_DEPARTMENT_NOT_AUTHORISED");
  });
});

describe("lookups with a purpose", () => {
  it("refuses a clerk lookup without a purpose, and with one returns masked data and logs the access", async () => {
    const teacher = exampleIssue(h.catalogue, TYPES.teacher);
    expect((await issue(teacher, h.key.educationIssuer)).statusCode).toBe(201);
    const code = teacher.holder.code;

    const without = await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/${code}/licences`,
      headers: auth(h.key.clerk),
    });
    expect(without.statusCode).toBe(400);
    expect(without.json().code).toBe("REG_PURPOSE_REQUIRED");

    const purpose = "教师资格认定材料核验";
    const res = await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/${code}/licences?purpose=${encodeURIComponent(purpose)}`,
      headers: auth(h.key.clerk),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.holderCode).toBe(`${code.slice(0, 6)}********${code.slice(14)}`);
    expect(body.licences).toHaveLength(1);
    expect(body.licences[0].holder).toMatchObject({ name: `${teacher.holder.name[0]}**`, masked: true });
    // Personal fields of the type (birth date, gender) are not public fields: the clerk does not see them.
    expect(body.licences[0].fields.birthDate).toBeUndefined();

    const log = await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/${code}/access-log?purpose=${encodeURIComponent("审计抽查")}`,
      headers: auth(h.key.auditor),
    });
    expect(log.statusCode).toBe(200);
    expect(log.json().items).toContainEqual(
      expect.objectContaining({ action: "holder.lookup", role: "clerk", department: DEPTS.market, purpose }),
    );
  });

  it("validates the holder code in the URL with a did-you-mean", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/110105199001011238/licences?purpose=x`,
      headers: auth(h.key.clerk),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().details[0]).toMatchObject({ field: "code", code: "REG_ID_CHECK_MISMATCH" });
  });
});

describe("lifecycle over HTTP", () => {
  it("amends into version 002 linked both ways, then revokes it to state 07", async () => {
    const v1 = (await issue(exampleIssue(h.catalogue, TYPES.food))).json();
    const amend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/amend`,
      headers: auth(h.key.issuer),
      payload: { reason: "经营场所变更", fields: { premises: "海丰县海城镇新风路88号" } },
    });
    expect(amend.statusCode).toBe(201);
    const v2 = amend.json();
    expect(v2).toMatchObject({
      version: "002",
      previousIdentifier: v1.identifier,
      state: "01",
      fields: { premises: "海丰县海城镇新风路88号" },
    });
    expect(isValidLicenceIdentifier(v2.identifier)).toBe(true);

    const old = (
      await h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${v1.identifier}?purpose=x`,
        headers: auth(h.key.issuer),
      })
    ).json();
    expect(old).toMatchObject({ nextIdentifier: v2.identifier, superseded: true, state: "99" });

    const again = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/suspend`,
      headers: auth(h.key.issuer),
      payload: { reason: "other" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain(v2.identifier);

    const revoked = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v2.identifier}/revoke`,
      headers: auth(h.key.issuer),
      payload: { reason: "revoked-by-law", note: "违法经营" },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ state: "07", stateName: { zh: "吊销", en: "revoked" } });

    const illegal = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v2.identifier}/reinstate`,
      headers: auth(h.key.issuer),
      payload: { reason: "other" },
    });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({ code: "REG_ILLEGAL_TRANSITION" });
    expect(illegal.json().message).toContain("07");

    const history = (
      await h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${v2.identifier}/history?purpose=x`,
        headers: auth(h.key.auditor),
      })
    ).json();
    expect(history.versions.map((v: { version: string }) => v.version)).toEqual(["001", "002"]);
    expect(
      history.transitions.map((t: { operation: string; toState: string }) => `${t.operation}:${t.toState}`),
    ).toEqual(["01:01", "09:99", "09:01", "05:07"]);
    expect(history.transitions.at(-1)).toMatchObject({
      reason: "revoked-by-law",
      note: "违法经营",
      actor: expect.any(String),
      at: "2026-11-29T02:00:00.000Z",
    });
  });

  it("needs a reason for every transition", async () => {
    const v1 = (await issue(exampleIssue(h.catalogue, TYPES.food))).json();
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/suspend`,
      headers: auth(h.key.issuer),
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toContainEqual(
      expect.objectContaining({ field: "reason", code: "REG_FIELD_REQUIRED" }),
    );
  });

  it("reports expiry from the validity at now, and the sweep records it", async () => {
    const v1 = (await issue(exampleIssue(h.catalogue, TYPES.road), h.key.transportIssuer)).json();
    expect(v1.validUntil).toBe("2030-11-28");
    h.clock.now = new Date("2030-12-01T02:00:00Z");
    const read = (
      await h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${v1.identifier}?purpose=x`,
        headers: auth(h.key.auditor),
      })
    ).json();
    expect(read.state).toBe("05");
    expect(await h.service.sweepExpired()).toBe(1);
    expect((await h.store.getLicence(v1.identifier))?.state).toBe("05");
    expect(await h.service.sweepExpired()).toBe(0);
    // The road transport permit is renewed up to its last day (renewalWindow afterExpiryDays 0): once lapsed, a new
    // permit is issued instead.
    const renew = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/renew`,
      headers: auth(h.key.transportIssuer),
      payload: { reason: "到期延续" },
    });
    expect(renew.statusCode).toBe(422);
    expect(renew.json().details).toEqual([
      expect.objectContaining({
        field: "validUntil",
        code: "REG_RENEWAL_OUTSIDE_WINDOW",
        message: expect.stringContaining("renewal closed on 2030-11-28"),
      }),
    ]);
    expect((await h.store.getLicence(v1.identifier))?.nextIdentifier).toBeNull();
  });

  it("lets only the issuing department change a licence", async () => {
    const v1 = (await issue(exampleIssue(h.catalogue, TYPES.road), h.key.transportIssuer)).json();
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/revoke`,
      headers: auth(h.key.issuer),
      payload: { reason: "other" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("materials check", () => {
  it("answers exempt with evidence, must_submit, suspended and expired, and counts exempt copies", async () => {
    const food = exampleIssue(h.catalogue, TYPES.food);
    const business = exampleIssue(h.catalogue, TYPES.business, food.holder);
    const road = exampleIssue(h.catalogue, TYPES.road, food.holder);
    const lic = (await issue(business)).json();
    const foodLic = (await issue(food)).json();
    await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${foodLic.identifier}/suspend`,
      headers: auth(h.key.issuer),
      payload: { reason: "rectification-ordered" },
    });
    void road;

    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/materials/check",
      headers: auth(h.key.clerk),
      payload: {
        holderCode: food.holder.code,
        purpose: "食品经营许可 延续",
        required: [TYPES.business, TYPES.food, TYPES.road],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results.map((r: { typeCode: string; status: string }) => [r.typeCode, r.status])).toEqual([
      [TYPES.business, "exempt"],
      [TYPES.food, "suspended"],
      [TYPES.road, "must_submit"],
    ]);
    expect(body.results[0].identifier).toBe(lic.identifier);
    expect(body.exemptCount).toBe(1);

    const metrics = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toContain(`elicence_materials_exempted_total{department="${DEPTS.market}"} 1`);
    expect(metrics).toContain('elicence_licences{state="02",name="suspended"} 1');

    h.clock.now = new Date("2032-01-01T02:00:00Z");
    const later = (
      await h.app.inject({
        method: "POST",
        url: "/api/v1/materials/check",
        headers: auth(h.key.clerk),
        payload: { holderCode: food.holder.code, purpose: "复核", required: [TYPES.food] },
      })
    ).json();
    expect(later.results[0].status).toBe("expired");
  });

  it("rejects unknown types and a bad holder code together", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/materials/check",
      headers: auth(h.key.clerk),
      payload: { holderCode: "12345", purpose: "x", required: ["nope"] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(["holderCode", "required[0]"]);
  });
});

describe("audit trail", () => {
  it("records every mutation and personal-data read in an intact chain", async () => {
    const v1 = (await issue(exampleIssue(h.catalogue, TYPES.food))).json();
    await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/${v1.holder.code}/licences?purpose=check`,
      headers: auth(h.key.clerk),
    });
    await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/suspend`,
      headers: auth(h.key.issuer),
      payload: { reason: "other" },
    });
    const events = (
      await h.app.inject({
        method: "GET",
        url: "/api/v1/audit/events?limit=1000&purpose=audit-chain-review",
        headers: auth(h.key.auditor),
      })
    ).json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["key.create", "licence.issue", "holder.lookup", "licence.suspend"]),
    );
    const verify = await h.app.inject({
      method: "GET",
      url: "/api/v1/audit/verify",
      headers: auth(h.key.auditor),
    });
    expect(verify.json()).toMatchObject({ ok: true });
    // The read itself is recorded after the page it returned: one event for the query, one per holder on the page.
    const holdersOnPage = new Set(
      events.map((e: { holderCode: string | null }) => e.holderCode).filter((c: string | null) => c !== null),
    ).size;
    expect((await verifyAuditChain(h.store)).events).toBe(events.length + 1 + holdersOnPage);
  });
});
