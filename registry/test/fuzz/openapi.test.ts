// Fuzzing every operation of the OpenAPI document (issue 11): requests built from each operation's schema, then
// mutated (wrong types, members missing or extra, huge strings, nesting past the limit, lone surrogates, NUL, C0/C1
// controls, direction marks, emoji, 𠀀), with hostile path and query parameters, under every kind of credential. The
// property: never a 5xx, and every 4xx is JSON `{ code, message, details[] }`. fast-check picks a new seed each run
// and prints it with the shrunk request on failure (replay: fc.assert(…, { seed, path })).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REASON_CODES } from "@elicence/core";
import { auth, DEPTS, startHarness, TYPES, type Harness } from "../support/harness.js";
import {
  deskWithApplicant,
  handOutShareCode,
  holderSignIn,
  issueExample,
  withSession,
  type SignedIn,
} from "../support/sessions.js";
import { expectClientErrorOrSuccess } from "./error-shape.js";
import { urlPart } from "./hostile.js";
import {
  operationsOf,
  requestArb,
  type GeneratedRequest,
  type OpenApiDoc,
  type Pools,
} from "./openapi-requests.js";

/** Runs per operation (more where there is a body to mutate): ~50 operations, well under a minute on two busy cores. */
const RUNS = 20;
const RUNS_WITH_BODY = 50;

// The harness is built at load time: the tests are one per operation, and the operations come from its document.
const h: Harness = await startHarness({
  signing: true,
  limits: {
    verifyPdfPerMinute: 10_000,
    statusPerMinute: 1_000_000,
    shareCodeFailuresPerHolder: 1_000_000,
    shareCodeFailuresPerAddress: 1_000_000,
    deskSignInFailuresPerAddress: 1_000_000,
  },
});
await h.app.ready();
const doc = h.app.swagger() as unknown as OpenApiDoc;
const operations = operationsOf(doc);
let pools: Pools;
const sessions: { desk?: SignedIn; holder?: SignedIn } = {};
let holderCode = "";

async function signInSessions(): Promise<void> {
  sessions.desk = await deskWithApplicant(h, holderCode);
  const { shareCode } = await handOutShareCode(h, holderCode);
  sessions.holder = await holderSignIn(h, holderCode, shareCode);
}

const AUTHS = ["none", "admin", "issuer", "clerk", "auditor", "desk", "holder", "garbage"] as const;

/**
 * The credentials an operation takes (not answered 401/403 to a bare request), each four times over the others, so
 * most generated requests get past authentication to their parameters and body.
 */
async function weightedAuths(op: { method: string; path: string }): Promise<string[]> {
  const url = op.path.replace(/\{[^}]+\}/gu, "x");
  const allowed: string[] = [];
  for (const kind of AUTHS) {
    const res = await h.app.inject({
      method: op.method as "GET",
      url,
      headers: credentials(kind, undefined),
    });
    if (res.statusCode !== 401 && res.statusCode !== 403) allowed.push(kind);
  }
  // The probe signed the shared sessions out.
  if (op.method === "DELETE") await signInSessions();
  return [...AUTHS, ...allowed, ...allowed, ...allowed, ...allowed];
}

function credentials(kind: string, csrf: string | undefined): Record<string, string> {
  const session = (s: SignedIn | undefined) =>
    s ? { ...withSession(s), ...(csrf !== undefined ? { "x-csrf-token": csrf } : {}) } : {};
  switch (kind) {
    case "admin":
    case "issuer":
    case "clerk":
    case "auditor":
      return auth(h.key[kind]);
    case "desk":
      return session(sessions.desk);
    case "holder":
      return session(sessions.holder);
    case "garbage":
      return { authorization: "Bearer elk_not-a-key", cookie: "elicence_desk=%ff%00; elicence_holder=x" };
    default:
      return {};
  }
}

beforeAll(async () => {
  const issued = [];
  for (const [i, type] of [TYPES.food, TYPES.business].entries())
    issued.push(await issueExample(h, type, `fuzz-openapi-seed-${i}`));
  holderCode = issued[0]!.holder.code;
  await signInSessions();
  const records = await Promise.all(issued.map((l) => h.store.getLicence(l.identifier)));
  const types = h.catalogue.list();
  const holders = types.flatMap((t) => (t.exampleHolder ? [t.exampleHolder] : []));
  const identifiers = issued.map((l) => l.identifier);
  pools = {
    typeCode: types.map((t) => t.code),
    code: holders.map((x) => x.code),
    holderCode: holders.map((x) => x.code),
    name: holders.map((x) => x.name),
    fields: types.map((t) => t.example),
    reason: [...Object.keys(REASON_CODES), "holder asked"],
    purpose: ["核对", "食品经营许可延续申请"],
    department: Object.values(DEPTS),
    key: [h.key.clerk, h.key.issuer],
    "path:identifier": identifiers,
    "path:code": [...types.map((t) => t.code), ...holders.map((x) => x.code)],
    "path:token": records.flatMap((r) => (r ? [r.publicToken] : [])),
    "path:name": ["root.pem", "issuing.pem", "root.cer"],
    "path:ca": ["root", "issuing"],
    // No real department or key id: revoking the market seal would make every later issue a designed 503.
  };
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function send(req: GeneratedRequest): Promise<void> {
  const res = await h.app.inject({
    method: req.method as "GET",
    url: req.url,
    headers: { ...credentials(req.auth, req.headers["x-csrf-token"]), ...req.headers },
    ...(req.payload !== undefined ? { payload: req.payload } : {}),
  });
  expectClientErrorOrSuccess(
    {
      status: res.statusCode,
      contentType: res.headers["content-type"] as string | undefined,
      body: res.body,
    },
    `${req.method} ${req.url.slice(0, 200)}`,
  );
  // Signing a shared session out leaves the other runs without it: sign in again.
  if (req.method === "DELETE" && res.statusCode < 300 && (req.auth === "desk" || req.auth === "holder"))
    await signInSessions();
}

describe("every OpenAPI operation, fuzzed", () => {
  it("the document lists the operations (a fuzz over nothing proves nothing)", () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain("POST /api/v1/licences");
  });

  for (const op of operations)
    it(`${op.method} ${op.path}: a success or a 4xx JSON error body, never a 5xx`, async () => {
      const auths = await weightedAuths(op);
      await fc.assert(fc.asyncProperty(requestArb(op, doc, pools, auths), send), {
        numRuns: op.body ? RUNS_WITH_BODY : RUNS,
      });
    });
});

describe("routes outside the document (pages, assets, docs, health) and methods no route has", () => {
  const PATHS = [
    "/",
    "/v",
    "/v/{x}",
    "/desk",
    "/issue",
    "/holder",
    "/assets/{x}",
    "/docs/",
    "/docs/static/{x}",
    "/docs/json",
    "/healthz",
    "/readyz",
    "/{x}",
    "/api/v1/{x}",
    "/api/v1/licences/{x}/{x}",
  ];
  it("every method on every one: a success or a 4xx JSON error body, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"),
        fc.constantFrom(...PATHS),
        urlPart,
        fc.constantFrom(...AUTHS),
        async (method, path, part, kind) => {
          const res = await h.app.inject({
            method: method as "GET",
            url: path.replaceAll("{x}", part || "x"),
            headers: credentials(kind, undefined),
          });
          // HEAD answers carry no body to check.
          if (method === "HEAD") {
            expect(res.statusCode).toBeLessThan(500);
            return;
          }
          expectClientErrorOrSuccess(
            {
              status: res.statusCode,
              contentType: res.headers["content-type"] as string | undefined,
              body: res.body,
            },
            `${method} ${path} (${part})`,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
