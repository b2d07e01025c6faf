// Who may call what, walked for real: every route the app registers × every kind of caller, against an explicit
// table that is the spec (ROLE_PERMISSIONS and each route's declared permission must both agree with it).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as FastifyModule from "fastify";
import type { RouteOptions } from "fastify";
import { ROLES, type Role } from "../../src/domain/api-key.js";
import { ROLE_PERMISSIONS } from "../../src/auth/policy.js";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { parseRouteTree, type RouteEntry } from "../support/route-tree.js";
import { deskSignIn, issuerSignIn, withSession, type SignedIn } from "../support/sessions.js";

// Every route as it registers: method and URL as they are then (fastify reuses and rewrites the options object for a
// prefix twin), and the options object itself, whose config the app's own onRoute hooks change after ours (so it is
// read later). Wrapping the factory is the only way to hear every onRoute: buildApp() creates the instance.
const registered = vi.hoisted(
  () => [] as { root: unknown; methods: string[]; url: string; route: RouteOptions }[],
);
vi.mock("fastify", async (importOriginal) => {
  const mod = await importOriginal<typeof FastifyModule>();
  const create = (opts?: object) => {
    const root = mod.default(opts);
    root.addHook("onRoute", (route) => {
      registered.push({ root, methods: [route.method].flat(), url: route.url, route });
    });
    return root;
  };
  return { ...mod, default: create as unknown as typeof mod.default };
});

type Access = "public" | readonly Role[];

/**
 * Routes for a holder signed in with a share code (permission holder.self): no API key of any role gets past auth
 * (no key: 401; any role: 403). That the holder session does is tested in registry/test/api/holder-view.test.ts.
 */
const HOLDER_SESSION: Access = [];

/** The spec. HEAD routes (fastify's exposeHeadRoutes) follow their GET twin; /docs/* (swagger-ui) is all public. */
const EXPECTED: Readonly<Record<string, Access>> = {
  "GET /healthz": "public",
  "GET /readyz": "public",
  // GET /metrics and POST /pki/tsa are not registered unless configured (ELICENCE_PUBLIC_METRICS, ELICENCE_PUBLIC_TSA):
  // this harness runs with the defaults, so they are absent from the table (registry/test/api/hardening.test.ts).
  "GET /api/v1/licence-types": "public",
  "GET /api/v1/licence-types/:code": "public",
  "GET /api/v1/licence-types/:code/import-template": "public",
  "POST /api/v1/licences": ["issuer"],
  "GET /api/v1/licences": ["issuer", "auditor"],
  "GET /api/v1/licences/:identifier": ["issuer", "clerk", "auditor"],
  "GET /api/v1/licences/:identifier/history": ["issuer", "clerk", "auditor"],
  "GET /api/v1/reason-codes": "public",
  "POST /api/v1/licences/:identifier/suspend": ["issuer"],
  "POST /api/v1/licences/:identifier/reinstate": ["issuer"],
  "POST /api/v1/licences/:identifier/revoke": ["issuer"],
  "POST /api/v1/licences/:identifier/cancel": ["issuer"],
  "POST /api/v1/licences/:identifier/deregister": ["issuer"],
  "POST /api/v1/licences/:identifier/amend": ["issuer"],
  "POST /api/v1/licences/:identifier/renew": ["issuer"],
  "GET /api/v1/holders/:code/licences": ["clerk", "auditor"],
  "GET /api/v1/holders/:code/access-log": ["auditor"],
  "POST /api/v1/materials/check": ["clerk"],
  "GET /api/v1/service-items": "public",
  "GET /api/v1/stats/exemptions": ["clerk", "auditor"],
  "POST /api/v1/imports": ["issuer"],
  "GET /api/v1/imports/:jobId": ["issuer"],
  "GET /api/v1/imports/:jobId/report": ["issuer"],
  // Sign-in takes the credential in the body, so the route itself is public; the clerk key's desk session (cookie +
  // x-csrf-token) then reaches the clerk's routes above: registry/test/api/desk-session.test.ts.
  "POST /api/v1/desk/session": "public",
  "DELETE /api/v1/desk/session": ["clerk"],
  // The issuer key's session at the issuing office (/issue) reaches the issuer's routes above:
  // registry/test/api/issuer-session.test.ts.
  "POST /api/v1/issuer/session": "public",
  "DELETE /api/v1/issuer/session": ["issuer"],
  // Clerks only, and then only at the desk for the applicant just looked up (purpose-reads.test.ts).
  "POST /api/v1/holders/:code/share-codes": ["clerk"],
  "POST /api/v1/holder/session": "public",
  "DELETE /api/v1/holder/session": HOLDER_SESSION,
  "GET /api/v1/holder/licences": HOLDER_SESSION,
  "GET /api/v1/holder/access-log": HOLDER_SESSION,
  "GET /api/v1/holder/licences/:identifier/pdf": HOLDER_SESSION,
  "POST /api/v1/holder/licences/:identifier/annotated-copy": HOLDER_SESSION,
  "GET /api/v1/audit/events": ["auditor"],
  "GET /api/v1/audit/verify": ["auditor"],
  "GET /api/v1/keys": ["admin"],
  "POST /api/v1/keys": ["admin"],
  "POST /api/v1/keys/:id/revoke": ["admin"],
  // Confirming the clock after a clock-jump hold lets a held expiry sweep run: an administrator's call (issue 11).
  "POST /api/v1/admin/clock/confirm": ["admin"],
  // The sealed PDF is unmasked: not for clerks, who see personal data masked (they hand out annotated copies).
  "GET /api/v1/licences/:identifier/pdf": ["issuer", "auditor"],
  "POST /api/v1/licences/:identifier/annotated-copy": ["issuer", "clerk"],
  "GET /api/v1/seal-usage": ["admin", "auditor"],
  "GET /api/v1/seals": ["admin"],
  "POST /api/v1/seals/:department/revoke": ["admin"],
  "GET /pki/certs/root.pem": "public",
  "GET /pki/certs/issuing.pem": "public",
  "GET /pki/certs/:name": "public",
  "GET /pki/crl/:ca": "public",
  "POST /pki/ocsp": "public",
  "GET /pki/ocsp/:request": "public",
  "GET /api/v1/status/:token": "public",
  "GET /api/v1/status/:token/record": "public",
  "GET /.well-known/elicence/trust-list.json": "public",
  "POST /api/v1/verify/pdf": "public",
  // The verifier page (verifier-web/dist): open to anyone, like the QR codes that point at it.
  "GET /": "public",
  "GET /v": "public",
  "GET /v/:token": "public",
  "GET /assets/:file": "public",
  // The window desk, the issuing office and the holder's page: public shells; their data comes from the session routes.
  "GET /desk": "public",
  "GET /issue": "public",
  "GET /holder": "public",
};

