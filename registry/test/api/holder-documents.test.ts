// The signed-in holder's own documents (GET /api/v1/holder/licences/{identifier}/pdf, POST …/annotated-copy) and the
// reasons on their licence list: only their own current versions (anything else is 404 as if it did not exist), each
// download and copy in the audit log and in their own access log, and never the department's internal note.
import path from "node:path";
import { chinaDate, dateZh } from "@elicence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStore } from "../../src/documents/document-store.js";
import { buildLicenceIdentifier, parseLicenceIdentifier } from "@elicence/core";
import { HOLDER_DOWNLOAD_PURPOSE } from "../../src/http/routes/holder-documents.js";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { handOutShareCode, holderSignIn, withSession, type SignedIn } from "../support/sessions.js";

let h: Harness;
const ITEM = "food-business-renewal";
/** The note's words: the service item's name in the catalogue. */
const NOTE = "食品经营许可（延续）";
const OTHER = { name: "海丰县另一家餐饮有限公司", code: DEPTS.transport };

beforeAll(async () => {
  h = await startHarness({ signing: true });
});
afterAll(async () => {
  await h?.close();
});

async function issue(holder?: { name: string; code: string }) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `hdoc-${Math.random().toString(36).slice(2)}` }),
    payload: exampleIssue(h.catalogue, TYPES.food, holder),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{
    identifier: string;
    documentSha256: string;
    issuedOn: string;
    holder: { code: string };
  }>();
}

async function signedInHolder(code: string): Promise<SignedIn> {
  const share = await handOutShareCode(h, code);
  const s = await holderSignIn(h, code, share.shareCode);
  expect(s.res.statusCode).toBe(201);
  return s;
}

const pdf = (s: SignedIn, identifier: string, headers = withSession(s)) =>
  h.app.inject({ method: "GET", url: `/api/v1/holder/licences/${identifier}/pdf`, headers });
