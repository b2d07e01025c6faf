// The issuing office's session (/issue): an issuer key is exchanged once for an HttpOnly cookie + CSRF token; the
// issuer's routes then accept the cookie instead of a Bearer key, only with the matching x-csrf-token header, and no
// other route does.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import {
  cookieValue,
  deskSignIn,
  issueExample,
  issuerSignIn,
  setCookiesOf,
  withSession,
  type SignedIn,
} from "../support/sessions.js";

let h: Harness;
let identifier: string;

beforeEach(async () => {
  h = await startHarness();
  ({ identifier } = await issueExample(h, TYPES.food, "issuer-session-0001"));
});
afterEach(async () => {
  await h.close();
});

const audit = async (action: string) => (await h.store.readAudit(0, 1000)).filter((e) => e.action === action);
const issue = (s: SignedIn, csrf: string | null, idem: string) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: { ...withSession(s, csrf), "idempotency-key": idem },
    payload: exampleIssue(h.catalogue, TYPES.food),
  });

describe("signing in at the issuing office", () => {
  it("exchanges an issuer key for an HttpOnly session cookie and a CSRF token, audited as issuer.login", async () => {
    const s = await issuerSignIn(h);
    expect(s.res.statusCode).toBe(201);
    const body = s.res.json();
    expect(body.issuer).toMatchObject({ department: DEPTS.market, departmentName: "海丰县市场监督管理局" });
    expect(body.idleMinutes).toBe(30);
    expect(JSON.stringify(body)).not.toContain(h.key.issuer);
    expect(s.setCookies.find((c) => c.startsWith("elicence_issuer="))).toMatch(
      /; Path=\/; Max-Age=32400; HttpOnly; SameSite=Strict$/,
    );
    expect(s.setCookies.find((c) => c.startsWith("elicence_issuer_csrf="))).not.toContain("HttpOnly");
    expect(cookieValue(s.setCookies, "elicence_issuer_csrf")).toBe(body.csrfToken);
    const logins = await audit("issuer.login");
    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({ role: "issuer", department: DEPTS.market });
  });

  it("refuses clerk, auditor and admin keys, unknown and revoked keys", async () => {
    for (const role of ["clerk", "auditor", "admin"] as const) {
      const other = await issuerSignIn(h, h.key[role]);
      expect([other.res.statusCode, other.res.json().code]).toEqual([403, "REG_FORBIDDEN"]);
      expect(other.setCookies).toEqual([]);
    }
    const unknown = await issuerSignIn(h, "ek_abcdefabcdef_AAAAAAAAAAAAAAAAAAAAAA");
    expect([unknown.res.statusCode, unknown.res.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
    const cli = { id: "cli", role: "admin", department: null };
    const spare = await h.keys.create(cli, { role: "issuer", department: DEPTS.market });
    await h.keys.revoke(cli, spare.record.id, "left the office");
    const revoked = await issuerSignIn(h, spare.key);
    expect([revoked.res.statusCode, revoked.res.json().code]).toEqual([401, "REG_KEY_REVOKED"]);
    // A clerk key signs in at the desk, not here; an issuer key not at the desk.
    const atDesk = await deskSignIn(h, h.key.issuer);
    expect(atDesk.res.statusCode).toBe(403);
    expect(await audit("issuer.login")).toEqual([]);
  });
});

describe("an issuing office session", () => {
  it("issues, lists and changes licences as the issuer key would, the audit naming the key", async () => {
    const s = await issuerSignIn(h);
    const res = await issue(s, s.csrf, "issuer-session-0002");
    expect(res.statusCode, res.body).toBe(201);
    const list = await h.app.inject({
      method: "GET",
      url: "/api/v1/licences?purpose=x",
      headers: withSession(s),
    });
    expect(list.statusCode).toBe(200);
    const revoke = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${encodeURIComponent(identifier)}/revoke`,
      headers: withSession(s),
      payload: { reason: "revoked-by-law", note: "案卷 2026-117" },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const [issued] = (await h.store.readAudit(0, 1000)).filter((e) => e.action.includes("issue")).slice(-1);
    expect(issued?.actor).toBe(s.res.json().issuer.keyId);
  });

  it("refuses a cookie without its CSRF token, or with another session's, on GET and POST alike", async () => {
    const s = await issuerSignIn(h);
    const other = await issuerSignIn(h);
    const desk = await deskSignIn(h);
    for (const csrf of [null, "", other.csrf, desk.csrf, `${s.csrf}x`]) {
      const post = await issue(s, csrf, "issuer-session-0003");
      expect([post.statusCode, post.json().code], String(csrf)).toEqual([403, "REG_CSRF"]);
      const get = await h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${encodeURIComponent(identifier)}?purpose=x`,
        headers: withSession(s, csrf),
      });
      expect([get.statusCode, get.json().code], String(csrf)).toEqual([403, "REG_CSRF"]);
    }
  });

  it("reaches only the issuer's routes: not the desk's, the holder's or the admin's (annotated copies: route-role-matrix)", async () => {
    const s = await issuerSignIn(h);
    const denied = [
      { method: "POST" as const, url: "/api/v1/materials/check", payload: {} },
      { method: "DELETE" as const, url: "/api/v1/desk/session" },
      { method: "GET" as const, url: "/api/v1/keys" },
      { method: "GET" as const, url: "/api/v1/audit/events" },
      { method: "GET" as const, url: "/api/v1/stats/exemptions" },
    ];
    for (const r of denied) {
      const res = await h.app.inject({ ...r, headers: withSession(s) });
      expect([res.statusCode, res.json().code], r.url).toEqual([403, "REG_FORBIDDEN"]);
    }
    // A staff cookie is no holder session.
    const holderView = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/licences",
      headers: withSession(s),
    });
    expect([holderView.statusCode, holderView.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
  });

  it("with a desk session in the same browser, each page's CSRF token picks its own session", async () => {
    const s = await issuerSignIn(h);
    const desk = await deskSignIn(h);
    const both = `${s.cookie}; ${desk.cookie}`;
    const read = (csrf: string) =>
      h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${encodeURIComponent(identifier)}?purpose=x`,
        headers: { cookie: both, "x-csrf-token": csrf },
      });
    // The issuer reads unmasked, the clerk masked: which session answered shows in the holder's name.
    const asIssuer = (await read(s.csrf)).json();
    const asClerk = (await read(desk.csrf)).json();
    expect(asIssuer.holder.name).not.toContain("*");
    expect(asClerk.holder.name).toContain("*");
    const issued = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: { cookie: both, "x-csrf-token": desk.csrf, "idempotency-key": "issuer-session-0004" },
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    // The desk's token never issues, even beside an issuer cookie.
    expect(issued.statusCode).toBe(403);
  });
});

describe("the end of an issuing office session", () => {
  it("signing out ends it (audited, CSRF required) and clears both cookies; the old cookie is refused", async () => {
    const s = await issuerSignIn(h);
    const forged = await h.app.inject({
      method: "DELETE",
      url: "/api/v1/issuer/session",
      headers: withSession(s, null),
    });
    expect([forged.statusCode, forged.json().code]).toEqual([403, "REG_CSRF"]);
    const out = await h.app.inject({
      method: "DELETE",
      url: "/api/v1/issuer/session",
      headers: withSession(s),
    });
    expect(out.statusCode).toBe(204);
    for (const c of setCookiesOf(out)) expect(c).toMatch(/^elicence_issuer(_csrf)?=; Path=\/; Max-Age=0;/);
    const [login] = await audit("issuer.login");
    const [logout] = await audit("issuer.logout");
    expect(logout).toMatchObject({ role: "issuer", department: DEPTS.market, target: login?.target });
    const again = await issue(s, s.csrf, "issuer-session-0005");
    expect([again.statusCode, again.json().code]).toEqual([401, "REG_SESSION_INVALID"]);
  });

  it("ends after 30 idle minutes, after 9 hours however busy, and at once when the issuer key is revoked", async () => {
    const s = await issuerSignIn(h);
    const read = (t: SignedIn) =>
      h.app.inject({ method: "GET", url: "/api/v1/licences?purpose=x", headers: withSession(t) });
    const later = (minutes: number) => (h.clock.now = new Date(h.clock.now.getTime() + minutes * 60_000));
    later(29);
    expect((await read(s)).statusCode).toBe(200);
    later(31);
    expect((await read(s)).json().code).toBe("REG_SESSION_INVALID");

    const busy = await issuerSignIn(h);
    for (let i = 0; i < 18; i++) {
      later(29);
      expect((await read(busy)).statusCode).toBe(200);
    }
    later(29);
    expect((await read(busy)).json().code).toBe("REG_SESSION_INVALID");

    const cli = { id: "cli", role: "admin", department: null };
    const spare = await h.keys.create(cli, { role: "issuer", department: DEPTS.market });
    const t = await issuerSignIn(h, spare.key);
    expect((await read(t)).statusCode).toBe(200);
    await h.keys.revoke(cli, spare.record.id, "lost laptop");
    expect((await read(t)).json().code).toBe("REG_KEY_REVOKED");
    expect((await read(t)).json().code).toBe("REG_SESSION_INVALID");
  });
});
