// The holder's own view: staff hand out a one-time share code; the holder signs in with it and sees their licences
// (unmasked) and who looked them up — department, role, purpose, time. Codes are stored hashed, work once, expire.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auth, DEPTS, startHarness, TYPES, type Harness } from "../support/harness.js";
import {
  deskSignIn,
  handOutShareCode,
  holderSignIn,
  issueExample,
  setCookiesOf,
  withSession,
} from "../support/sessions.js";
import type { SqliteStore } from "../../src/store/sqlite-store.js";

let h: Harness;
let holder: { name: string; code: string };
let foodId: string;

beforeEach(async () => {
  h = await startHarness();
  ({ holder, identifier: foodId } = await issueExample(h, TYPES.food, "holder-food-00001"));
});
afterEach(async () => {
  await h.close();
});

/** Handed out the only way there is: by a clerk at the desk, to the applicant just looked up (see purpose-reads). */
function shareCode(code = holder.code): Promise<{ shareCode: string; expiresAt: string }> {
  return handOutShareCode(h, code);
}

const actions = async () => (await h.store.readAudit(0, 1000)).map((e) => e.action);

describe("a holder with a share code", () => {
  it("sees their licences unmasked and the desk's lookup in their access log", async () => {
    // A clerk at the window checks the applicant for a service item, through the desk session.
    const desk = await deskSignIn(h);
    const check = await h.app.inject({
      method: "POST",
      url: "/api/v1/materials/check",
      headers: withSession(desk),
      payload: {
        holderCode: holder.code,
        purpose: "食品经营许可延续申请",
        serviceItem: "food-business-renewal",
      },
    });
    expect(check.statusCode).toBe(200);
    const handed = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: withSession(desk),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect(handed.statusCode).toBe(201);
    const { shareCode: code, expiresAt, holderCode: shown } = handed.json();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(expiresAt).toBe(new Date(h.clock.now.getTime() + 7 * 86_400_000).toISOString());
    expect(shown).not.toBe(holder.code); // masked for the clerk

    h.clock.now = new Date(h.clock.now.getTime() + 3600_000);
    const s = await holderSignIn(h, holder.code, code);
    expect(s.res.statusCode).toBe(201);
    expect(s.res.json()).toMatchObject({ holderCode: holder.code, method: "share-code" });
    expect(s.setCookies.find((c) => c.startsWith("elicence_holder="))).toMatch(/HttpOnly; SameSite=Strict$/);

    const licences = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/licences",
      headers: withSession(s),
    });
    expect(licences.statusCode).toBe(200);
    expect(licences.json().licences).toHaveLength(1);
    expect(licences.json().licences[0]).toMatchObject({
      identifier: foodId,
      holder: { code: holder.code, name: holder.name, masked: false },
    });

    const log = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/access-log",
      headers: withSession(s),
    });
    expect(log.statusCode).toBe(200);
    const desk0 = {
      at: "2026-11-29T02:00:00.000Z",
      role: "clerk",
      department: DEPTS.market,
      departmentName: "海丰县市场监督管理局",
    };
    // Newest first: what the code's session read, its sign-in, the code handed out (a read in effect), the check.
    expect(log.json().items).toEqual([
      expect.objectContaining({ action: "holder.self.licences", role: "holder", purpose: null }),
      expect.objectContaining({ action: "holder.share-code.use", role: "holder", department: DEPTS.market }),
      expect.objectContaining({
        ...desk0,
        action: "holder.share-code.create",
        purpose: "持证人查询本人证照",
      }),
      { ...desk0, action: "materials.check", purpose: "食品经营许可延续申请", target: holder.code },
    ]);
    // Their own views are audited, but they are not lookups of them.
    expect(await actions()).toEqual(
      expect.arrayContaining([
        "holder.share-code.create",
        "holder.share-code.use",
        "holder.login",
        "holder.self.licences",
        "holder.self.access-log",
      ]),
    );
  });

  it("can use the code once: a second sign-in with it is refused", async () => {
    const { shareCode: code } = await shareCode();
    expect((await holderSignIn(h, holder.code, code)).res.statusCode).toBe(201);
    const again = await holderSignIn(h, holder.code, code);
    expect([again.res.statusCode, again.res.json().code]).toEqual([401, "REG_SHARE_CODE_INVALID"]);
    expect(again.res.json().message).toMatch(/already used/);
    expect(again.setCookies).toEqual([]);
  });

  it("may type it forgivingly, but a wrong, another holder's or an expired code is refused", async () => {
    const { shareCode: code } = await shareCode();
    const sloppy = code.toLowerCase().replace("-", " ").replace(/0/g, "o").replace(/1/g, "l");
    const other = DEPTS.transport; // a valid credit code of another organisation
    const wrong = code.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    expect((await holderSignIn(h, holder.code, wrong)).res.json().code).toBe("REG_SHARE_CODE_INVALID");
    expect((await holderSignIn(h, other, code)).res.json().code).toBe("REG_SHARE_CODE_INVALID");
    expect((await holderSignIn(h, holder.code, sloppy)).res.statusCode).toBe(201);

    const { shareCode: late } = await shareCode();
    h.clock.now = new Date(h.clock.now.getTime() + 7 * 86_400_000);
    const expired = await holderSignIn(h, holder.code, late);
    expect([expired.res.statusCode, expired.res.json().code]).toEqual([401, "REG_SHARE_CODE_INVALID"]);
    expect(expired.res.json().message).toMatch(/expired/);
  });

  it("is stored only as a hash", async () => {
    const { shareCode: code } = await shareCode();
    const rows = (h.store as SqliteStore).db.prepare("SELECT * FROM share_codes").all();
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows) + JSON.stringify(await h.store.readAudit(0, 1000));
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(code.replace("-", ""));
  });

  it("reports a malformed holder code and share code together (422), and rate-limits wrong codes per holder and address", async () => {
    const bad = await holderSignIn(h, "91441521MA55C7TBXS", "too-short");
    expect(bad.res.statusCode).toBe(422);
    expect(bad.res.json().details.map((d: { field: string }) => d.field)).toEqual([
      "holderCode",
      "shareCode",
    ]);

    let last = await holderSignIn(h, holder.code, "ZZZZZ-ZZZZZ");
    for (let i = 0; i < 10 && last.res.statusCode !== 429; i++)
      last = await holderSignIn(h, holder.code, "ZZZZZ-ZZZZZ");
    expect([last.res.statusCode, last.res.json().code]).toEqual([429, "REG_RATE_LIMITED"]);
    expect(Number(last.res.headers["retry-after"])).toBeGreaterThan(0);
    // Even the right code waits until the window ends: guessing gets nowhere.
    const { shareCode: code } = await shareCode();
    expect((await holderSignIn(h, holder.code, code)).res.statusCode).toBe(429);
    h.clock.now = new Date(h.clock.now.getTime() + 16 * 60_000);
    expect((await holderSignIn(h, holder.code, code)).res.statusCode).toBe(201);
  });
});

