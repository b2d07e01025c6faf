// Issue 4 "Must show": the tamper corpus. Each attack on a freshly sealed licence is rejected with its own reason
// code and exactly the failing checks it should cause (so no two attacks look alike), and none crashes or stalls:
// every validation ends well inside the time limit, in this thread and in the worker pool.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { LicenceSealer } from "../../src/licence-sealer.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import {
  ValidationPool,
  validatePdf,
  type TrustListLike,
  type ValidationContext,
  type ValidationReport,
} from "../../src/validation/index.js";
import { FAST_SCRYPT } from "../pki/fixtures.js";
import { TEMPLATES } from "../render/helpers.js";
import { catalogueIssuers, exampleLicence } from "../sealed-licence/fixtures.js";
import {
  HOUR,
  createValidationEnv,
  invalidCodes,
  type SealedFixture,
  type ValidationEnv,
} from "./fixtures.js";
import {
  addAnnotation,
  addPage,
  appendDeepNesting,
  byteRangeNotBracketing,
  byteRangeSixNumbers,
  deeplyNestedPdf,
  drawOverHolderName,
  flipInCmsSignature,
  flipInFirstRange,
  flipInSecondRange,
  swapCms,
  truncate,
} from "./tamper.js";
import { generationRelisted, markupComment, unlistedWithGluedXref } from "./forgery.js";

const ROAD = "11100000000019713D008"; // 交通运输局
const FOOD = "11100000MB0143028R013"; // 市场监督管理局
const TEACHER = "11100000000013303A001"; // 教育局
const BUSINESS = "11100000MB0143028R001"; // 市场监督管理局

interface Case {
  name: string;
  /** The reason code that names this attack. */
  own: string;
  /** Every INVALID code the report must carry, in check order. */
  invalid: string[];
  verdict: ValidationReport["verdict"];
  bytes: () => Promise<Uint8Array> | Uint8Array;
  ctx?: () => ValidationContext;
}

let env: ValidationEnv;
let road: SealedFixture;
let food: SealedFixture;
let teacher: SealedFixture;
let business: SealedFixture;
let foreign: Uint8Array;
let trustList: TrustListLike;
let pool: ValidationPool;
const reports = new Map<string, ValidationReport>();

beforeAll(async () => {
  env = await createValidationEnv();
  [road, food, teacher, business] = [
    await env.seal(ROAD),
    await env.seal(FOOD),
    await env.seal(TEACHER),
    await env.seal(BUSINESS),
  ];
  trustList = await env.trustList();
  // A second, independent dev PKI (its own root) sealing the same licence: a forgery with a "real-looking" seal.
  const otherDir = `${env.dir}/other-pki`;
  const other = await createDevPki({
    dir: otherDir,
    spec: await readPkiSpec(),
    departments: catalogueIssuers(),
    baseUrl: "http://127.0.0.1:9/",
    now: new Date(env.t0.getTime() - HOUR),
    keyStore: new FileKeyStore(`${otherDir}/keys`, "other passphrase", { scrypt: FAST_SCRYPT }),
  });
  const ex = await exampleLicence(FOOD, "https://verify.example");
  foreign = (
    await new LicenceSealer({ templatesDir: TEMPLATES, pki: other }).seal({
      typeCode: FOOD,
      licence: ex.licence,
      qrText: ex.qrText,
      now: env.t0,
    })
  ).bytes;
  pool = new ValidationPool({ size: 1 });
});

afterAll(async () => {
  await pool?.close();
  env?.close();
});

const offline = () => env.ctx({ offline: true });

