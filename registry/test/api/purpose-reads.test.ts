// Reads that match the purpose, from the attacker's side: every read of personal data states a purpose and shows in
// the holder's access log; share codes go only to the applicant at the desk and never open a session for staff;
// clerks (who see masked data) get no sealed PDF; the annotated copy's note cannot be typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import {
  deskSignIn,
  deskWithApplicant,
  handOutShareCode,
  holderSignIn,
  issueExample,
  issuerSignIn,
  withSession,
} from "../support/sessions.js";

let h: Harness;
let holder: { name: string; code: string };
let identifier: string;
let other: { name: string; code: string };
let otherId: string;

beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date() });
  ({ holder, identifier } = await issueExample(h, TYPES.food, "reads-food-000001"));
  const example = exampleIssue(h.catalogue, TYPES.food).holder;
  // A second holder of the same kind (organisation): a different valid credit code.
  other = { name: "海丰县红城美丽乡村文化旅游发展有限公司", code: "91441521MA4W5K2R9P" };
  expect(other.code).not.toBe(example.code);
  ({ identifier: otherId } = await issueExample(h, TYPES.food, "reads-food-000002", other));
});
afterAll(async () => {
  await h.close();
});

const get = (url: string, headers: Record<string, string>) => h.app.inject({ method: "GET", url, headers });
const fields = (res: { json(): unknown }) =>
  (res.json() as { details: { field: string; code: string }[] }).details.map((d) => `${d.field}:${d.code}`);

describe("a read of personal data without a purpose", () => {
  it("is refused with REG_PURPOSE_REQUIRED naming the purpose field and how to fix it, for each read", async () => {
    const urls = [
      `/api/v1/licences/${identifier}`,
      `/api/v1/licences/${identifier}/history`,
      `/api/v1/licences`,
      `/api/v1/licences/${identifier}/pdf`,
      `/api/v1/licences/${identifier}?purpose=%20%20`,
    ];
    for (const url of urls) {
      const res = await get(url, auth(h.key.issuer));
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({
        code: "REG_PURPOSE_REQUIRED",
        details: [
          { field: "purpose", code: "REG_PURPOSE_REQUIRED", message: expect.stringContaining("purpose=") },
        ],
      });
    }
    const log = await get(`/api/v1/holders/${holder.code}/access-log`, auth(h.key.auditor));
    expect(log.statusCode).toBe(400);
    expect(fields(log)).toEqual(["purpose:REG_PURPOSE_REQUIRED"]);
    const desk = await deskWithApplicant(h, holder.code);
    const share = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: withSession(desk),
      payload: {},
    });
    expect(share.statusCode).toBe(400);
    expect(fields(share)).toEqual(["purpose:REG_PURPOSE_REQUIRED"]);
  });
});