const isDocs = (url: string) => url === "/docs" || url.startsWith("/docs/");
const spec = (r: RouteEntry): Access | undefined =>
  isDocs(r.url) ? "public" : EXPECTED[`${r.method === "HEAD" ? "GET" : r.method} ${r.url}`];
const name = (r: RouteEntry) => `${r.method} ${r.url}`;

let h: Harness;
let heard: RouteEntry[];
let printed: RouteEntry[];
let routes: RouteEntry[];
let permissionOf: (r: RouteEntry) => unknown;
let params: Record<string, string>;
let revoked: Record<Role, string>;

beforeAll(async () => {
  // With signing: the PKI and document routes are part of the table too.
  h = await startHarness({ signing: true, start: new Date() });
  await h.app.ready();
  const byName = new Map<string, RouteOptions>();
  for (const s of registered.filter((x) => x.root === (h.app as unknown)))
    for (const m of s.methods) byName.set(`${m} ${s.url}`, s.route);
  heard = [...byName.keys()].map((n) => ({
    method: n.split(" ")[0] ?? "",
    url: n.slice(n.indexOf(" ") + 1),
  }));
  // The router's own list. A /docs route found only there is a prefix twin ("/docs/" of "/docs": same options, no
  // onRoute of its own) and is walked too; the printed tree also shows "/docs/static/*" as "/docs/*" (lossy).
  printed = parseRouteTree(h.app.printRoutes({ commonPrefix: false }));
  const twins = printed.filter(
    (r) => isDocs(r.url) && !byName.has(name(r)) && byName.has(`${r.method} ${r.url.replace(/\/$/, "")}`),
  );
  routes = [...heard, ...twins];
  permissionOf = (r) =>
    (byName.get(name(r)) ?? byName.get(`${r.method} ${r.url.replace(/\/$/, "")}`))?.config?.permission;

  const food = exampleIssue(h.catalogue, TYPES.food);
  const issued = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": "matrix-issue-0001" }),
    payload: food,
  });
  expect(issued.statusCode).toBe(201);
  const cli = { id: "cli", role: "admin", department: null };
  const spare = await h.keys.create(cli, { role: "auditor", label: "target of the revoke route" });
  // department: a code with no seal, so that an admin walking the revoke route revokes nothing.
  params = {
    identifier: issued.json().identifier,
    code: food.holder.code,
    id: spare.record.id,
    department: "000000000000000000",
    name: "root.cer",
    ca: "issuing.crl",
  };

  const revokedKey = async (role: Role) => {
    const department = role === "issuer" || role === "clerk" ? DEPTS.market : null;
    const k = await h.keys.create(cli, { role, department });
    await h.keys.revoke(cli, k.record.id, "matrix: revoked key");
    return k.key;
  };
  revoked = {
    admin: await revokedKey("admin"),
    issuer: await revokedKey("issuer"),
    clerk: await revokedKey("clerk"),
    auditor: await revokedKey("auditor"),
  };
});