const CASES: Case[] = [
  {
    name: "a byte flipped in the first signed range",
    own: "VER_PDF_CMS_DIGEST_MISMATCH",
    invalid: ["VER_PDF_CMS_DIGEST_MISMATCH"],
    verdict: "TOTAL-FAILED",
    bytes: () => flipInFirstRange(food.bytes),
  },
  {
    name: "a byte flipped in the second signed range",
    own: "VER_PDF_CMS_DIGEST_MISMATCH",
    invalid: ["VER_PDF_CMS_DIGEST_MISMATCH"],
    verdict: "TOTAL-FAILED",
    bytes: () => flipInSecondRange(food.bytes),
  },
  {
    name: "a byte flipped in the CMS signature value",
    own: "VER_PDF_CMS_SIGNATURE_INVALID",
    invalid: ["VER_PDF_CMS_SIGNATURE_INVALID", "VER_PDF_TIMESTAMP_IMPRINT_MISMATCH"],
    verdict: "TOTAL-FAILED",
    bytes: () => flipInCmsSignature(food.bytes),
  },
  {
    name: "an incremental update drawing over the holder's name",
    own: "VER_PDF_REVISION_PAGE_CONTENT_CHANGED",
    invalid: ["VER_PDF_REVISION_PAGE_CONTENT_CHANGED"],
    verdict: "TOTAL-FAILED",
    bytes: () => drawOverHolderName(food.bytes),
  },
  {
    name: "an added page",
    own: "VER_PDF_REVISION_PAGES_CHANGED",
    invalid: ["VER_PDF_REVISION_PAGES_CHANGED"],
    verdict: "TOTAL-FAILED",
    bytes: () => addPage(food.bytes),
  },
  {
    name: "an added annotation",
    own: "VER_PDF_REVISION_ANNOTATION_ADDED",
    invalid: ["VER_PDF_REVISION_ANNOTATION_ADDED"],
    verdict: "TOTAL-FAILED",
    bytes: () => addAnnotation(food.bytes),
  },
  {
    name: "an update hiding unlisted objects behind a glued cross-reference table (issue 9)",
    own: "VER_PDF_XREF_ENTRY_MALFORMED",
    invalid: ["VER_PDF_XREF_ENTRY_MALFORMED"],
    verdict: "TOTAL-FAILED",
    bytes: () => unlistedWithGluedXref(food.bytes),
  },
  {
    name: "a content stream re-listed under generation 1 with identical bytes (issue 9)",
    own: "VER_PDF_REVISION_GENERATION_CHANGED",
    invalid: ["VER_PDF_REVISION_GENERATION_CHANGED"],
    verdict: "TOTAL-FAILED",
    bytes: () => generationRelisted(food.bytes),
  },
  {
    name: "an HTML/JS block in an update (issue 9)",
    own: "VER_PDF_UPDATE_MARKUP",
    invalid: ["VER_PDF_UPDATE_MARKUP"],
    verdict: "TOTAL-FAILED",
    bytes: () => markupComment(food.bytes),
  },
  {
    name: "a ByteRange that does not bracket /Contents exactly",
    own: "VER_PDF_BYTERANGE_GAP_MISMATCH",
    invalid: ["VER_PDF_BYTERANGE_GAP_MISMATCH"],
    verdict: "TOTAL-FAILED",
    bytes: () => byteRangeNotBracketing(food.bytes),
  },
  {
    name: "a ByteRange of six numbers",
    own: "VER_PDF_BYTERANGE_NOT_FOUR_INTEGERS",
    invalid: ["VER_PDF_BYTERANGE_NOT_FOUR_INTEGERS"],
    verdict: "TOTAL-FAILED",
    bytes: () => byteRangeSixNumbers(food.bytes),
  },
  {
    name: "/Contents swapped for the valid CMS of another department's licence",
    own: "VER_PDF_SEAL_NOT_ISSUER",
    invalid: ["VER_PDF_CMS_DIGEST_MISMATCH", "VER_PDF_SEAL_NOT_ISSUER"],
    verdict: "TOTAL-FAILED",
    bytes: () => swapCms(food.bytes, teacher.bytes),
  },
  {
    name: "a seal certificate not in the trust list (an independent PKI)",
    own: "VER_PDF_SEAL_NOT_IN_TRUST_LIST",
    invalid: ["VER_PDF_CHAIN_UNTRUSTED", "VER_PDF_SEAL_NOT_IN_TRUST_LIST", "VER_PDF_TIMESTAMP_UNTRUSTED"],
    verdict: "TOTAL-FAILED",
    bytes: () => foreign,
    ctx: () => env.ctx({ offline: true, trustList }),
  },
  {
    name: "an expired licence (live status)",
    own: "VER_PDF_LICENCE_EXPIRED",
    invalid: ["VER_PDF_LICENCE_EXPIRED"],
    verdict: "INDETERMINATE",
    bytes: () => business.bytes,
    ctx: () => ({
      ...env.ctx(),
      liveStatus: async (id) => ({ ...env.registry.get(id)!, state: "05", validUntil: "2024-01-01" }),
    }),
  },
  {
    name: "a superseded licence (live status)",
    own: "VER_PDF_LICENCE_SUPERSEDED",
    invalid: ["VER_PDF_LICENCE_SUPERSEDED"],
    // A genuine seal on a replaced licence: failed, with the licence state as the reason (verdict.ts).
    verdict: "TOTAL-FAILED",
    bytes: () => business.bytes,
    ctx: () => ({
      ...env.ctx(),
      liveStatus: async (id) => ({
        ...env.registry.get(id)!,
        state: "99",
        supersededBy: `${id.slice(0, -5)}002.X`,
      }),
    }),
  },
  {
    name: "a truncated file",
    own: "VER_PDF_TRUNCATED",
    invalid: ["VER_PDF_TRUNCATED"],
    verdict: "TOTAL-FAILED",
    bytes: () => truncate(food.bytes),
  },
  {
    name: "a 100 MB upload",
    own: "VER_PDF_TOO_LARGE",
    invalid: ["VER_PDF_TOO_LARGE"],
    verdict: "TOTAL-FAILED",
    bytes: () => new Uint8Array(100 * 1024 * 1024),
  },
  {
    name: "deeply nested objects (100 000 arrays in an appended revision)",
    own: "VER_PDF_NESTING_TOO_DEEP",
    invalid: ["VER_PDF_NESTING_TOO_DEEP"],
    verdict: "TOTAL-FAILED",
    bytes: () => appendDeepNesting(food.bytes),
  },
  {
    name: "random bytes",
    own: "VER_PDF_NOT_PDF",
    invalid: ["VER_PDF_NOT_PDF"],
    verdict: "TOTAL-FAILED",
    bytes: () => new Uint8Array(randomBytes(64 * 1024)),
  },
];

