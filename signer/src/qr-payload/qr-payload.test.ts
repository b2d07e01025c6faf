// Signed QR payloads against a real dev PKI and its trust list: the round trip, each rejection with its own reason,
// and hostile input that must never throw nor verify.
import type { webcrypto } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode, encode, Tag } from "cbor2";
import { createTempPki, DEPARTMENTS, FIXED_NOW, DAY, type TempPki } from "../../test/pki/fixtures.js";
import { identifierFor } from "../../test/render/helpers.js";
import { qrVersion } from "../render/qr.js";
import { buildTrustList } from "../trust-list/build-trust-list.js";
import { toBase32, toBase64, toBase64Url } from "../trust-list/bytes.js";
import type { TrustList, TrustListEntry } from "../trust-list/types.js";
import { kidOf } from "../trust-list/kid.js";
import { decodeClaims, encodeClaims, type QrClaimsInput } from "./claims.js";
import { encodeCoseSign1, encodeProtectedHeader, sigStructure } from "./cose-sign1.js";
import { encodeQrPayload, type QrSigner } from "./encode-qr-payload.js";
import { parseQrText, qrUrl } from "./qr-url.js";
import { verifyQrPayload } from "./verify-qr-payload.js";

const TYPE = "11100000MB0143028R013";
const [A, B] = DEPARTMENTS as [(typeof DEPARTMENTS)[0], (typeof DEPARTMENTS)[0]];
const BASE = "http://127.0.0.1:8080";

function claimsFor(issuer: string, over: Partial<QrClaimsInput> = {}): QrClaimsInput {
  return {
    identifier: identifierFor(TYPE, issuer, "7K2M9QX4ZP1A"),
    holderName: "海****",
    holderCode: "91441521******TBXR",
    validFrom: "2026-06-01",
    validUntil: "2031-05-31",
    issuedAt: FIXED_NOW.toISOString(),
    publicToken: "q83vEjRWeJCrze8SNFZ4kA",
    ...over,
  };
}

let pki: TempPki;
let other: TempPki;
let list: TrustList;
const signerCache = new Map<string, QrSigner>();

async function sealSigner(p: TempPki, department: string): Promise<QrSigner> {
  const key = `${p.dir}:${department}`;
  let s = signerCache.get(key);
  if (!s) {
    const creds = await p.pki.sealFor(department);
    s = { kid: await kidOf(new Uint8Array(creds.certificate.rawData)), sign: (d) => creds.keyHandle.sign(d) };
    signerCache.set(key, s);
  }
  return s;
}

beforeAll(async () => {
  pki = await createTempPki();
  other = await createTempPki();
  list = await buildTrustList(pki.pki, FIXED_NOW);
});
afterAll(() => {
  pki?.remove();
  other?.remove();
});