const annotate = (s: SignedIn, identifier: string, payload: object, headers = withSession(s)) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/holder/licences/${identifier}/annotated-copy`,
    headers,
    payload,
  });
const accessLog = async (s: SignedIn) =>
  (await h.app.inject({ method: "GET", url: "/api/v1/holder/access-log", headers: withSession(s) })).json<{
    items: { action: string; role: string; purpose: string | null; target: string }[];
  }>().items;

describe("a holder's download of their own licence", () => {
  it("is the sealed PDF, named by type and date of issue, and shows in the audit and access logs as theirs", async () => {
    const lic = await issue();
    const s = await signedInHolder(lic.holder.code);
    const res = await pdf(s, lic.identifier);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["cache-control"]).toBe("no-store");
    const typeName = h.catalogue.get(TYPES.food)!.name.zh;
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="licence-${lic.issuedOn}.pdf"; filename*=UTF-8''${encodeURIComponent(`${typeName}-${dateZh(lic.issuedOn)}.pdf`)}`,
    );
    const stored = await new DocumentStore(path.join(h.dir, "documents")).get(lic.documentSha256);
    expect(Buffer.from(res.rawPayload).equals(Buffer.from(stored!))).toBe(true);

    const events = (await h.store.readAudit(0, 10_000)).filter(
      (e) => e.action === "licence.download" && e.target === lic.identifier,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      role: "holder",
      department: null,
      holderCode: lic.holder.code,
      purpose: HOLDER_DOWNLOAD_PURPOSE,
    });
    expect(events[0]!.actor).toMatch(/^holder:share-code:/);
    expect(await accessLog(s)).toContainEqual(
      expect.objectContaining({
        action: "licence.download",
        role: "holder",
        purpose: HOLDER_DOWNLOAD_PURPOSE,
        target: lic.identifier,
      }),
    );
  });

  it("is refused for another holder's licence, a superseded version and an unknown identifier alike (404)", async () => {
    const mine = await issue();
    const theirs = await issue(OTHER);
    const s = await signedInHolder(mine.holder.code);
    const amend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${mine.identifier}/amend`,
      headers: auth(h.key.issuer),
      payload: { reason: "经营场所变更", fields: { premises: "海丰县海城镇新风路88号" } },
    });
    expect(amend.statusCode, amend.body).toBe(201);
    const before = (await h.store.readAudit(0, 10_000)).length;
    // Well-formed but not in the register (a mistyped one answers the identifier's own error: rules-by-route.test.ts).
    const parts = parseLicenceIdentifier(theirs.identifier);
    if (!parts.ok) throw new Error("the registry minted a malformed identifier");
    const unknown = buildLicenceIdentifier({ ...parts.value, version: 999 });
    for (const id of [theirs.identifier, mine.identifier, unknown]) {
      for (const res of [await pdf(s, id), await annotate(s, id, { serviceItem: ITEM })]) {
        expect([res.statusCode, res.json().code], id).toEqual([404, "REG_LICENCE_NOT_FOUND"]);
        // The same words whatever the reason: only the identifier asked for differs.
        expect(res.json().message.replace(id, "ID")).toBe(
          "You hold no current licence with the identifier ID.",
        );
      }
    }
    // Nothing was read, so nothing was logged as a download or a copy.
    const after = (await h.store.readAudit(0, 10_000)).slice(before);
    expect(after.filter((e) => e.action.startsWith("licence."))).toEqual([]);
    // The current version (the amendment) is theirs to download.
    expect((await pdf(s, amend.json().identifier)).statusCode).toBe(200);
  });

  it("needs the holder session and its CSRF token; a staff key is refused", async () => {
    const lic = await issue();
    const s = await signedInHolder(lic.holder.code);
    const url = `/api/v1/holder/licences/${lic.identifier}/pdf`;
    const none = await h.app.inject({ method: "GET", url });
    expect([none.statusCode, none.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
    const noToken = await pdf(s, lic.identifier, withSession(s, null));
    expect([noToken.statusCode, noToken.json().code]).toEqual([403, "REG_CSRF"]);
    const staff = await h.app.inject({ method: "GET", url, headers: auth(h.key.auditor) });
    expect([staff.statusCode, staff.json().code]).toEqual([403, "REG_FORBIDDEN"]);
    const staffCopy = await annotate(s, lic.identifier, { serviceItem: ITEM }, auth(h.key.issuer));
    expect([staffCopy.statusCode, staffCopy.json().code]).toEqual([403, "REG_FORBIDDEN"]);
  });
});

describe("a holder's annotated copy", () => {
  it("is made for the service item they choose, and shows in their access log with it", async () => {
    const lic = await issue();
    const s = await signedInHolder(lic.holder.code);
    const res = await annotate(s, lic.identifier, { serviceItem: ITEM, validUntil: "2027-01-15" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["x-annotation-valid-until"]).toBe("2027-01-15");
    const typeName = h.catalogue.get(TYPES.food)!.name.zh;
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="annotated-copy-${chinaDate(h.clock.now)}.pdf"; filename*=UTF-8''${encodeURIComponent(`${typeName}-加注件-${dateZh(chinaDate(h.clock.now))}.pdf`)}`,
    );
    expect(Buffer.from(res.rawPayload).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(await accessLog(s)).toContainEqual(
      expect.objectContaining({
        action: "licence.annotated-copy",
        role: "holder",
        purpose: NOTE,
        target: lic.identifier,
      }),
    );
  });

  it("reports every problem at once, and refuses an item that does not ask for the licence's type", async () => {
    const lic = await issue();
    const s = await signedInHolder(lic.holder.code);
    const bad = await annotate(s, lic.identifier, { validUntil: "2020-01-01", purpose: "随便写的用途" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`)).toEqual([
      "purpose:REG_ANNOTATION_PURPOSE_RETIRED",
      "serviceItem:REG_FIELD_REQUIRED",
      "validUntil:REG_ANNOTATION_VALID_UNTIL_PAST",
    ]);
    const items = (await h.app.inject({ method: "GET", url: "/api/v1/service-items" })).json<{
      items: { code: string; required: { typeCode: string }[] }[];
    }>().items;
    const unrelated = items.find((i) => !i.required.some((r) => r.typeCode === TYPES.food));
    expect(unrelated).toBeDefined();
    const wrong = await annotate(s, lic.identifier, { serviceItem: unrelated!.code });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0].code).toBe("REG_SERVICE_ITEM_NOT_FOR_LICENCE");
  });
});

describe("the holder's licence list", () => {
  it("gives a revoked or suspended licence's date and reason in words, never the internal note", async () => {
    const revoked = await issue();
    const suspended = await issue();
    const valid = await issue();
    const change = (id: string, action: string, reason: string) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/licences/${id}/${action}`,
        headers: auth(h.key.issuer),
        payload: { reason, note: "内部备注：案卷 2026-117 张三举报" },
      });
    expect((await change(revoked.identifier, "revoke", "revoked-by-law")).statusCode).toBe(200);
    expect((await change(suspended.identifier, "suspend", "rectification-ordered")).statusCode).toBe(200);
    const s = await signedInHolder(revoked.holder.code);
    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/licences",
      headers: withSession(s),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain("内部备注");
    const byId = new Map(
      res
        .json<{ licences: { identifier: string; state: string; stateChange?: unknown }[] }>()
        .licences.map((l) => [l.identifier, l]),
    );
    expect(byId.get(revoked.identifier)).toMatchObject({
      state: "07",
      stateChange: {
        at: h.clock.now.toISOString(),
        reason: "revoked-by-law",
        reasonName: { zh: "依法吊销", en: "Revoked under the law" },
      },
    });
    expect(byId.get(suspended.identifier)).toMatchObject({
      state: "02",
      stateChange: { reason: "rectification-ordered", reasonName: { zh: "责令整改" } },
    });
    expect(byId.get(valid.identifier)?.stateChange).toBeUndefined();
    // A revoked licence's sealed PDF is still theirs to download; an annotated copy of it is not made.
    expect((await pdf(s, revoked.identifier)).statusCode).toBe(200);
    const copy = await annotate(s, revoked.identifier, { serviceItem: ITEM });
    expect([copy.statusCode, copy.json().code]).toEqual([409, "REG_ILLEGAL_TRANSITION"]);
  });
});