describe("the tamper corpus", () => {
  it("starts from licences that pass: the untouched originals are TOTAL-PASSED", async () => {
    for (const f of [food, business]) {
      const r = await validatePdf(f.bytes, env.ctx());
      expect(r.verdict, JSON.stringify(r.reason)).toBe("TOTAL-PASSED");
    }
  });

  for (const c of CASES) {
    it(`rejects ${c.name} with ${c.own}`, async () => {
      const bytes = await c.bytes();
      const report = await validatePdf(bytes, c.ctx ? c.ctx() : offline());
      reports.set(c.name, report);
      expect(invalidCodes(report)).toEqual(c.invalid);
      expect(invalidCodes(report)).toContain(c.own);
      expect(report.verdict).toBe(c.verdict);
      expect(report.summary.en).not.toMatch(/^Genuine/);
    });
  }

  it("names every attack with its own code, and no two attacks fail the same set of checks", () => {
    const owners = new Map<string, string[]>();
    for (const c of CASES) owners.set(c.own, [...(owners.get(c.own) ?? []), c.name]);
    // The two flipped-range cases are one attack ("a byte flipped in either signed range").
    for (const [code, names] of owners)
      expect(names.length, code).toBe(code === "VER_PDF_CMS_DIGEST_MISMATCH" ? 2 : 1);
    const sets = CASES.filter((c) => !c.name.includes("second signed range")).map((c) => c.invalid.join("+"));
    expect(new Set(sets).size).toBe(sets.length);
    expect(reports.size).toBe(CASES.length);
  });

  it("revoked seal certificates: revoked before the seal was applied, and key compromise reported after it", async () => {
    // Roads (交通运输局): revoked an hour before T0, so before the timestamp.
    await env.pki.revokeCertificate(road.issuerCode, "keyCompromise", new Date(env.t0.getTime() - HOUR));
    const before = await validatePdf(road.bytes, offline());
    expect(invalidCodes(before)).toEqual(["VER_PDF_SEAL_REVOKED"]);
    expect(before.verdict).toBe("TOTAL-FAILED");
    expect(before.checks.find((c) => c.name === "revocation")?.data).toMatchObject({
      revocationReason: "keyCompromise",
    });

    // Education (教育局): a key compromise reported ten minutes after the seal: no seal of that key is trustworthy.
    await env.pki.revokeCertificate(
      teacher.issuerCode,
      "keyCompromise",
      new Date(env.t0.getTime() + HOUR / 6),
    );
    const after = await validatePdf(teacher.bytes, offline());
    expect(invalidCodes(after)).toEqual(["VER_PDF_SEAL_KEY_COMPROMISED"]);
    expect(after.verdict).toBe("TOTAL-FAILED");
    // Checked before the revocation existed, the same file still passes: the verdict follows the PKI, not the file.
    const earlier = await validatePdf(
      teacher.bytes,
      env.ctx({ offline: true, now: new Date(env.t0.getTime() + HOUR / 12) }),
    );
    expect(earlier.verdict).toBe("TOTAL-PASSED");
  });

  it("a deeply nested PDF with no signature at all is refused at parsing", async () => {
    const r = await validatePdf(deeplyNestedPdf(), offline());
    expect(invalidCodes(r)).toEqual(["VER_PDF_NESTING_TOO_DEEP"]);
  });

  it("the hostile inputs neither crash nor stall the worker pool, which answers like the in-thread engine", async () => {
    const hostile = CASES.filter((c) => /truncated|100 MB|nested|random|six numbers/.test(c.name));
    for (const c of hostile) {
      const r = await pool.validate(await c.bytes(), offline());
      expect(invalidCodes(r), c.name).toEqual(c.invalid);
    }
    const ok = await pool.validate(food.bytes, env.ctx());
    expect(ok.verdict).toBe("TOTAL-PASSED");
  });
});