describe("encode → QR text → verify", () => {
  it("verifies a payload sealed by the issuing department, returning its claims and the department by name", async () => {
    const input = claimsFor(A.code);
    const cose = await encodeQrPayload(input, await sealSigner(pki, A.code));
    const text = qrUrl(`${BASE}/`, cose);
    expect(text.startsWith(`${BASE}/v#`)).toBe(true);
    const parsed = parseQrText(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const r = await verifyQrPayload(parsed.cose, list, new Date(FIXED_NOW.getTime() + DAY));
    expect(r.status).toBe("VALID");
    expect(r.reason.code).toBe("VER_QR_OK");
    expect(r.reason.message.zh.length).toBeGreaterThan(0);
    expect(r.department).toEqual({ code: A.code, name: A.name });
    expect(r.claims).toEqual({ ...input, typeCode: TYPE, issuerCode: A.code, version: 1 });
    expect(r.seal?.status).toBe("good");
  });

  it("fits the budget: at most 300 signed bytes; reports the QR version at level M", async () => {
    const signer = await sealSigner(pki, A.code);
    const rows: string[] = [];
    const sizes: { bytes: number; version: number; short: boolean }[] = [];
    for (const [label, base, name] of [
      ["2-char person, local URL", BASE, "林*"],
      ["company name cut to 4 stars, local URL", BASE, "汕****"],
      ["company name cut to 4 stars, 31-char https URL", "https://verify.elicence.example", "汕****"],
      [
        "38-char name left uncut, 31-char https URL",
        "https://verify.elicence.example",
        `汕${"*".repeat(37)}`,
      ],
    ] as const) {
      const cose = await encodeQrPayload(claimsFor(A.code, { holderName: name }), signer);
      const text = qrUrl(base, cose);
      const b64 = qrUrl(base, cose, "base64url");
      rows.push(
        `${label}: ${cose.length} bytes signed; base32 URL ${text.length} chars → QR version ${qrVersion(text)} (M); base64url URL ${b64.length} chars → version ${qrVersion(b64)}`,
      );
      sizes.push({ bytes: cose.length, version: qrVersion(text), short: name.length <= 5 });
    }
    console.info(`QR payload sizes:\n  ${rows.join("\n  ")}`);
    for (const s of sizes) {
      expect(s.bytes).toBeLessThanOrEqual(300);
      if (s.short) expect(s.version).toBeLessThanOrEqual(12);
      else expect(s.version).toBeLessThanOrEqual(13);
    }
  });

  it("accepts the URL, the #fragment and the bare fragment; names legacy /v/<token> links and rejects garbage", async () => {
    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const fragment = toBase64Url(cose);
    expect(qrUrl(BASE, cose)).toBe(`${BASE}/v#${toBase32(cose)}`);
    expect(qrUrl(BASE, cose, "base64url")).toBe(`${BASE}/v#${fragment}`);
    for (const t of [
      qrUrl(BASE, cose),
      qrUrl(BASE, cose, "base64url"),
      `#${fragment}`,
      fragment,
      toBase32(cose),
      ` ${qrUrl("https://x.example/", cose)}\n`,
    ]) {
      const p = parseQrText(t);
      expect(p.ok && toBase64Url(p.cose), t).toBe(fragment);
    }
    expect(parseQrText(`${BASE}/v/q83vEjRWeJCrze8SNFZ4kA`)).toEqual({
      ok: false,
      reason: "VER_QR_LEGACY_LINK",
      token: "q83vEjRWeJCrze8SNFZ4kA",
    });
    for (const bad of [
      "",
      "hello world",
      `${BASE}/v#`,
      `${BASE}/v#abc$`,
      `${BASE}/v#A`,
      `${BASE}/v#ABC`,
      "x".repeat(10_000),
    ])
      expect(parseQrText(bad)).toMatchObject({ ok: false, reason: "VER_QR_MALFORMED" });
  });
});

describe("each rejection has its own reason", () => {
  const later = new Date(FIXED_NOW.getTime() + DAY);

  it("a changed claim: VER_QR_BAD_SIGNATURE", async () => {
    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const t = decode<Tag>(cose, { ignoreGlobalTags: true });
    const [prot, unprot, payload, sig] = t.contents as [
      Uint8Array,
      Map<number, unknown>,
      Uint8Array,
      Uint8Array,
    ];
    const claims = decode<Map<number, unknown>>(payload, { ignoreGlobalTags: true, preferMap: true });
    claims.set(-2, "91441521******XXXX");
    const forged = encode(new Tag(18, [prot, unprot, encode(claims, { cde: true }), sig]));
    const r = await verifyQrPayload(forged, list, later);
    expect(r.status).toBe("INVALID");
    expect(r.reason.code).toBe("VER_QR_BAD_SIGNATURE");
    expect(r.claims).toBeUndefined();
  });

  it("a flipped bit in the signature: VER_QR_BAD_SIGNATURE", async () => {
    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const copy = cose.slice();
    copy[copy.length - 5] = (copy[copy.length - 5] ?? 0) ^ 0x01;
    expect((await verifyQrPayload(copy, list, later)).reason.code).toBe("VER_QR_BAD_SIGNATURE");
  });

  it("a seal of another PKI: VER_QR_UNKNOWN_KID, or INDETERMINATE when it claims to be newer than the list", async () => {
    const foreign = await sealSigner(other, A.code);
    const r = await verifyQrPayload(await encodeQrPayload(claimsFor(A.code), foreign), list, later);
    expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_UNKNOWN_KID"]);
    const newer = claimsFor(A.code, { issuedAt: new Date(FIXED_NOW.getTime() + 3600_000).toISOString() });
    const r2 = await verifyQrPayload(await encodeQrPayload(newer, foreign), list, later);
    expect([r2.status, r2.reason.code]).toEqual(["INDETERMINATE", "VER_QR_KID_NEWER_THAN_LIST"]);
  });

  it("department B's seal on a licence of department A: VER_QR_ISSUER_MISMATCH", async () => {
    const r = await verifyQrPayload(
      await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, B.code)),
      list,
      later,
    );
    expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_ISSUER_MISMATCH"]);
  });

  it("a stale trust list: INDETERMINATE VER_QR_TRUST_LIST_STALE, with the signed claims", async () => {
    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const stale = new Date(Date.parse(list.nextUpdate) + 1000);
    const r = await verifyQrPayload(cose, list, stale);
    expect([r.status, r.reason.code]).toEqual(["INDETERMINATE", "VER_QR_TRUST_LIST_STALE"]);
    expect(r.claims?.identifier).toBe(claimsFor(A.code).identifier);
    // One second earlier the same list is current.
    expect((await verifyQrPayload(cose, list, new Date(Date.parse(list.nextUpdate)))).status).toBe("VALID");
  });

  it("issued outside the seal certificate's validity: VER_QR_SEAL_NOT_VALID_AT_ISSUE; in the future: INDETERMINATE", async () => {
    const signer = await sealSigner(pki, A.code);
    const before = claimsFor(A.code, { issuedAt: "2020-01-01T00:00:00Z" });
    expect((await verifyQrPayload(await encodeQrPayload(before, signer), list, later)).reason.code).toBe(
      "VER_QR_SEAL_NOT_VALID_AT_ISSUE",
    );
    const ahead = claimsFor(A.code, { issuedAt: new Date(later.getTime() + 3600_000).toISOString() });
    const r = await verifyQrPayload(await encodeQrPayload(ahead, signer), list, later);
    expect([r.status, r.reason.code]).toEqual(["INDETERMINATE", "VER_QR_ISSUED_IN_FUTURE"]);
  });

  it("an unsupported algorithm or a critical header: VER_QR_ALG_UNSUPPORTED; no kid: VER_QR_MALFORMED", async () => {
    const signer = await sealSigner(pki, A.code);
    const payload = encodeClaims(claimsFor(A.code));
    const signedWith = async (prot: Uint8Array) =>
      encodeCoseSign1(prot, payload, new Uint8Array(64).fill(7)).slice();
    const es512 = encode(
      new Map<number, unknown>([
        [1, -36],
        [4, signer.kid],
      ]),
      { cde: true },
    );
    const crit = encode(
      new Map<number, unknown>([
        [1, -7],
        [2, [99]],
        [4, signer.kid],
      ]),
      { cde: true },
    );
    const noKid = encode(new Map<number, unknown>([[1, -7]]), { cde: true });
    expect((await verifyQrPayload(await signedWith(es512), list, later)).reason.code).toBe(
      "VER_QR_ALG_UNSUPPORTED",
    );
    expect((await verifyQrPayload(await signedWith(crit), list, later)).reason.code).toBe(
      "VER_QR_ALG_UNSUPPORTED",
    );
    expect((await verifyQrPayload(await signedWith(noKid), list, later)).reason.code).toBe(
      "VER_QR_MALFORMED",
    );
  });

  it("signed claims that break the rules (bad check character): VER_QR_CLAIMS_INVALID", async () => {
    const signer = await sealSigner(pki, A.code);
    const good = claimsFor(A.code).identifier;
    const badId = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
    const payload = encode(
      new Map<number, unknown>([
        [2, badId.slice("1.2.156.3005.2.".length)],
        [6, Math.floor(FIXED_NOW.getTime() / 1000)],
        [-1, "张*"],
        [-2, "x"],
        [-3, new Tag(100, 20_000)],
        [-4, null],
        [-5, new Uint8Array(16)],
      ]),
      { cde: true },
    );
    const prot = encodeProtectedHeader("ES256", signer.kid);
    const { ecdsaDerToRaw } = await import("../keys/ecdsa-signature.js");
    const sig = ecdsaDerToRaw(await signer.sign(sigStructure(prot, payload)), 32);
    const r = await verifyQrPayload(encodeCoseSign1(prot, payload, sig), list, later);
    expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_CLAIMS_INVALID"]);
  });

  it("a revoked seal: VER_QR_SEAL_REVOKED, from the trust list rebuilt after the revocation", async () => {
    const cose = await encodeQrPayload(claimsFor(B.code), await sealSigner(pki, B.code));
    expect((await verifyQrPayload(cose, list, later)).status).toBe("VALID");
    await pki.pki.revokeCertificate(B.code, "keyCompromise", later);
    const after = await buildTrustList(pki.pki, new Date(later.getTime() + 1000));
    const r = await verifyQrPayload(cose, after, new Date(later.getTime() + 2000));
    expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_SEAL_REVOKED"]);
    expect(r.seal).toMatchObject({ status: "revoked", revocationReason: "keyCompromise" });
  });

  it("no usable trust list: INDETERMINATE VER_QR_TRUST_LIST_UNUSABLE", async () => {
    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const r = await verifyQrPayload(cose, {} as TrustList, later);
    expect([r.status, r.reason.code]).toEqual(["INDETERMINATE", "VER_QR_TRUST_LIST_UNUSABLE"]);
  });
});