describe("the holder's routes", () => {
  it("need the holder session and its CSRF token; staff keys and desk sessions are refused", async () => {
    const { shareCode: code } = await shareCode();
    const s = await holderSignIn(h, holder.code, code);
    for (const url of ["/api/v1/holder/licences", "/api/v1/holder/access-log"]) {
      const none = await h.app.inject({ method: "GET", url });
      expect([none.statusCode, none.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
      const noToken = await h.app.inject({ method: "GET", url, headers: withSession(s, null) });
      expect([noToken.statusCode, noToken.json().code]).toEqual([403, "REG_CSRF"]);
      const staff = await h.app.inject({ method: "GET", url, headers: auth(h.key.auditor) });
      expect([staff.statusCode, staff.json().code]).toEqual([403, "REG_FORBIDDEN"]);
    }
    // The holder session opens nothing else.
    const staffRoute = await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/${holder.code}/licences?purpose=x`,
      headers: { cookie: s.cookie.replace("elicence_holder", "elicence_desk"), "x-csrf-token": s.csrf },
    });
    expect(staffRoute.json().code).toBe("REG_SESSION_INVALID");
    const own = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${foodId}`,
      headers: withSession(s),
    });
    expect([own.statusCode, own.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
  });

  it("sign out: the session ends (audited), the cookies are cleared", async () => {
    const { shareCode: code } = await shareCode();
    const s = await holderSignIn(h, holder.code, code);
    const out = await h.app.inject({
      method: "DELETE",
      url: "/api/v1/holder/session",
      headers: withSession(s),
    });
    expect(out.statusCode).toBe(204);
    expect(setCookiesOf(out).map((c) => c.split(";")[0])).toEqual([
      "elicence_holder=",
      "elicence_holder_csrf=",
    ]);
    const after = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/licences",
      headers: withSession(s),
    });
    expect([after.statusCode, after.json().code]).toEqual([401, "REG_SESSION_INVALID"]);
    expect(await actions()).toContain("holder.logout");
  });
});

describe("handing out share codes", () => {
  it("is for clerks at the desk, validates the holder code with a did-you-mean, and is audited with its purpose", async () => {
    const typo = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code.slice(0, -1)}X/share-codes`,
      headers: auth(h.key.clerk),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect([typo.statusCode, typo.json().details[0].field]).toEqual([422, "code"]);
    const byClerk = await shareCode();
    expect(byClerk.shareCode).toHaveLength(11);
    for (const key of [h.key.auditor, h.key.issuer]) {
      const refused = await h.app.inject({
        method: "POST",
        url: `/api/v1/holders/${holder.code}/share-codes`,
        headers: auth(key),
        payload: { purpose: "x" },
      });
      expect(refused.statusCode).toBe(403);
    }
    const created = (await h.store.readAudit(0, 1000)).filter((e) => e.action === "holder.share-code.create");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      role: "clerk",
      department: DEPTS.market,
      holderCode: holder.code,
      purpose: "持证人查询本人证照",
    });
  });
});
