// The trust list built from a real dev PKI: it verifies against the pinned root, and every kind of change or
// substitution is caught with its own reason; staleness is reported, not hidden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempPki, DEPARTMENTS, FIXED_NOW, DAY, type TempPki } from "../../test/pki/fixtures.js";
import { ecdsaDerToRaw } from "../keys/ecdsa-signature.js";
import { buildTrustList } from "./build-trust-list.js";
import { fromBase64, fromBase64Url, toBase64Url, utf8 } from "./bytes.js";
import { canonicalJson } from "./canonical.js";
import { signDetachedJws } from "./jws.js";
import { kidOf } from "./kid.js";
import type { TrustList, TrustListBody } from "./types.js";
import { verifyTrustList } from "./verify-trust-list.js";

let pki: TempPki;
let other: TempPki;
let list: TrustList;
/** Built after department 2's seal was revoked. */
let revokedList: TrustList;
let rootDer: Uint8Array;
const later = new Date(FIXED_NOW.getTime() + DAY);

/** Re-signs a body with the trust-list signer, as a buggy (not malicious) issuer would publish it. */
async function signedBy(p: TempPki, body: TrustListBody): Promise<TrustList> {
  const signature = await signDetachedJws(utf8(canonicalJson(body)), { alg: "ES256" }, async (input) =>
    ecdsaDerToRaw(await p.pki.signTrustList(input), 32),
  );
  return { ...body, signature };
}
const bodyOf = ({ signature: _s, ...body }: TrustList): TrustListBody => structuredClone(body);

beforeAll(async () => {
  pki = await createTempPki();
  other = await createTempPki();
  list = await buildTrustList(pki.pki, FIXED_NOW, { validityHours: 48 });
  rootDer = new Uint8Array(pki.pki.root.rawData);
  await pki.pki.revokeCertificate(DEPARTMENTS[1]?.code ?? "", "keyCompromise", later);
  revokedList = await buildTrustList(pki.pki, new Date(later.getTime() + 1000));
});
afterAll(() => {
  pki?.remove();
  other?.remove();
});

describe("a trust list from the dev PKI", () => {
  it("lists every department's seal with its kid, key and validity, and verifies against the pinned root", async () => {
    expect(list.format).toBe("elicence-trust-list/2");
    expect(Date.parse(list.nextUpdate) - Date.parse(list.issuedAt)).toBe(48 * 3600_000);
    // The departments' seals and the registry's annotation seal (certs/pki.json "platform"), which verifiers must know.
    const platform = pki.pki.platform();
    expect(platform).toBeDefined();
    expect(list.seals.map((s) => s.department).sort((a, b) => a.code.localeCompare(b.code))).toEqual(
      [...DEPARTMENTS, { code: platform?.code, name: platform?.name }].sort((a, b) =>
        (a.code ?? "").localeCompare(b.code ?? ""),
      ),
    );
    for (const seal of list.seals) {
      const cert = pki.pki.certificateBySerial(seal.serial);
      expect(cert).toBeDefined();
      expect(seal.kid).toBe(toBase64Url(await kidOf(new Uint8Array(cert?.rawData ?? new ArrayBuffer(0)))));
      expect(fromBase64Url(seal.kid)?.length).toBe(8);
      expect(seal.status).toBe("good");
    }
    const r = await verifyTrustList(list, rootDer, later);
    expect(r).toMatchObject({ ok: true, stale: false, reason: { code: "VER_TL_OK" } });
    expect(r.list).toEqual(list);
  });

  it("verifies from its JSON text with the keys in any order, and against the root's SPKI SHA-256 pin", async () => {
    const reordered = Object.fromEntries(Object.entries(list).reverse());
    expect((await verifyTrustList(JSON.stringify(reordered), rootDer, later)).ok).toBe(true);
    const pin = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new Uint8Array(pki.pki.root.publicKey.rawData)),
    );
    expect(await verifyTrustList(list, { rootSpkiSha256: pin }, later)).toMatchObject({ ok: true });
  });

  it("is stale after nextUpdate: still genuine (ok) but flagged VER_TL_STALE", async () => {
    const r = await verifyTrustList(list, rootDer, new Date(Date.parse(list.nextUpdate) + 1));
    expect(r).toMatchObject({ ok: true, stale: true, reason: { code: "VER_TL_STALE" } });
  });

  it("shows a revoked seal as revoked, with date and reason, and still verifies", async () => {
    const seal = revokedList.seals.find((s) => s.department.code === DEPARTMENTS[1]?.code);
    expect(seal).toMatchObject({ status: "revoked", revocationReason: "keyCompromise" });
    expect(Date.parse(seal?.revokedAt ?? "")).toBe(Math.floor(later.getTime() / 1000) * 1000);
    // The other department's seal and the annotation seal.
    expect(revokedList.seals.filter((s) => s.status === "good")).toHaveLength(2);
    expect((await verifyTrustList(revokedList, rootDer, later)).ok).toBe(true);
  });
});