describe("hostile input", () => {
  it("never throws and never verifies: random bytes, truncations and every single-byte change", async () => {
    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const inputs: Uint8Array[] = [new Uint8Array(0), new Uint8Array(5000), encode(new Tag(18, "x"))];
    for (let n = 1; n < cose.length; n += 7) inputs.push(cose.subarray(0, n));
    for (let i = 0; i < cose.length; i++) {
      const c = cose.slice();
      c[i] = (c[i] ?? 0) ^ 0x5a;
      inputs.push(c);
    }
    for (let i = 0; i < 50; i++) inputs.push(globalThis.crypto.getRandomValues(new Uint8Array(1 + i * 7)));
    const later = new Date(FIXED_NOW.getTime() + DAY);
    for (const input of inputs) {
      const r = await verifyQrPayload(input, list, later);
      expect(r.status, toBase64(input)).not.toBe("VALID");
      expect(r.reason.code).toMatch(/^VER_QR_/u);
    }
  });
});

describe("claims", () => {
  it("refuse to encode what cannot be a licence record (SIG_QR_CLAIMS_INVALID)", () => {
    const id = claimsFor(A.code).identifier;
    for (const over of [
      { identifier: id.replace("1.2.156.3005.2", "1.2.156.3003.2") },
      { typeCode: "11100000MB0143028R001" },
      { validFrom: "2026-02-30" },
      { validUntil: "2026-01-01" },
      { holderName: "" },
      { publicToken: "not a token!" },
      { documentSha256Prefix: "ABC" },
    ])
      expect(() => encodeClaims(claimsFor(A.code, over as Partial<QrClaimsInput>))).toThrow(
        expect.objectContaining({ code: "SIG_QR_CLAIMS_INVALID" }),
      );
  });

  it("round-trip long-term validity, other token forms and the optional document hash prefix", () => {
    const input = claimsFor(A.code, {
      validUntil: null,
      publicToken: "legacy-token-form",
      documentSha256Prefix: "0123456789abcdef",
    });
    const r = decodeClaims(encodeClaims(input));
    expect(r.ok && r.claims).toEqual({ ...input, typeCode: TYPE, issuerCode: A.code, version: 1 });
  });
});

