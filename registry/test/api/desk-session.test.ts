// The window desk's session: a clerk key is exchanged once for an HttpOnly cookie + CSRF token; the desk's routes then
// accept the cookie instead of a Bearer key, only with the matching x-csrf-token header; Bearer keys work as before.
import type { FastifyRequest } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CookieSessions } from "../../src/sessions/cookie-sessions.js";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { cookieValue, deskSignIn, issueExample, setCookiesOf, withSession } from "../support/sessions.js";

let h: Harness;
let holder: { name: string; code: string };
let businessId: string;

beforeEach(async () => {
  h = await startHarness();
  ({ holder, identifier: businessId } = await issueExample(
    h,
    TYPES.business,
    "desk-business-0001",
    exampleIssue(h.catalogue, TYPES.food).holder,
  ));
});
afterEach(async () => {
  await h.close();
});

const audit = async (action: string) => (await h.store.readAudit(0, 1000)).filter((e) => e.action === action);

describe("signing in at the desk", () => {
  it("exchanges a clerk key for an HttpOnly, SameSite=Strict session cookie and a CSRF token; the key is not kept", async () => {
    const s = await deskSignIn(h);
    expect(s.res.statusCode).toBe(201);
    const body = s.res.json();
    expect(body.clerk).toMatchObject({ department: DEPTS.market, departmentName: "海丰县市场监督管理局" });
    expect(body.idleMinutes).toBe(30);
    expect(JSON.stringify(body)).not.toContain(h.key.clerk);
    const [idCookie, csrfCookie] = ["elicence_desk", "elicence_desk_csrf"].map((n) =>
      s.setCookies.find((c) => c.startsWith(`${n}=`)),
    );
    expect(idCookie).toMatch(/; Path=\/; Max-Age=32400; HttpOnly; SameSite=Strict$/);
    expect(Buffer.from(cookieValue(s.setCookies, "elicence_desk")!, "base64url")).toHaveLength(32);
    // The CSRF cookie is readable by the page (double submit) and carries the token the body returns.
    expect(csrfCookie).not.toContain("HttpOnly");
    expect(cookieValue(s.setCookies, "elicence_desk_csrf")).toBe(body.csrfToken);
    // The base URL is http: no Secure flag (a browser would drop the cookie); https is the next test.
    expect(idCookie).not.toContain("Secure");
    const logins = await audit("desk.login");
    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({ role: "clerk", department: DEPTS.market, holderCode: null });
    expect(JSON.stringify(await h.store.readAudit(0, 1000))).not.toContain(s.csrf);
  });

  it("marks the cookies Secure when the request came over https or the public base URL is https", () => {
    const over = (protocol: string) => ({ protocol }) as FastifyRequest;
    for (const c of h.sessions.setCookies("desk", "id", "csrf", over("https")))
      expect(c).toMatch(/; Secure; /);
    for (const c of h.sessions.setCookies("desk", "id", "csrf", over("http")))
      expect(c).not.toMatch(/Secure/);
    const behindProxy = new CookieSessions(h.store, () => h.clock.now, true);
    for (const c of [
      ...behindProxy.setCookies("holder", "id", "csrf", over("http")),
      ...behindProxy.clearCookies("holder", over("http")),
    ])
      expect(c).toMatch(/; Secure; SameSite=Strict$/);
  });

  it("refuses other roles' keys, unknown and revoked keys, and rate-limits repeated failures", async () => {
    const issuer = await deskSignIn(h, h.key.issuer);
    expect([issuer.res.statusCode, issuer.res.json().code]).toEqual([403, "REG_FORBIDDEN"]);
    expect(issuer.setCookies).toEqual([]);
    const unknown = await deskSignIn(h, "ek_abcdefabcdef_AAAAAAAAAAAAAAAAAAAAAA");
    expect([unknown.res.statusCode, unknown.res.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
    const cli = { id: "cli", role: "admin", department: null };
    const spare = await h.keys.create(cli, { role: "clerk", department: DEPTS.market });
    await h.keys.revoke(cli, spare.record.id, "left the office");
    const revoked = await deskSignIn(h, spare.key);
    expect([revoked.res.statusCode, revoked.res.json().code]).toEqual([401, "REG_KEY_REVOKED"]);
    let last = revoked;
    for (let i = 0; i < 20 && last.res.statusCode !== 429; i++)
      last = await deskSignIn(h, `ek_abcdefabcdef_${"B".repeat(22)}`);
    expect([last.res.statusCode, last.res.json().code]).toEqual([429, "REG_RATE_LIMITED"]);
    expect(Number(last.res.headers["retry-after"])).toBeGreaterThan(0);
    // While limited, even the right key waits: the limit is per client address, not per key guessed.
    expect((await deskSignIn(h)).res.statusCode).toBe(429);
    expect(await audit("desk.login")).toEqual([]);
  });
});

describe("the desk's requests with the session cookie", () => {
  it("check a service item for an applicant: exempt with the licence as evidence, must_submit for the rest", async () => {
    const s = await deskSignIn(h);
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/materials/check",
      headers: withSession(s),
      payload: {
        holderCode: holder.code,
        purpose: "食品经营许可延续申请",
        serviceItem: "food-business-renewal",
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.serviceItem.code).toBe("food-business-renewal");
    expect(body.exemptCount).toBe(1);
    expect(
      body.results.map((r: { typeCode: string; status: string; identifier?: string }) => [
        r.typeCode,
        r.status,
        r.identifier,
      ]),
    ).toEqual([
      [TYPES.business, "exempt", businessId],
      [TYPES.food, "must_submit", undefined],
    ]);
    expect(body.results[1].note.zh).toBe("原食品经营许可证（正、副本）");
    // Clerks see the holder code masked, cookie or not.
    expect(body.holderCode).not.toBe(holder.code);
    const [check] = await audit("materials.check");
    expect(check).toMatchObject({
      role: "clerk",
      department: DEPTS.market,
      holderCode: holder.code,
      purpose: "食品经营许可延续申请",
    });
    expect(check?.detail).toMatchObject({ serviceItem: "food-business-renewal", exempt: [businessId] });
  });

  it("look a holder up and open a licence masked, as the clerk key would", async () => {
    const s = await deskSignIn(h);
    const lookup = await h.app.inject({
      method: "GET",
      url: `/api/v1/holders/${holder.code}/licences?purpose=${encodeURIComponent("道路运输经营许可新办审查")}`,
      headers: withSession(s),
    });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json().licences.map((l: { identifier: string }) => l.identifier)).toEqual([businessId]);
    const read = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${businessId}?purpose=x`,
      headers: withSession(s),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().holder.masked).toBe(true);
    const share = await h.app.inject({
      method: "POST",
      url: `/api/v1/holders/${holder.code}/share-codes`,
      headers: withSession(s),
      payload: { purpose: "持证人查询本人证照" },
    });
    expect(share.statusCode).toBe(201);
    const stats = await h.app.inject({
      method: "GET",
      url: "/api/v1/stats/exemptions",
      headers: withSession(s),
    });
    expect(stats.statusCode).toBe(200);
  });

  it("refuse a cookie without the CSRF token (403 REG_CSRF), or with another session's, on GET and POST alike", async () => {
    const s = await deskSignIn(h);
    const other = await deskSignIn(h);
    const before = (await h.store.auditHead())?.seq;
    const requests = [
      { method: "GET" as const, url: `/api/v1/holders/${holder.code}/licences?purpose=x` },
      { method: "GET" as const, url: `/api/v1/licences/${businessId}?purpose=x` },
      {
        method: "POST" as const,
        url: "/api/v1/materials/check",
        payload: { holderCode: holder.code, purpose: "x", serviceItem: "food-business-new" },
      },
    ];
    for (const r of requests)
      for (const csrf of [null, "", other.csrf, `${s.csrf}x`]) {
        const res = await h.app.inject({ ...r, headers: withSession(s, csrf) });
        expect([res.statusCode, res.json().code], `${r.method} ${r.url} with ${String(csrf)}`).toEqual([
          403,
          "REG_CSRF",
        ]);
      }
    // Nothing was read, so nothing was logged.
    expect((await h.store.auditHead())?.seq).toBe(before);
  });

  it("reach only the desk's routes", async () => {
    const s = await deskSignIn(h);
    const issue = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: withSession(s, s.csrf),
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    expect([issue.statusCode, issue.json().code]).toEqual([403, "REG_FORBIDDEN"]);
    const keys = await h.app.inject({ method: "GET", url: "/api/v1/keys", headers: withSession(s) });
    expect(keys.statusCode).toBe(403);
    // A desk cookie is not a holder session.
    const holderView = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/licences",
      headers: withSession(s),
    });
    expect([holderView.statusCode, holderView.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
  });

  it("leave Bearer keys as they were: the Authorization header wins over a cookie, a bad one is not rescued by it", async () => {
    const s = await deskSignIn(h);
    const asIssuer = await h.app.inject({
      method: "GET",
      url: "/api/v1/licences?purpose=x",
      headers: { ...withSession(s), ...auth(h.key.issuer) },
    });
    expect(asIssuer.statusCode).toBe(200);
    const badBearer = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${businessId}?purpose=x`,
      headers: { ...withSession(s), authorization: "Bearer nonsense" },
    });
    expect([badBearer.statusCode, badBearer.json().code]).toEqual([401, "REG_UNAUTHENTICATED"]);
    const bearerOnly = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${businessId}?purpose=x`,
      headers: auth(h.key.clerk),
    });
    expect(bearerOnly.statusCode).toBe(200);
  });
});

describe("the end of a desk session", () => {
  it("signing out ends it (audited) and clears both cookies; the old cookie is refused", async () => {
    const s = await deskSignIn(h);
    const out = await h.app.inject({
      method: "DELETE",
      url: "/api/v1/desk/session",
      headers: withSession(s),
    });
    expect(out.statusCode).toBe(204);
    const cleared = setCookiesOf(out);
    expect(cleared).toHaveLength(2);
    for (const c of cleared) expect(c).toMatch(/^elicence_desk(_csrf)?=; Path=\/; Max-Age=0;/);
    const [login] = await audit("desk.login");
    const [logout] = await audit("desk.logout");
    expect(logout).toMatchObject({ role: "clerk", department: DEPTS.market, target: login?.target });
    const again = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${businessId}?purpose=x`,
      headers: withSession(s),
    });
    expect([again.statusCode, again.json().code]).toEqual([401, "REG_SESSION_INVALID"]);
    // Signing out needs the CSRF token too (a cross-site page cannot sign the clerk out).
    const s2 = await deskSignIn(h);
    const forged = await h.app.inject({
      method: "DELETE",
      url: "/api/v1/desk/session",
      headers: withSession(s2, null),
    });
    expect(forged.statusCode).toBe(403);
  });

  it("ends after 30 idle minutes, and at once when the clerk key is revoked", async () => {
    const s = await deskSignIn(h);
    const read = () =>
      h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${businessId}?purpose=x`,
        headers: withSession(s),
      });
    h.clock.now = new Date(h.clock.now.getTime() + 29 * 60_000);
    expect((await read()).statusCode).toBe(200);
    h.clock.now = new Date(h.clock.now.getTime() + 29 * 60_000);
    expect((await read()).statusCode).toBe(200);
    h.clock.now = new Date(h.clock.now.getTime() + 31 * 60_000);
    expect((await read()).json().code).toBe("REG_SESSION_INVALID");

    const cli = { id: "cli", role: "admin", department: null };
    const spare = await h.keys.create(cli, { role: "clerk", department: DEPTS.market });
    const t = await deskSignIn(h, spare.key);
    const readT = () =>
      h.app.inject({
        method: "GET",
        url: `/api/v1/licences/${businessId}?purpose=x`,
        headers: withSession(t),
      });
    expect((await readT()).statusCode).toBe(200);
    await h.keys.revoke(cli, spare.record.id, "lost laptop");
    expect((await readT()).json().code).toBe("REG_KEY_REVOKED");
    expect((await readT()).json().code).toBe("REG_SESSION_INVALID");
  });
});