afterAll(async () => {
  await h?.close();
});

function concreteUrl(r: RouteEntry): string {
  const code = r.url.startsWith("/api/v1/licence-types/") ? TYPES.food : params.code;
  return r.url
    .replace(/:(\w+)/g, (_m, p: string) =>
      encodeURIComponent(p === "code" ? (code ?? "") : (params[p] ?? `unknown-param-${p}`)),
    )
    .replace(/\*$/, "swagger-ui.css");
}

describe("the route list", () => {
  it("is the same whether read from the router or heard registering, and includes the HEAD twins", () => {
    for (const r of heard) expect(h.app.hasRoute({ method: r.method, url: r.url }), name(r)).toBe(true);
    const walked = new Set(routes.map(name));
    const docsWildcard = heard.some((r) => isDocs(r.url) && r.url.endsWith("*"));
    const unaccounted = printed.filter(
      (r) => !walked.has(name(r)) && !(isDocs(r.url) && r.url.endsWith("*") && docsWildcard),
    );
    expect(unaccounted.map(name)).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(45);
    const listed = walked;
    // exposeHeadRoutes is on: the HEAD twins are real routes and are walked below like their GETs.
    const heads = routes.filter((r) => r.method === "HEAD");
    expect(heads.map((r) => r.url)).toContain("/api/v1/licences");
    for (const head of heads)
      expect(listed.has(`GET ${head.url}`), `HEAD ${head.url} has a GET twin`).toBe(true);
  });

  it("has every route outside /docs declaring a permission (deny by default), and /docs marked public", () => {
    for (const r of routes) {
      const p = permissionOf(r);
      if (isDocs(r.url)) expect(p, name(r)).toBe("public");
      else expect(typeof p === "string" && p.length > 0, `${name(r)} declares config.permission`).toBe(true);
    }
  });

  it("is exactly the expected table: no route missing from it, no entry in it without a route", () => {
    const appNames = new Set(
      routes.filter((r) => !isDocs(r.url)).map((r) => `${r.method === "HEAD" ? "GET" : r.method} ${r.url}`),
    );
    expect([...appNames].filter((n) => !(n in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((n) => !appNames.has(n))).toEqual([]);
  });

  it("gets from ROLE_PERMISSIONS and each route's permission exactly the roles the table names", () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const want = spec(r);
      const p = permissionOf(r);
      const got =
        p === "public"
          ? "public"
          : ROLES.filter((role) => (ROLE_PERMISSIONS[role] as readonly unknown[]).includes(p));
      if (
        JSON.stringify(got) !==
        JSON.stringify(want === "public" ? want : ROLES.filter((role) => want?.includes(role)))
      )
        wrong.push(
          `${name(r)} (${String(p)}): policy gives ${JSON.stringify(got)}, table says ${JSON.stringify(want)}`,
        );
    }
    expect(wrong).toEqual([]);
  });
});