describe("RS256 and raw WebCrypto signers (trust-list entries built by hand)", () => {
  async function entryFor(
    keys: { publicKey: webcrypto.CryptoKey },
    kid: Uint8Array,
  ): Promise<TrustListEntry> {
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
    return {
      department: { code: A.code, name: A.name },
      kid: toBase64Url(kid),
      serial: "01",
      certificate: "",
      spki: toBase64(spki),
      notBefore: "2026-01-01T00:00:00.000Z",
      notAfter: "2027-01-01T00:00:00.000Z",
      status: "good",
    };
  }
  const handList = (seals: TrustListEntry[]): TrustList => ({ ...list, seals });

  it("verifies RS256 payloads and ES256 payloads signed with raw r||s", async () => {
    const later = new Date(FIXED_NOW.getTime() + DAY);
    const rsa = await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      false,
      ["sign", "verify"],
    );
    const rsaKid = new Uint8Array(8).fill(1);
    const rsaCose = await encodeQrPayload(claimsFor(A.code), {
      kid: rsaKid,
      algorithm: "RS256",
      sign: async (d) => new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", rsa.privateKey, d)),
    });
    const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
      "verify",
    ]);
    const ecKid = new Uint8Array(8).fill(2);
    const ecCose = await encodeQrPayload(claimsFor(A.code), {
      kid: ecKid,
      signatureFormat: "raw",
      sign: async (d) =>
        new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ec.privateKey, d)),
    });
    const hand = handList([await entryFor(rsa, rsaKid), await entryFor(ec, ecKid)]);
    expect((await verifyQrPayload(rsaCose, hand, later)).reason.code).toBe("VER_QR_OK");
    expect((await verifyQrPayload(ecCose, hand, later)).reason.code).toBe("VER_QR_OK");
    // An RSA entry under the EC payload's kid: the algorithm does not fit the key.
    const swapped = handList([{ ...(await entryFor(rsa, ecKid)) }]);
    expect((await verifyQrPayload(ecCose, swapped, later)).reason.code).toBe("VER_QR_BAD_SIGNATURE");
  });
});
