// The attack of finding 4 on QR codes: the education bureau's key holder signs a food business licence (a type only
// the market regulator issues) with the bureau's genuine seal, naming the bureau as issuer. Signature, kid and issuer
// all agree; the trust list's licenceTypes must refuse it (VER_QR_TYPE_NOT_AUTHORISED), in both QR formats, offline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeQrPayload, type QrSigner } from "../../src/qr-payload/encode-qr-payload.js";
import { parseQrText, qrUrl } from "../../src/qr-payload/qr-url.js";
import { verifyQrPayload } from "../../src/qr-payload/verify-qr-payload.js";
import type { QrClaimsInput } from "../../src/qr-payload/claims.js";
import { buildTrustList } from "../../src/trust-list/build-trust-list.js";
import { kidOf } from "../../src/trust-list/kid.js";
import { toBase64Url } from "../../src/trust-list/bytes.js";
import type { TrustList } from "../../src/trust-list/types.js";
import { verifyTrustList } from "../../src/trust-list/verify-trust-list.js";
import { createTempPki, DAY, DEPARTMENTS, FIXED_NOW, type TempPki } from "../pki/fixtures.js";
import { identifierFor } from "../render/helpers.js";

const FOOD_BUSINESS = "11100000MB0143028R013";
const TEACHER = "11100000000013303A001";
const [MARKET, EDUCATION] = DEPARTMENTS as [(typeof DEPARTMENTS)[0], (typeof DEPARTMENTS)[0]];
const at = new Date(FIXED_NOW.getTime() + DAY);

let pki: TempPki;
let list: TrustList;

function claims(typeCode: string, issuer: string): QrClaimsInput {
  return {
    identifier: identifierFor(typeCode, issuer, "7K2M9QX4ZP1A"),
    holderName: "海****",
    holderCode: "91441521******TBXR",
    validFrom: "2026-06-01",
    validUntil: "2031-05-31",
    issuedAt: FIXED_NOW.toISOString(),
    publicToken: "q83vEjRWeJCrze8SNFZ4kA",
  };
}

async function signer(department: string): Promise<QrSigner> {
  const s = await pki.pki.sealFor(department);
  return { kid: await kidOf(new Uint8Array(s.certificate.rawData)), sign: (d) => s.keyHandle.sign(d) };
}

async function verify(input: QrClaimsInput, department: string, format: 1 | 2, trust = list) {
  const parsed = parseQrText(
    qrUrl("https://verify.example/", await encodeQrPayload(input, await signer(department), { format })),
  );
  if (!parsed.ok) throw new Error(parsed.reason);
  return verifyQrPayload(parsed.cose, trust, at);
}

beforeAll(async () => {
  pki = await createTempPki({
    departments: [
      { ...MARKET, licenceTypes: [FOOD_BUSINESS] },
      { ...EDUCATION, licenceTypes: [TEACHER] },
    ],
  });
  // The list as a phone holds it: published, then verified against the pinned root.
  const checked = await verifyTrustList(
    await buildTrustList(pki.pki, FIXED_NOW),
    new Uint8Array(pki.pki.root.rawData),
    at,
  );
  if (!checked.list) throw new Error(checked.reason.code);
  list = checked.list;
});
afterAll(() => pki?.remove());

describe("a seal vouches only for its department's licence types (QR)", () => {
  for (const format of [1, 2] as const) {
    it(`format ${format}: the market regulator's food business licence is VALID`, async () => {
      const r = await verify(claims(FOOD_BUSINESS, MARKET.code), MARKET.code, format);
      expect([r.status, r.reason.code]).toEqual(["VALID", "VER_QR_OK"]);
    });

    it(`format ${format}: a food business licence re-signed with the education bureau's genuine seal is INVALID VER_QR_TYPE_NOT_AUTHORISED`, async () => {
      const r = await verify(claims(FOOD_BUSINESS, EDUCATION.code), EDUCATION.code, format);
      expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_TYPE_NOT_AUTHORISED"]);
      // Never "issued by 海丰县教育局" as a genuine licence: the page and CLI show the refusal, not the department.
      expect(r.status).not.toBe("VALID");
      expect(r.claims?.typeCode).toBe(FOOD_BUSINESS);
    });
  }

  it("the education bureau's own type is VALID with its seal", async () => {
    const r = await verify(claims(TEACHER, EDUCATION.code), EDUCATION.code, 2);
    expect([r.status, r.reason.code]).toEqual(["VALID", "VER_QR_OK"]);
  });

  it("the registry's annotation seal, which seals no licence, vouches for no type (both formats)", async () => {
    const platform = await pki.pki.platformSeal();
    const kid = await kidOf(new Uint8Array(platform.certificate.rawData));
    const entry = list.seals.find((s) => s.kid === toBase64Url(kid));
    expect(entry?.licenceTypes).toEqual([]);
    const code = entry?.department.code ?? "";
    const annotationSigner: QrSigner = { kid, sign: (d) => platform.keyHandle.sign(d) };
    for (const format of [1, 2] as const) {
      const parsed = parseQrText(
        qrUrl(
          "https://verify.example/",
          await encodeQrPayload(claims(FOOD_BUSINESS, code), annotationSigner, { format }),
        ),
      );
      if (!parsed.ok) throw new Error(parsed.reason);
      const r = await verifyQrPayload(parsed.cose, list, at);
      expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_TYPE_NOT_AUTHORISED"]);
    }
  });

  it("a list entry without licence types vouches for nothing", async () => {
    const bare = {
      ...list,
      seals: list.seals.map((s) => ({ ...s, licenceTypes: undefined as unknown as string[] })),
    };
    const r = await verify(claims(FOOD_BUSINESS, MARKET.code), MARKET.code, 2, bare);
    expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_TYPE_NOT_AUTHORISED"]);
  });
});
