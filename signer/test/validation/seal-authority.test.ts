// A department's genuine seal vouches only for the licence types its department may issue. The attack: the education
// bureau's key holder seals a food business licence (a type only the market regulator issues) naming the education
// bureau as issuer, so the seal, the chain, the organizationIdentifier and the identifier's issuer all agree. Only the
// trust list's licenceTypes can tell, and the seal-issuer check must fail it with its own code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTrustList } from "../../src/trust-list/build-trust-list.js";
import { validatePdf } from "../../src/validation/index.js";
import { identifierFor } from "../render/helpers.js";
import { exampleLicence } from "../sealed-licence/fixtures.js";
import { createValidationEnv, invalidCodes, outline, type ValidationEnv } from "./fixtures.js";

const FOOD_BUSINESS = "11100000MB0143028R013";
const MARKET = { code: "11441521MB2C97310M", name: "海丰县市场监督管理局" };
const EDUCATION = { code: "114415210071937149", name: "海丰县教育局" };

let env: ValidationEnv;

/** The food business licence example sealed by `by`, which the licence names as its issuer. */
async function sealedBy(by: { code: string; name: string }, serial: string): Promise<Uint8Array> {
  const ex = await exampleLicence(FOOD_BUSINESS, "https://verify.example");
  ex.licence.issuer = { ...ex.licence.issuer, ...by };
  ex.licence.identifier = identifierFor(FOOD_BUSINESS, by.code, serial);
  const r = await env.sealer.seal({
    typeCode: FOOD_BUSINESS,
    licence: ex.licence,
    qrText: ex.qrText,
    now: env.t0,
  });
  return r.bytes;
}

beforeAll(async () => {
  env = await createValidationEnv();
});
afterAll(() => env?.close());

describe("seal authority bound to licence type (PDF)", () => {
  it("the catalogue gives the market regulator the food business type and the education bureau not", () => {
    expect(env.pki.authorities()[MARKET.code]).toContain(FOOD_BUSINESS);
    expect(env.pki.authorities()[EDUCATION.code]).not.toContain(FOOD_BUSINESS);
  });

  it("the market regulator's seal on a food business licence passes with the trust list", async () => {
    const r = await validatePdf(
      await sealedBy(MARKET, "AUTH0MARKET1"),
      env.ctx({ offline: true, trustList: await env.trustList() }),
    );
    expect(outline(r)["seal-issuer"]).toBe("VALID:VER_PDF_SEAL_IS_ISSUER");
    expect(invalidCodes(r)).toEqual([]);
  });

  it("the education bureau's genuine seal on a food business licence fails: VER_PDF_SEAL_TYPE_NOT_AUTHORISED", async () => {
    const bytes = await sealedBy(EDUCATION, "AUTH0FORGED1");
    const withList = await validatePdf(bytes, env.ctx({ offline: true, trustList: await env.trustList() }));
    expect(outline(withList)["seal-issuer"]).toBe("INVALID:VER_PDF_SEAL_TYPE_NOT_AUTHORISED");
    expect(invalidCodes(withList)).toEqual(["VER_PDF_SEAL_TYPE_NOT_AUTHORISED"]);
    expect(withList.verdict).toBe("TOTAL-FAILED");
    expect(withList.checks.find((c) => c.name === "seal-issuer")?.data).toMatchObject({
      licenceType: FOOD_BUSINESS,
      sealDepartment: EDUCATION.code,
    });
    // The published list, as the registry and the CLI pass it, says the same.
    const published = await buildTrustList(env.pki, env.now);
    const r = await validatePdf(bytes, env.ctx({ offline: true, trustList: published }));
    expect(outline(r)["seal-issuer"]).toBe("INVALID:VER_PDF_SEAL_TYPE_NOT_AUTHORISED");
  });

  it("a listed seal without licence types (an older list shape) vouches for nothing", async () => {
    const list = await env.trustList();
    const bare = { ...list, seals: list.seals.map(({ licenceTypes: _t, ...s }) => s) };
    const r = await validatePdf(
      await sealedBy(MARKET, "AUTH0MARKET2"),
      env.ctx({ offline: true, trustList: bare }),
    );
    expect(outline(r)["seal-issuer"]).toBe("INVALID:VER_PDF_SEAL_TYPE_NOT_AUTHORISED");
  });
});
