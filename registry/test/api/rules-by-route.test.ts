// Each rule has one home, so the same problem gets the same answer on every route that can break it: this walks every
// rule through every route (and the register import, for the rules a register row can break) and expects one status,
// one top-level code and the rule's own detail code on the field. A route that answers differently fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { buildLicenceIdentifier, parseLicenceIdentifier } from "@elicence/core";
import { HOLDER_NAME_MAX_LENGTH } from "../../src/licences/rules/holder-name.js";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { startImportHarness, type ImportHarness } from "../import/import-harness.js";
import {
  FOOD_HEADER,
  goodFoodRow,
  rowCells,
  TITLE,
  toCsv,
  writeRegister,
  type FoodRow,
} from "../import/register-fixtures.js";

let h: Harness;
let imp: ImportHarness;
/** A valid food licence of the market department, left unchanged by every attempt below (they all fail). */
let lic: { identifier: string; holder: { code: string } };
/** A version superseded by an amendment, and its successor. */
let old: { identifier: string };
let successor: string;
let n = 0;

const ITEM = "food-business-renewal";
const PURPOSE = encodeURIComponent("规则核对");

beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date() });
  imp = await startImportHarness();
  lic = (await issue(exampleIssue(h.catalogue, TYPES.food))).json();
  old = (await issue(exampleIssue(h.catalogue, TYPES.food))).json();
  const amended = await post(`/api/v1/licences/${old.identifier}/amend`, {
    reason: "经营场所变更",
    fields: { premises: "海丰县海城镇新风路88号" },
  });
  expect(amended.statusCode, amended.body).toBe(201);
  successor = amended.json<{ identifier: string }>().identifier;
});
afterAll(async () => {
  await h?.close();
  await imp?.close();
});

function issue(body: object): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `rules-by-route-${++n}` }),
    payload: body,
  });
}
function post(url: string, payload: object, key = h.key.issuer): Promise<LightMyRequestResponse> {
  return h.app.inject({ method: "POST", url, headers: auth(key), payload });
}
function get(url: string, key = h.key.auditor): Promise<LightMyRequestResponse> {
  return h.app.inject({ method: "GET", url, headers: auth(key) });
}

/** A register of one food row changed by `change`, imported; the row's problems as an answer's details. */
async function importRow(change: Partial<FoodRow>): Promise<Answer> {
  const file = imp.file(`row-${++n}.csv`);
  writeRegister(file, toCsv([[TITLE], [...FOOD_HEADER], rowCells({ ...goodFoodRow(n), ...change })]));
  const { problems } = await imp.run({ file });
  const column: Record<string, string> = {
    经营者名称: "holder.name",
    有效期至: "validUntil",
    发证日期: "issuedOn",
  };
  return {
    status: null,
    code: null,
    details: problems.map((p) => ({
      field: column[p.column] ?? p.column,
      code: p.code,
      suggestion: p.suggestion,
    })),
  };
}

interface Answer {
  /** null for a register row: it has no HTTP answer, only its problems. */
  status: number | null;
  code: string | null;
  message?: string;
  details: { field: string; code: string; suggestion?: string | undefined }[];
}
const answer = (r: LightMyRequestResponse): Answer => {
  const body = r.json<{ code: string; message: string; details?: Answer["details"] }>();
  return { status: r.statusCode, code: body.code, message: body.message, details: body.details ?? [] };
};

interface Rule {
  rule: string;
  /** What every HTTP route answers. */
  status: number;
  code: string;
  /** The detail every route (and the import) gives; null when the answer has none (not found says only that). */
  detail: { field?: string; code: string } | null;
  routes: Record<string, () => Promise<Answer>>;
}

const longName = "海".repeat(HOLDER_NAME_MAX_LENGTH + 1);
const foodWith = (change: Record<string, unknown>) => ({
  ...exampleIssue(h.catalogue, TYPES.food),
  ...change,
});
const amend = (body: object) => post(`/api/v1/licences/${lic.identifier}/amend`, { reason: "更正", ...body });
const renew = (body: object) => post(`/api/v1/licences/${lic.identifier}/renew`, { reason: "延续", ...body });

