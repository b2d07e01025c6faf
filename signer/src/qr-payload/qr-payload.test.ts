// Signed QR payloads against a real dev PKI and its trust list: the round trip, each rejection with its own reason,
// and hostile input that must never throw nor verify.
import type { webcrypto } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode, encode, Tag } from "cbor2";
import { createTempPki, DEPARTMENTS, FIXED_NOW, DAY, type TempPki } from "../../test/pki/fixtures.js";
import { identifierFor } from "../../test/render/helpers.js";
import { qrPlan, qrVersion } from "../render/qr.js";
import { buildTrustList } from "../trust-list/build-trust-list.js";
import { fromBase32, toBase32, toBase64, toBase64Url, utf8 } from "../trust-list/bytes.js";
import type { TrustList, TrustListEntry } from "../trust-list/types.js";
import { kidOf } from "../trust-list/kid.js";
import { decodeClaims, encodeClaims, type QrClaimsInput } from "./claims.js";
import { decodeCompactClaims, encodeCompactClaims } from "./compact-claims.js";
import { COSE_HEADER, encodeCoseSign1, encodeProtectedHeader, sigStructure } from "./cose-sign1.js";
import { encodeQrPayload, type QrSigner } from "./encode-qr-payload.js";
import { maskedToRuns, runsToMasked } from "./masked-text.js";
import { parseQrText, qrBaseUrl, qrUrl, qrWireForm } from "./qr-url.js";
import { verifyQrPayload } from "./verify-qr-payload.js";

const TYPE = "11100000MB0143028R013";
const [A, B] = DEPARTMENTS as [(typeof DEPARTMENTS)[0], (typeof DEPARTMENTS)[0]];
const BASE = "http://127.0.0.1:8080";
/** A long government host, as a county's one-stop service portal has. */
const LONG_BASE = "https://zwfw.haifeng.gov.cn";

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
    // Format 2: the identifier's type code, serial and version as text, then the COSE_Sign1 in base32.
    expect(text).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/v#11100000MB0143028R013\.7K2M9QX4ZP1A\.1\.[A-Z2-7]+$/u,
    );
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

  it("fits the budget: at most 300 signed bytes and QR version 10 at level M with a long host; format 1 needed 12", async () => {
    const signer = await sealSigner(pki, A.code);
    const rows: string[] = [];
    // The largest record the registry makes: an enterprise holder (USCC), dated validity, a 16-byte token, the
    // 12-character serial it mints; the masked name cut to four stars, its first character taking 4 UTF-8 bytes.
    const worst = claimsFor(A.code, { holderName: "𠀋****" });
    for (const base of [BASE, LONG_BASE]) {
      const compact = await encodeQrPayload(worst, signer);
      const first = await encodeQrPayload(worst, signer, { format: 1 });
      const text = qrUrl(base, compact);
      const plan = qrPlan(text);
      const wire = qrWireForm(compact).cose;
      const before = `${base}/v#${toBase32(first)}`;
      rows.push(
        `${base}: format 2 ${wire.length} bytes signed, ${text.length} chars, ${plan?.bits}/${plan?.capacityBits} bits → version ${plan?.version}; format 1 ${first.length} bytes, ${before.length} chars → version ${qrVersion(before)}`,
      );
      expect(wire.length).toBeLessThanOrEqual(300);
      expect(first.length).toBeLessThanOrEqual(300);
      expect(plan?.version).toBeLessThanOrEqual(10);
      expect(qrVersion(text)).toBe(plan?.version);
      expect(qrVersion(before)).toBe(12);
    }
    console.info(`QR payload sizes:\n  ${rows.join("\n  ")}`);
  });

  it("writes the host in upper case and keeps scheme, path and user info as they are", () => {
    expect(qrBaseUrl("https://zwfw.haifeng.gov.cn/")).toBe("https://ZWFW.HAIFENG.GOV.CN");
    expect(qrBaseUrl("HTTPS://Zwfw.Example:8443/elicence//")).toBe("https://ZWFW.EXAMPLE:8443/elicence");
    expect(qrBaseUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(qrBaseUrl("https://user@host.example")).toBe("https://user@host.example");
    expect(qrBaseUrl("not a url")).toBe("not a url");
  });

  it("accepts the URL, the #fragment and the bare fragment of either format; names legacy /v/<token> links and rejects garbage", async () => {
    const compact = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code));
    const compactText = qrUrl(LONG_BASE, compact);
    const compactFragment = compactText.slice(compactText.indexOf("#") + 1);
    for (const t of [
      compactText,
      qrUrl(BASE, compact, "base64url"),
      `#${compactFragment}`,
      compactFragment,
      ` ${compactText.toLowerCase().slice(0, compactText.indexOf("#"))}${compactText.slice(compactText.indexOf("#"))}\n`,
    ]) {
      const p = parseQrText(t);
      expect(p.ok && toBase64Url(p.cose), t).toBe(toBase64Url(compact));
    }
    // The QR code holds the structure without the identifier text, which travels before it.
    const wire = qrWireForm(compact);
    expect(wire.identifierWithoutIssuer).toBe("11100000MB0143028R013.7K2M9QX4ZP1A.1");
    expect(compactFragment).toBe(`${wire.identifierWithoutIssuer}.${toBase32(wire.cose)}`);
    expect(wire.cose.length).toBeLessThan(compact.length - 30);

    const cose = await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code), { format: 1 });
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
      // Format 2 shapes that are not: a bad type code, a version with a leading zero, no bytes, bytes that are no COSE.
      `${BASE}/v#11100000MB0143028R01.7K2M9QX4ZP1A.1.${compactFragment.split(".")[3]}`,
      `${BASE}/v#11100000MB0143028R013.7K2M9QX4ZP1A.01.${compactFragment.split(".")[3]}`,
      `${BASE}/v#11100000MB0143028R013.7K2M9QX4ZP1A.1.`,
      `${BASE}/v#11100000MB0143028R013.7K2M9QX4ZP1A.1.AAAAAAAA`,
    ])
      expect(parseQrText(bad)).toMatchObject({ ok: false, reason: "VER_QR_MALFORMED" });
  });
});