describe("a changed or substituted trust list is rejected", () => {
  const tampered: [string, (l: TrustList) => void][] = [
    [
      "a revoked seal shown as good",
      (l) => {
        for (const seal of l.seals) {
          seal.status = "good";
          delete seal.revokedAt;
          delete seal.revocationReason;
        }
      },
    ],
    ["a department renamed", (l) => void Object.assign(l.seals[0]?.department ?? {}, { name: "假冒的机关" })],
    ["a seal removed", (l) => void l.seals.pop()],
    // A week further (within the 31 days a list may claim, so it is the signature that refuses it).
    [
      "nextUpdate pushed out",
      (l) => void (l.nextUpdate = new Date(Date.parse(l.nextUpdate) + 7 * 86_400_000).toISOString()),
    ],
    ["an extra member added", (l) => void ((l as unknown as Record<string, unknown>).note = "hi")],
  ];
  for (const [what, change] of tampered)
    it(`${what}: VER_TL_BAD_SIGNATURE`, async () => {
      const copy = structuredClone(revokedList);
      change(copy);
      expect(JSON.stringify(copy)).not.toBe(JSON.stringify(revokedList));
      expect((await verifyTrustList(copy, rootDer, later)).reason.code).toBe("VER_TL_BAD_SIGNATURE");
    });

  it("a seal's certificate and key swapped for another PKI's, re-signed: VER_TL_ENTRY_INVALID", async () => {
    const foreign = await other.pki.sealFor(DEPARTMENTS[0]?.code ?? "");
    const body = bodyOf(list);
    const seal = body.seals[0];
    if (!seal) throw new Error("no seal");
    const der = new Uint8Array(foreign.certificate.rawData);
    seal.certificate = Buffer.from(der).toString("base64");
    seal.spki = Buffer.from(foreign.certificate.publicKey.rawData).toString("base64");
    seal.kid = toBase64Url(await kidOf(der));
    seal.serial = foreign.certificate.serialNumber.toLowerCase();
    seal.notBefore = foreign.certificate.notBefore.toISOString();
    seal.notAfter = foreign.certificate.notAfter.toISOString();
    const r = await verifyTrustList(await signedBy(pki, body), rootDer, later);
    expect([r.ok, r.reason.code]).toEqual([false, "VER_TL_ENTRY_INVALID"]);
  });

  it("a kid that does not match its certificate, re-signed: VER_TL_ENTRY_INVALID", async () => {
    const body = bodyOf(list);
    const first = body.seals[0];
    if (first) first.kid = "AAAAAAAAAAA";
    expect((await verifyTrustList(await signedBy(pki, body), rootDer, later)).reason.code).toBe(
      "VER_TL_ENTRY_INVALID",
    );
  });

  it("another PKI's list: VER_TL_ROOT_MISMATCH; with our root put in: VER_TL_ISSUER_UNTRUSTED", async () => {
    const theirs = await buildTrustList(other.pki, FIXED_NOW);
    expect((await verifyTrustList(theirs, rootDer, later)).reason.code).toBe("VER_TL_ROOT_MISMATCH");
    const grafted = { ...theirs, root: list.root };
    expect((await verifyTrustList(grafted, rootDer, later)).reason.code).toBe("VER_TL_ISSUER_UNTRUSTED");
  });

  it("a signature from another issuing CA over our list: VER_TL_BAD_SIGNATURE", async () => {
    const forged = await signedBy(other, bodyOf(list));
    expect((await verifyTrustList(forged, rootDer, later)).reason.code).toBe("VER_TL_BAD_SIGNATURE");
  });

  it("garbage never throws: VER_TL_MALFORMED", async () => {
    const broken: unknown[] = [
      null,
      "not json",
      "[]",
      {},
      { ...list, format: "other/1" },
      { ...list, seals: [{}] },
      { ...list, issuedAt: "yesterday" },
      { ...list, nextUpdate: list.issuedAt },
      { ...list, root: "!!!" },
      { ...list, issuer: { ...list.issuer, certificate: "AAAA" } },
    ];
    for (const b of broken) {
      const r = await verifyTrustList(b, rootDer, later);
      expect([r.ok, r.reason.code], JSON.stringify(b)?.slice(0, 80)).toEqual([false, "VER_TL_MALFORMED"]);
    }
    const sig = list.signature;
    for (const s of ["", "a.b.c", `${sig.split(".")[0]}.x.${sig.split(".")[2]}`, `${sig}x`])
      expect((await verifyTrustList({ ...list, signature: s }, rootDer, later)).reason.code).toBe(
        s === "" ? "VER_TL_MALFORMED" : "VER_TL_BAD_SIGNATURE",
      );
    expect(fromBase64(list.root)).toEqual(rootDer);
  });
});