const RULES: (() => Rule)[] = [
  () => ({
    rule: `holder name longer than ${HOLDER_NAME_MAX_LENGTH} characters`,
    status: 422,
    code: "REG_VALIDATION_FAILED",
    detail: { field: "holder.name", code: "REG_HOLDER_NAME_TOO_LONG" },
    routes: {
      "POST issue": async () =>
        answer(
          await issue(
            foodWith({ holder: { ...exampleIssue(h.catalogue, TYPES.food).holder, name: longName } }),
          ),
        ),
      "POST amend": async () => answer(await amend({ holder: { name: longName } })),
      "import row": () => importRow({ 经营者名称: longName }),
    },
  }),
  () => ({
    rule: "holder name empty",
    status: 422,
    code: "REG_VALIDATION_FAILED",
    detail: { field: "holder.name", code: "REG_HOLDER_NAME_REQUIRED" },
    routes: {
      "POST issue": async () =>
        answer(
          await issue(foodWith({ holder: { ...exampleIssue(h.catalogue, TYPES.food).holder, name: "  " } })),
        ),
      "POST amend": async () => answer(await amend({ holder: { name: "" } })),
    },
  }),
  () => ({
    rule: "validUntil before validFrom",
    status: 422,
    code: "REG_VALIDATION_FAILED",
    detail: { field: "validUntil", code: "REG_VALIDITY_REVERSED" },
    routes: {
      "POST issue": async () =>
        answer(await issue(foodWith({ validFrom: "2027-06-01", validUntil: "2027-05-01" }))),
      "POST amend": async () => answer(await amend({ validUntil: "2020-01-01" })),
      "POST renew": async () => answer(await renew({ validFrom: "2031-06-01", validUntil: "2031-05-01" })),
      "import row": () => importRow({ 发证日期: "2020/05/01", 有效期至: "2020/04/01" }),
    },
  }),
  () => ({
    rule: "validUntil not a calendar date",
    status: 422,
    code: "REG_VALIDATION_FAILED",
    detail: { field: "validUntil", code: "REG_DATE_INVALID" },
    routes: {
      "POST issue (31 February)": async () => answer(await issue(foodWith({ validUntil: "2031-02-31" }))),
      "POST issue (slashes)": async () => answer(await issue(foodWith({ validUntil: "2031/01/01" }))),
      "POST amend (31 February)": async () => answer(await amend({ validUntil: "2031-02-31" })),
      "POST amend (slashes)": async () => answer(await amend({ validUntil: "2031/01/01" })),
      "POST renew (31 February)": async () => answer(await renew({ validUntil: "2031-02-31" })),
      "POST renew (slashes)": async () => answer(await renew({ validUntil: "2031/01/01" })),
    },
  }),
  () => {
    // The root some systems write by mistake: the one licence it can be is suggested.
    const typo = lic.identifier.replace("1.2.156.3005.2.", "1.2.156.3003.2.");
    return {
      rule: "licence identifier in the URL mistyped",
      status: 422,
      code: "REG_VALIDATION_FAILED",
      detail: { field: "identifier", code: "REG_LID_WRONG_ROOT" },
      routes: identifierRoutes(typo),
    };
  },
  () => {
    const typo = `${lic.identifier.slice(0, -1)}${lic.identifier.endsWith("0") ? "1" : "0"}`;
    return {
      rule: "licence identifier in the URL with a wrong check character",
      status: 422,
      code: "REG_VALIDATION_FAILED",
      detail: { field: "identifier", code: "REG_LID_CHECK_MISMATCH" },
      routes: identifierRoutes(typo),
    };
  },
  () => {
    const parts = parseLicenceIdentifier(lic.identifier);
    if (!parts.ok) throw new Error("the registry minted a malformed identifier");
    return {
      rule: "licence identifier well-formed but not in the register",
      status: 404,
      code: "REG_LICENCE_NOT_FOUND",
      detail: null,
      routes: identifierRoutes(buildLicenceIdentifier({ ...parts.value, version: 999 })),
    };
  },
  () => {
    const code = lic.holder.code;
    const typo = `${code.slice(0, -1)}${code.endsWith("0") ? "1" : "0"}`;
    return {
      rule: "holder code with a wrong check character",
      status: 422,
      code: "REG_VALIDATION_FAILED",
      detail: { code: "REG_USCC_CHECK_MISMATCH" },
      routes: {
        "POST issue (holder.code)": async () =>
          answer(
            await issue(
              foodWith({ holder: { ...exampleIssue(h.catalogue, TYPES.food).holder, code: typo } }),
            ),
          ),
        "GET holder's licences (:code)": async () =>
          answer(await get(`/api/v1/holders/${typo}/licences?purpose=${PURPOSE}`)),
        "GET holder's access log (:code)": async () =>
          answer(await get(`/api/v1/holders/${typo}/access-log?purpose=${PURPOSE}`)),
        "POST materials check (holderCode)": async () =>
          answer(
            await post(
              "/api/v1/materials/check",
              { holderCode: typo, purpose: "规则核对", required: [TYPES.food] },
              h.key.clerk,
            ),
          ),
      },
    };
  },
  () => {
    const long = "核".repeat(201);
    return {
      rule: "purpose longer than 200 characters",
      status: 400,
      code: "REG_PURPOSE_REQUIRED",
      detail: { field: "purpose", code: "REG_PURPOSE_TOO_LONG" },
      routes: {
        "GET licence": async () => answer(await get(`/api/v1/licences/${lic.identifier}?purpose=${long}`)),
        "GET list": async () => answer(await get(`/api/v1/licences?purpose=${long}`)),
        "GET holder's licences": async () =>
          answer(await get(`/api/v1/holders/${lic.holder.code}/licences?purpose=${long}`)),
        "POST materials check": async () =>
          answer(
            await post(
              "/api/v1/materials/check",
              { holderCode: lic.holder.code, purpose: long, required: [TYPES.food] },
              h.key.clerk,
            ),
          ),
      },
    };
  },
  () => ({
    rule: "a superseded version",
    status: 409,
    code: "REG_ILLEGAL_TRANSITION",
    detail: { field: "state", code: "REG_ILLEGAL_TRANSITION" },
    routes: {
      "POST amend": async () =>
        answer(
          await post(`/api/v1/licences/${old.identifier}/amend`, {
            reason: "更正",
            fields: { premises: "x号" },
          }),
        ),
      "POST renew": async () =>
        answer(await post(`/api/v1/licences/${old.identifier}/renew`, { reason: "延续" })),
      "POST suspend": async () =>
        answer(await post(`/api/v1/licences/${old.identifier}/suspend`, { reason: "rectification-ordered" })),
      "POST annotated copy": async () =>
        answer(await post(`/api/v1/licences/${old.identifier}/annotated-copy`, { serviceItem: ITEM })),
    },
  }),
];