describe("every route × every caller", () => {
  it("answers public routes to anyone; otherwise 401 without a key or with a revoked or unknown key, 403 REG_FORBIDDEN to a role without the permission, and gets past auth for a role with it", async () => {
    const callers: { who: string; key: string | null; role: Role | null; revoked: boolean }[] = [
      { who: "no key", key: null, role: null, revoked: false },
      ...ROLES.map((role) => ({ who: role, key: h.key[role], role, revoked: false })),
      ...ROLES.map((role) => ({ who: `revoked ${role}`, key: revoked[role], role, revoked: true })),
      { who: "unknown key", key: "ek_abcdefabcdef_AAAAAAAAAAAAAAAAAAAAAA", role: null, revoked: false },
    ];
    const failures: string[] = [];
    let cells = 0;
    for (const r of routes) {
      const want = spec(r);
      const url = concreteUrl(r);
      for (const c of callers) {
        const res = await h.app.inject({
          method: r.method,
          url,
          headers: c.key ? auth(c.key) : {},
          ...(r.method === "POST" ? { payload: {} } : {}),
        });
        cells++;
        const code =
          r.method === "HEAD" || !res.body.startsWith("{") ? undefined : res.json<{ code?: string }>().code;
        const got = `${res.statusCode}${code ? ` ${code}` : ""}`;
        const fail = (expected: string) =>
          failures.push(`${name(r)} as ${c.who}: expected ${expected}, got ${got}`);
        const pastAuth = res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500;
        if (want === "public" || want === undefined) {
          if (want === undefined) fail("a route in the table");
          else if (!pastAuth) fail("an answer without auth (not 401/403/5xx)");
        } else if (!c.key) {
          if (res.statusCode !== 401 || (code !== undefined && code !== "REG_UNAUTHENTICATED"))
            fail("401 REG_UNAUTHENTICATED");
        } else if (c.revoked) {
          if (res.statusCode !== 401 || (code !== undefined && code !== "REG_KEY_REVOKED"))
            fail("401 REG_KEY_REVOKED");
        } else if (c.role === null) {
          if (res.statusCode !== 401 || (code !== undefined && code !== "REG_UNAUTHENTICATED"))
            fail("401 REG_UNAUTHENTICATED");
        } else if (want.includes(c.role)) {
          if (!pastAuth) fail("past auth (not 401/403/5xx)");
        } else if (res.statusCode !== 403 || (code !== undefined && code !== "REG_FORBIDDEN")) {
          fail("403 REG_FORBIDDEN");
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBe(routes.length * callers.length);
  });
});

/**
 * What a staff session cookie (with its CSRF token, no Bearer key) reaches: its key's routes, less those its page has
 * no business with. The issuing office's session leaves annotated copies to the desk; the desk's reaches the clerk's.
 */
const SESSIONS: { who: string; role: Role; signIn: (h: Harness) => Promise<SignedIn>; except: string[] }[] = [
  {
    who: "issuer session",
    role: "issuer",
    signIn: (x) => issuerSignIn(x),
    except: ["POST /api/v1/licences/:identifier/annotated-copy"],
  },
  { who: "desk session", role: "clerk", signIn: (x) => deskSignIn(x), except: [] },
];

describe("every route × every staff session", () => {
  it("gets a session past auth exactly on its role's routes (less its exceptions); elsewhere 403 REG_FORBIDDEN, or 401 on the holder's routes", async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const want = spec(r);
      const key = `${r.method === "HEAD" ? "GET" : r.method} ${r.url}`;
      for (const s of SESSIONS) {
        // A fresh session for every cell: the sign-out route ends the one it is called with.
        const session = await s.signIn(h);
        expect(session.res.statusCode).toBe(201);
        const res = await h.app.inject({
          method: r.method,
          url: concreteUrl(r),
          headers: withSession(session),
          ...(r.method === "POST" ? { payload: {} } : {}),
        });
        const code =
          r.method === "HEAD" || !res.body.startsWith("{") ? undefined : res.json<{ code?: string }>().code;
        const got = `${res.statusCode}${code ? ` ${code}` : ""}`;
        const pastAuth = res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500;
        const reaches = want === "public" || (want?.includes(s.role) === true && !s.except.includes(key));
        const holderRoute = Array.isArray(want) && want.length === 0;
        if (reaches) {
          if (!pastAuth) failures.push(`${name(r)} as ${s.who}: expected past auth, got ${got}`);
        } else if (holderRoute) {
          if (res.statusCode !== 401) failures.push(`${name(r)} as ${s.who}: expected 401, got ${got}`);
        } else if (res.statusCode !== 403 || (code !== undefined && code !== "REG_FORBIDDEN"))
          failures.push(`${name(r)} as ${s.who}: expected 403 REG_FORBIDDEN, got ${got}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("outside the table", () => {
  it("answers an unknown URL 404 whoever asks, and refuses a route that declares no permission to every role", async () => {
    for (const headers of [{}, auth(h.key.admin), auth(h.key.auditor)]) {
      const res = await h.app.inject({ method: "GET", url: "/api/v1/no-such-route", headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("REG_NOT_FOUND");
    }
    const other = await startHarness();
    try {
      other.app.get("/api/v1/undeclared", async () => ({ leaked: true }));
      for (const key of [null, ...ROLES.map((role) => other.key[role])]) {
        const res = await other.app.inject({
          method: "GET",
          url: "/api/v1/undeclared",
          headers: key ? auth(key) : {},
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe("REG_FORBIDDEN");
      }
    } finally {
      await other.close();
    }
  });
});