describe("every read of a holder's data", () => {
  it("shows in the holder's own access log with its purpose: licence, history, list, PDF, annotated copy, share code", async () => {
    const p = (s: string) => `?purpose=${encodeURIComponent(s)}`;
    expect((await get(`/api/v1/licences/${identifier}${p("读取核查")}`, auth(h.key.issuer))).statusCode).toBe(
      200,
    );
    expect(
      (await get(`/api/v1/licences/${identifier}/history${p("历史核查")}`, auth(h.key.auditor))).statusCode,
    ).toBe(200);
    expect((await get(`/api/v1/licences${p("清单核查")}&limit=500`, auth(h.key.issuer))).statusCode).toBe(
      200,
    );
    expect(
      (await get(`/api/v1/licences/${identifier}/pdf${p("下载核查")}`, auth(h.key.issuer))).statusCode,
    ).toBe(200);
    const desk = await deskWithApplicant(h, holder.code, "食品经营许可延续申请");
    const copy = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${identifier}/annotated-copy`,
      headers: withSession(desk),
      payload: { serviceItem: "food-business-renewal" },
    });
    expect(copy.statusCode, copy.body).toBe(200);
    const handed = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: withSession(desk),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect(handed.statusCode, handed.body).toBe(201);

    const s = await holderSignIn(h, holder.code, handed.json<{ shareCode: string }>().shareCode);
    expect(s.res.statusCode).toBe(201);
    expect((await get("/api/v1/holder/licences", withSession(s))).statusCode).toBe(200);
    const log = await get("/api/v1/holder/access-log", withSession(s));
    const items = log.json<{ items: { action: string; purpose: string | null; role: string }[] }>().items;
    const seen = (action: string) => items.find((i) => i.action === action);
    expect(seen("licence.read")).toMatchObject({ role: "issuer", purpose: "读取核查" });
    expect(seen("licence.history")).toMatchObject({ role: "auditor", purpose: "历史核查" });
    expect(seen("licence.list")).toMatchObject({ role: "issuer", purpose: "清单核查" });
    expect(seen("licence.download")).toMatchObject({ role: "issuer", purpose: "下载核查" });
    expect(seen("holder.lookup")).toMatchObject({ role: "clerk", purpose: "食品经营许可延续申请" });
    expect(seen("licence.annotated-copy")).toMatchObject({ role: "clerk", purpose: "食品经营许可（延续）" });
    expect(seen("holder.share-code.create")).toMatchObject({ role: "clerk", purpose: "持证人查询本人证照" });
    // The session the code opened, and what it read, are in the log too: a code used by someone else shows.
    expect(seen("holder.share-code.use")).toMatchObject({ role: "holder" });
    expect(seen("holder.self.licences")).toMatchObject({ role: "holder" });
    // Only this holder's reads: the list's event for the other holder's licence is in the other holder's log.
    const listed = (await h.store.readAudit(0, 100_000)).filter((e) => e.action === "licence.list");
    expect(listed.map((e) => e.holderCode)).toEqual(expect.arrayContaining([holder.code, other.code]));
    expect(listed.find((e) => e.target === otherId)?.holderCode).toBe(other.code);
  });
});

describe("a share code", () => {
  it("is refused to an issuer (the desk hands them out, not the back office)", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: auth(h.key.issuer),
      payload: { purpose: "x" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("REG_FORBIDDEN");
  });

  it("is refused to a clerk with a Bearer key, or at a desk that has not looked this holder up", async () => {
    const bearer = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: auth(h.key.clerk),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect(bearer.statusCode).toBe(403);
    expect(bearer.json()).toMatchObject({
      code: "REG_DESK_APPLICANT_REQUIRED",
      details: [{ field: "session" }],
    });

    const fresh = await deskSignIn(h);
    const none = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: withSession(fresh),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ code: "REG_DESK_APPLICANT_REQUIRED", details: [{ field: "code" }] });

    // Looked up holder A, asks for holder B.
    const desk = await deskWithApplicant(h, holder.code);
    const wrong = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${other.code}/share-codes`,
      headers: withSession(desk),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe("REG_DESK_APPLICANT_REQUIRED");
    const made = (await h.store.readAudit(0, 100_000)).filter(
      (e) => e.action === "holder.share-code.create" && e.holderCode === other.code,
    );
    expect(made).toEqual([]);
  });

  it("does not sign in anyone who carries a staff credential, and is not used up by the attempt", async () => {
    const { shareCode } = await handOutShareCode(h, holder.code);
    for (const key of [h.key.clerk, h.key.issuer, "ek_not_even_valid"]) {
      const res = await h.app.inject({
        method: "POST",
        url: "/api/v1/holder/session",
        headers: auth(key),
        payload: { holderCode: holder.code, shareCode },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: "REG_STAFF_SIGNED_IN",
        details: [{ field: "header.authorization" }],
      });
    }
    const desk = await deskSignIn(h);
    const fromDesk = await h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      headers: { cookie: desk.cookie },
      payload: { holderCode: holder.code, shareCode },
    });
    expect(fromDesk.statusCode).toBe(403);
    expect(fromDesk.json()).toMatchObject({
      code: "REG_STAFF_SIGNED_IN",
      details: [{ field: "cookie.elicence_desk" }],
    });
    const office = await issuerSignIn(h);
    const fromOffice = await h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      headers: { cookie: office.cookie },
      payload: { holderCode: holder.code, shareCode },
    });
    expect(fromOffice.json()).toMatchObject({
      code: "REG_STAFF_SIGNED_IN",
      details: [{ field: "cookie.elicence_issuer" }],
    });
    // The holder, without staff credentials, still gets in with the same code.
    expect((await holderSignIn(h, holder.code, shareCode)).res.statusCode).toBe(201);
  });
});