/** Every route that takes a licence identifier in its URL. */
function identifierRoutes(id: string): Record<string, () => Promise<Answer>> {
  return {
    "GET licence": async () => answer(await get(`/api/v1/licences/${id}?purpose=${PURPOSE}`)),
    "GET history": async () => answer(await get(`/api/v1/licences/${id}/history?purpose=${PURPOSE}`)),
    "GET pdf": async () => answer(await get(`/api/v1/licences/${id}/pdf?purpose=${PURPOSE}`)),
    "POST suspend": async () =>
      answer(await post(`/api/v1/licences/${id}/suspend`, { reason: "rectification-ordered" })),
    "POST amend": async () =>
      answer(await post(`/api/v1/licences/${id}/amend`, { reason: "更正", fields: { premises: "x号" } })),
    "POST renew": async () => answer(await post(`/api/v1/licences/${id}/renew`, { reason: "延续" })),
    "POST annotated copy": async () =>
      answer(await post(`/api/v1/licences/${id}/annotated-copy`, { serviceItem: ITEM })),
  };
}

describe("one rule, one answer on every route", () => {
  it("has more than one route for every rule (a rule on one route proves nothing here)", () => {
    for (const make of RULES) expect(Object.keys(make().routes).length, make().rule).toBeGreaterThan(1);
  });

  it.each(RULES.map((make, i) => [i] as const))(
    "rule %i: the same status, code and detail everywhere",
    async (i) => {
      const rule = RULES[i]!();
      for (const [route, attempt] of Object.entries(rule.routes)) {
        const got = await attempt();
        const where = `${rule.rule} — ${route}: ${JSON.stringify(got)}`;
        if (got.status !== null) expect([got.status, got.code], where).toEqual([rule.status, rule.code]);
        if (rule.detail === null) expect(got.details, where).toEqual([]);
        else
          expect(got.details, where).toEqual(expect.arrayContaining([expect.objectContaining(rule.detail)]));
      }
    },
  );

  it("suggests the licence a mistyped root names, from a URL as from anywhere", async () => {
    const typo = lic.identifier.replace("1.2.156.3005.2.", "1.2.156.3003.2.");
    for (const [route, attempt] of Object.entries(identifierRoutes(typo))) {
      const got = await attempt();
      expect(got.details, route).toEqual([
        expect.objectContaining({
          field: "identifier",
          code: "REG_LID_WRONG_ROOT",
          suggestion: lic.identifier,
        }),
      ]);
    }
  });

  it("names the successor of a superseded version in the same words on every route", async () => {
    for (const [route, attempt] of Object.entries(RULES[RULES.length - 1]!().routes))
      expect((await attempt()).message, route).toContain(`was superseded by ${successor}`);
  });

  it("left the licences it tried to break as they were", async () => {
    const res = await get(`/api/v1/licences/${lic.identifier}/history?purpose=${PURPOSE}`);
    expect(res.json<{ versions: unknown[] }>().versions).toHaveLength(1);
  });
});