describe("each rejection has its own reason", () => {
  const later = new Date(FIXED_NOW.getTime() + DAY);

  it("a changed claim: VER_QR_BAD_SIGNATURE, in either format", async () => {
    const signer = await sealSigner(pki, A.code);
    for (const format of [1, 2] as const) {
      const cose = await encodeQrPayload(claimsFor(A.code), signer, { format });
      const value = decode<unknown>(cose, { ignoreGlobalTags: true });
      const tagged = value instanceof Tag;
      const [prot, unprot, payload, sig] = (tagged ? value.contents : value) as [
        Uint8Array,
        Map<number, unknown>,
        Uint8Array,
        Uint8Array,
      ];
      const claims = decode<Map<number, unknown>>(payload, { ignoreGlobalTags: true, preferMap: true });
      claims.set(-2, format === 1 ? "91441521******XXXX" : ["91441521", 6, "XXXX"]);
      const forged = encodeCoseSign1(prot, encode(claims, { cde: true }), sig, {
        tagged,
        unprotected: unprot,
      });
      const r = await verifyQrPayload(forged, list, later);
      expect([format, r.status, r.reason.code]).toEqual([format, "INVALID", "VER_QR_BAD_SIGNATURE"]);
      expect(r.claims).toBeUndefined();
    }
  });

  it("format 2: a changed identifier in the QR text, the bytes without it, or format 1 bytes behind one: VER_QR_BAD_SIGNATURE", async () => {
    const signer = await sealSigner(pki, A.code);
    const text = qrUrl(BASE, await encodeQrPayload(claimsFor(A.code), signer));
    const [ident = "", bytes = ""] = [
      text.slice(text.indexOf("#") + 1, text.lastIndexOf(".")),
      text.slice(text.lastIndexOf(".") + 1),
    ];
    const reasonOf = async (t: string) => {
      const p = parseQrText(t);
      return p.ok ? (await verifyQrPayload(p.cose, list, later)).reason.code : p.reason;
    };
    expect(await reasonOf(text)).toBe("VER_QR_OK");
    // Another serial, another version, another type: each a different licence the seal never signed.
    for (const other of [
      ident.replace("7K2M9QX4ZP1A", "7K2M9QX4ZP1B"),
      ident.replace(/\.1$/u, ".2"),
      ident.replace("R013", "R001"),
    ])
      expect(await reasonOf(`${BASE}/v#${other}.${bytes}`), other).toBe("VER_QR_BAD_SIGNATURE");
    // The structure alone: nothing names the licence, and the signature covers one.
    expect(await reasonOf(`${BASE}/v#${bytes}`)).toBe("VER_QR_BAD_SIGNATURE");
    // A format 1 payload (signed without external data) behind an identifier text.
    const first = await encodeQrPayload(claimsFor(A.code), signer, { format: 1 });
    expect(await reasonOf(`${BASE}/v#${ident}.${toBase32(first)}`)).toBe("VER_QR_BAD_SIGNATURE");
    // A malformed identifier text put straight into the header (parseQrText would not let it through).
    const wire = fromBase32(bytes) ?? new Uint8Array(0);
    const [prot, , payload, sig] = decode<unknown[]>(wire) as [Uint8Array, unknown, Uint8Array, Uint8Array];
    const odd = encodeCoseSign1(prot, payload, sig, {
      tagged: false,
      unprotected: new Map([[COSE_HEADER.identifierWithoutIssuer, "not.an.identifier"]]),
    });
    expect((await verifyQrPayload(odd, list, later)).reason.code).toBe("VER_QR_MALFORMED");
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

  it("department B's seal on a licence of department A: VER_QR_ISSUER_MISMATCH (format 1) or VER_QR_BAD_SIGNATURE (format 2)", async () => {
    const sealB = await sealSigner(pki, B.code);
    const r = await verifyQrPayload(
      await encodeQrPayload(claimsFor(A.code), sealB, { format: 1 }),
      list,
      later,
    );
    expect([r.status, r.reason.code]).toEqual(["INVALID", "VER_QR_ISSUER_MISMATCH"]);
    // Format 2 signs the identifier with A as issuer; the verifier rebuilds it with the seal's department, B.
    const r2 = await verifyQrPayload(await encodeQrPayload(claimsFor(A.code), sealB), list, later);
    expect([r2.status, r2.reason.code]).toEqual(["INVALID", "VER_QR_BAD_SIGNATURE"]);
    expect(r2.claims).toBeUndefined();
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

  it("format 2 claims with a known key of the wrong type, a sub, or a masked field not in its one form: VER_QR_CLAIMS_INVALID; unknown keys ignored", async () => {
    const signer = await sealSigner(pki, A.code);
    const { ecdsaDerToRaw } = await import("../keys/ecdsa-signature.js");
    const identifier = claimsFor(A.code).identifier;
    const good = new Map<number, unknown>([
      [6, Math.floor(FIXED_NOW.getTime() / 1000)],
      [-1, ["汕", 4]],
      [-2, ["91441521", 6, "TBXR"]],
      [-3, 20_605],
      [-4, 22_430],
      [-5, new Uint8Array(16).fill(5)],
    ]);
    const signed = async (claims: Map<number, unknown>) => {
      const prot = encodeProtectedHeader("ES256", signer.kid);
      const payload = encode(claims, { cde: true });
      const sig = ecdsaDerToRaw(await signer.sign(sigStructure(prot, payload, utf8(identifier))), 32);
      const cose = encodeCoseSign1(prot, payload, sig, {
        tagged: false,
        unprotected: new Map([[COSE_HEADER.identifierWithoutIssuer, "11100000MB0143028R013.7K2M9QX4ZP1A.1"]]),
      });
      return verifyQrPayload(cose, list, later);
    };
    const ok = await signed(new Map([...good, [-99, "a later claim"]]));
    expect([ok.reason.code, ok.claims?.holderCode, ok.claims?.validFrom]).toEqual([
      "VER_QR_OK",
      "91441521******TBXR",
      "2026-06-01",
    ]);
    expect(ok.claims?.identifier).toBe(identifier);
    for (const [key, value] of [
      [2, identifier.slice("1.2.156.3005.2.".length)],
      [-3, new Tag(100, 20_605)],
      [-4, "2031-05-31"],
      [-1, "汕****"],
      [-1, ["汕****"]],
      [-1, ["汕", 2, 2]],
      [-2, ["9144", "1521", 6]],
      [-2, ["91441521", 0, "TBXR"]],
      [-2, []],
      [-5, new Uint8Array(4)],
      [6, -1],
    ] as const) {
      const r = await signed(new Map([...good, [key, value]]));
      expect([key, r.status, r.reason.code], JSON.stringify(value)).toEqual([
        key,
        "INVALID",
        "VER_QR_CLAIMS_INVALID",
      ]);
    }
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

describe("hostile QR text", () => {
  it("every single-character change of a format 2 text parses to nothing or fails verification, without throwing", async () => {
    const text = qrUrl(LONG_BASE, await encodeQrPayload(claimsFor(A.code), await sealSigner(pki, A.code)));
    const later = new Date(FIXED_NOW.getTime() + DAY);
    const hash = text.indexOf("#");
    let verified = 0;
    for (let i = hash + 1; i < text.length; i++) {
      const ch = text[i] === "." ? "A" : text[i] === "A" ? "." : "A";
      const p = parseQrText(`${text.slice(0, i)}${ch}${text.slice(i + 1)}`);
      if (!p.ok) continue;
      const r = await verifyQrPayload(p.cose, list, later);
      expect(r.status, `${i}`).not.toBe("VALID");
      expect(r.reason.code).toMatch(/^VER_QR_/u);
      verified++;
    }
    // Most changes still parse: the signature, not the parser, is what rejects them.
    expect(verified).toBeGreaterThan((text.length - hash) / 2);
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

describe("masked text and format 2 claims", () => {
  it("carry masked text as visible parts and star counts, one form per text", () => {
    for (const [masked, runs] of [
      ["汕****", ["汕", 4]],
      ["441521********0028", ["441521", 8, "0028"]],
      ["*", [1]],
      ["**5678", [2, "5678"]],
      ["J*********", ["J", 9]],
      ["无星号", ["无星号"]],
    ] as const) {
      expect(maskedToRuns(masked)).toEqual(runs);
      expect(runsToMasked(runs)).toBe(masked);
    }
    for (const bad of [[], ["a", "b"], [1, 2], [0], ["a*"], [""], [65], "汕****", [1.5], [-1]])
      expect(runsToMasked(bad), JSON.stringify(bad)).toBeNull();
  });

  it("round-trip format 2 claims, tokens of 8–32 bytes as bytes and other forms as text", () => {
    const identifier = claimsFor(A.code).identifier;
    for (const over of [
      {},
      { validUntil: null, publicToken: "legacy-token-form", documentSha256Prefix: "0123456789abcdef" },
      { publicToken: "AAECAwQFBgcICQoL", holderCode: "*****5678" },
    ]) {
      const input = claimsFor(A.code, over);
      const { claims, identifier: signedIdentifier } = encodeCompactClaims(input);
      expect(signedIdentifier).toBe(identifier);
      const r = decodeCompactClaims(claims, identifier);
      expect(r.ok && r.claims).toEqual({ ...input, typeCode: TYPE, issuerCode: A.code, version: 1 });
    }
    // A 12-byte token travels as 12 bytes, not 16 characters.
    const shortToken = encodeCompactClaims(claimsFor(A.code, { publicToken: "AAECAwQFBgcICQoL" })).claims;
    expect(decode<Map<number, unknown>>(shortToken, { preferMap: true }).get(-5)).toEqual(
      Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    );
    // The format 1 reader does not take format 2 claims, nor the other way round.
    expect(decodeClaims(encodeCompactClaims(claimsFor(A.code)).claims).ok).toBe(false);
    expect(decodeCompactClaims(encodeClaims(claimsFor(A.code)), identifier).ok).toBe(false);
  });
});

describe("QR codes already printed keep verifying", () => {
  // One key and one record, signed once: format 1 by the code that printed the first QR codes (before format 2
  // existed), format 2 by today's. Fixed texts, so a change to either reader shows here.
  const JWK = {
    kty: "EC",
    crv: "P-256",
    x: "t7kt75lfJZR7lxQBXuAv07lhj9CwYzFpTaenBtyOLyM",
    y: "NtU00KNQMQbWLr4t8gJ4wvIJH_BT7RxD4LJ9tZlVdWI",
  };
  const FORMAT_1 =
    "https://zwfw.haifeng.gov.cn/v#2KCE3IQBEYCEQAICAMCAKBQHBCQFRAFHAJ4DWMJRGEYDAMBQGBGUEMBRGQZTAMRYKIYDCMZOGEYTINBRGUZDCTKCGJBTSNZTGEYE2LRXJMZE2OKRLA2FUUBRIEXDAMBRFZIAMGTKDVIRQIDH42YZKKRKFIVCC4RZGE2DIMJVGIYSUKRKFIVCUVCCLBJCFWDEDFIH2I6YMQMVPHREKCV433YSGRLHREFLZXXRENCWPCIFQQE6TZ4J52OLPKAADXAMTXURD6TFYT6G54EJCLTX22ZKPHKQ4REKW5MKCNXCAEC5XSD3HWTOZPNAG5JEAWG6XKBQB5XLN3EYJ3UFSOUQE";
  const FORMAT_2 =
    "https://ZWFW.HAIFENG.GOV.CN/v#11100000MB0143028R013.7K2M9QX4ZP1A.1.QRG2EAJGAREACAQDAQCQMBYIUBMDTJQGDJVB2UIYECBGHZVRSUCCDA3IHEYTINBRGUZDCBTEKRBFQURCDFIH2IYZK6PCIUFLZXXRENCWPCIKXTPPCI2FM6EQLBAO3TLOE7LTXXQBPYFJDUCHBPCQPTQUMZMPHBD7RG6U3V2AKSWK2ZPHERMYOGHIIMZWHSEGYGAE6QBM2Y22SLZ556ADOCK5TIUQOUBX5A";
  const MARKET = { code: "11441521MB2C97310M", name: "海丰县市场监督管理局" };

  it("verifies both, with the same claims", async () => {
    const key = await crypto.subtle.importKey("jwk", JWK, { name: "ECDSA", namedCurve: "P-256" }, true, [
      "verify",
    ]);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", key));
    const hand: TrustList = {
      ...list,
      seals: [
        {
          department: MARKET,
          kid: toBase64Url(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])),
          serial: "01",
          certificate: "",
          spki: toBase64(spki),
          notBefore: "2026-01-01T00:00:00.000Z",
          notAfter: "2028-01-01T00:00:00.000Z",
          status: "good",
          licenceTypes: [TYPE],
        },
      ],
    };
    const at = new Date("2026-06-02T00:00:00Z");
    const results = [];
    for (const text of [FORMAT_1, FORMAT_2]) {
      const parsed = parseQrText(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      const r = await verifyQrPayload(parsed.cose, hand, at);
      expect(r.reason.code, text).toBe("VER_QR_OK");
      results.push(r.claims);
    }
    expect(results[0]).toEqual({
      identifier: "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.7K2M9QX4ZP1A.001.P",
      typeCode: "11100000MB0143028R013",
      issuerCode: MARKET.code,
      version: 1,
      holderName: "汕****",
      holderCode: "91441521******TBXR",
      validFrom: "2026-06-01",
      validUntil: "2031-05-31",
      issuedAt: "2026-06-01T09:30:00.000Z",
      publicToken: "q83vEjRWeJCrze8SNFZ4kA",
    });
    expect(results[1]).toEqual(results[0]);
    expect([qrVersion(FORMAT_1), qrVersion(FORMAT_2)]).toEqual([12, 10]);
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
      licenceTypes: [TYPE],
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