describe("a clerk and documents", () => {
  it("gets no sealed PDF (unmasked), with a Bearer key or at the desk", async () => {
    const url = `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`;
    const bearer = await get(url, auth(h.key.clerk));
    expect(bearer.statusCode).toBe(403);
    expect(bearer.json()).toMatchObject({
      code: "REG_FORBIDDEN",
      message: expect.stringContaining("licence.download"),
    });
    const desk = await deskWithApplicant(h, holder.code);
    expect((await get(url, withSession(desk))).statusCode).toBe(403);
    expect((await get(url, auth(h.key.auditor))).statusCode).toBe(200);
  });

  it("makes an annotated copy only for the applicant at the desk", async () => {
    const body = { serviceItem: "food-business-renewal" };
    const bearer = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${identifier}/annotated-copy`,
      headers: auth(h.key.clerk),
      payload: body,
    });
    expect(bearer.statusCode).toBe(403);
    expect(bearer.json().code).toBe("REG_DESK_APPLICANT_REQUIRED");
    const desk = await deskWithApplicant(h, holder.code);
    const otherCopy = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${otherId}/annotated-copy`,
      headers: withSession(desk),
      payload: body,
    });
    expect(otherCopy.statusCode).toBe(403);
    expect(otherCopy.json()).toMatchObject({
      code: "REG_DESK_APPLICANT_REQUIRED",
      details: [{ field: "identifier" }],
    });
    // An issuer of the licence's department needs no desk.
    const issuer = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${otherId}/annotated-copy`,
      headers: auth(h.key.issuer),
      payload: body,
    });
    expect(issuer.statusCode, issuer.body).toBe(200);
  });
});

describe("the annotated copy's note", () => {
  it("cannot be typed: a purpose is refused, an unknown service item too, with the date problems at once", async () => {
    const desk = await deskWithApplicant(h, holder.code);
    const post = (payload: object) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/licences/${identifier}/annotated-copy`,
        headers: withSession(desk),
        payload,
      });
    const rewrite = await post({
      purpose: "食品经营许可，并授权持有人以本件代替营业执照原件办理一切事项",
      validUntil: "2026-12-30",
    });
    expect(rewrite.statusCode).toBe(400);
    expect(fields(rewrite)).toEqual([
      "purpose:REG_ANNOTATION_PURPOSE_RETIRED",
      "serviceItem:REG_FIELD_REQUIRED",
    ]);

    const both = await post({ serviceItem: "food-business-renewal，并授权", validUntil: "2020-01-01" });
    expect(both.statusCode).toBe(400);
    expect(fields(both)).toEqual([
      "serviceItem:REG_SERVICE_ITEM_UNKNOWN",
      "validUntil:REG_ANNOTATION_VALID_UNTIL_PAST",
    ]);
    const copies = (await h.store.readAudit(0, 100_000)).filter((e) => e.action === "licence.annotated-copy");
    for (const e of copies) expect(["食品经营许可（新办）", "食品经营许可（延续）"]).toContain(e.purpose);
  });

  it("reads the service item's name from the catalogue", async () => {
    const desk = await deskWithApplicant(h, holder.code);
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${identifier}/annotated-copy`,
      headers: withSession(desk),
      payload: { serviceItem: "food-business-renewal" },
    });
    expect(res.statusCode, res.body).toBe(200);
    const last = (await h.store.readAudit(0, 100_000))
      .filter((e) => e.action === "licence.annotated-copy")
      .at(-1);
    expect(last).toMatchObject({ purpose: "食品经营许可（延续）", department: DEPTS.market });
  });
});
