// The trust list from the attacker's side: a list under a root the attacker made, a list signed by a CA or seal key
// instead of the trust-list signer, a genuine list from the future, a genuine but older list (rollback to before a
// revocation), and a list of the retired format. Each is refused with its own reason, never "bad signature" for a
// genuine one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempPki, DEPARTMENTS, FIXED_NOW, DAY, type TempPki } from "../../test/pki/fixtures.js";
import { ecdsaDerToRaw } from "../keys/ecdsa-signature.js";
import { loadPki } from "../pki/dev-pki.js";
import { buildTrustList } from "./build-trust-list.js";
import { toBase64, utf8 } from "./bytes.js";
import { canonicalJson } from "./canonical.js";
import { signDetachedJws } from "./jws.js";
import { anchorFromFingerprint, rootFingerprint } from "./trust-anchor.js";
import { TRUST_LIST_REASONS } from "./trust-list-reasons.js";
import type { TrustList, TrustListBody } from "./types.js";
import { verifyTrustList } from "./verify-trust-list.js";

let pki: TempPki;
let attacker: TempPki;
let before: TrustList;
let after: TrustList;
let pin: { rootSpkiSha256: Uint8Array };
const later = new Date(FIXED_NOW.getTime() + DAY);

const bodyOf = ({ signature: _s, ...body }: TrustList): TrustListBody => structuredClone(body);

/** Signs a body with the key of one of the PKI's own certificates (by role), naming that certificate as signer. */
async function signedWithKeyOf(
  t: TempPki,
  role: "issuing" | "seal",
  body: TrustListBody,
): Promise<TrustList> {
  const entry = [...t.pki.issued()].reverse().find((c) => c.role === role);
  if (!entry) throw new Error(`no ${role}`);
  const cert = t.pki.certificateBySerial(entry.serial);
  const key = await t.keyStore.get(entry.keyLabel);
  const withSigner = { ...body, signer: { certificate: toBase64(new Uint8Array(cert?.rawData ?? [])) } };
  const signature = await signDetachedJws(utf8(canonicalJson(withSigner)), { alg: "ES256" }, async (input) =>
    ecdsaDerToRaw(await key.sign(input), 32),
  );
  return { ...withSigner, signature };
}

beforeAll(async () => {
  pki = await createTempPki();
  attacker = await createTempPki();
  before = await buildTrustList(pki.pki, FIXED_NOW);
  await pki.pki.revokeCertificate(DEPARTMENTS[0]?.code ?? "", "keyCompromise", later);
  after = await buildTrustList(pki.pki, new Date(later.getTime() + 1000));
  const fingerprint = await rootFingerprint(new Uint8Array(pki.pki.root.rawData));
  const anchor = anchorFromFingerprint(fingerprint ?? "");
  if (!anchor || anchor instanceof Uint8Array) throw new Error("no pin");
  pin = anchor;
});
afterAll(() => {
  pki?.remove();
  attacker?.remove();
});

describe("the pinned root decides, not the list", () => {
  it("accepts the genuine list against the root's SPKI SHA-256 pin", async () => {
    expect(await verifyTrustList(after, pin, later)).toMatchObject({
      ok: true,
      reason: { code: "VER_TL_OK" },
    });
  });

  it("refuses a complete list under a root the attacker made (genuine by its own root): VER_TL_ROOT_MISMATCH", async () => {
    const forged = await buildTrustList(attacker.pki, FIXED_NOW);
    // Chained and signed correctly, under the attacker's root: taken on its own word it would verify.
    const attackerRoot = new Uint8Array(attacker.pki.root.rawData);
    expect((await verifyTrustList(forged, attackerRoot, later)).ok).toBe(true);
    expect((await verifyTrustList(forged, pin, later)).reason.code).toBe("VER_TL_ROOT_MISMATCH");
  });

  it("refuses a list signed with the issuing CA's key: VER_TL_SIGNER_UNTRUSTED", async () => {
    const r = await verifyTrustList(await signedWithKeyOf(pki, "issuing", bodyOf(after)), pin, later);
    expect([r.ok, r.reason.code]).toEqual([false, "VER_TL_SIGNER_UNTRUSTED"]);
  });

  it("refuses a list a department signed with its own genuine seal key: VER_TL_SIGNER_UNTRUSTED", async () => {
    const body = bodyOf(after);
    for (const seal of body.seals) seal.licenceTypes = [...seal.licenceTypes, "11100000MB0143028R013"];
    const r = await verifyTrustList(await signedWithKeyOf(pki, "seal", body), pin, later);
    expect([r.ok, r.reason.code]).toEqual([false, "VER_TL_SIGNER_UNTRUSTED"]);
  });

  it("refuses a list whose signer certificate was swapped for another PKI's trust-list signer", async () => {
    const grafted = {
      ...after,
      signer: { certificate: toBase64(new Uint8Array(attacker.pki.trustListSigner.rawData)) },
    };
    expect((await verifyTrustList(grafted, pin, later)).reason.code).toBe("VER_TL_SIGNER_UNTRUSTED");
  });
});

describe("time and order", () => {
  it("refuses a genuine list issued beyond five minutes in the future, accepts one within", async () => {
    const future = await buildTrustList(pki.pki, new Date(later.getTime() + 10 * 60_000));
    const r = await verifyTrustList(future, pin, later);
    expect([r.ok, r.reason.code]).toEqual([false, "VER_TL_ISSUED_IN_FUTURE"]);
    expect((await verifyTrustList(future, pin, new Date(later.getTime() + 6 * 60_000))).ok).toBe(true);
  });

  it("numbers lists by content: unchanged contents keep their number, a revocation bumps it, and it survives a reload", async () => {
    expect(after.sequence).toBe(before.sequence + 1);
    const again = await buildTrustList(pki.pki, new Date(later.getTime() + 2000));
    expect(again.sequence).toBe(after.sequence);
    const reloaded = await loadPki(pki.dir, pki.keyStore);
    expect(reloaded.knownTrustListSequence()).toBe(after.sequence);
  });

  it("refuses the genuine list from before the keyCompromise revocation once a newer one was seen: VER_TL_ROLLBACK", async () => {
    const seal = before.seals.find((s) => s.department.code === DEPARTMENTS[0]?.code);
    expect(seal?.status).toBe("good");
    const r = await verifyTrustList(before, pin, later, { minSequence: after.sequence });
    expect([r.ok, r.reason.code]).toEqual([false, "VER_TL_ROLLBACK"]);
    // Its own words: not the forged-list message.
    expect(r.reason.message.zh).toBe(TRUST_LIST_REASONS.VER_TL_ROLLBACK.zh);
    expect(r.reason.message.en).not.toContain(TRUST_LIST_REASONS.VER_TL_BAD_SIGNATURE.en);
    // Equal is fine (the same contents re-signed later), and a forged old list still says it is forged.
    expect((await verifyTrustList(after, pin, later, { minSequence: after.sequence })).ok).toBe(true);
    const tampered = {
      ...before,
      nextUpdate: new Date(Date.parse(before.nextUpdate) + 7 * DAY).toISOString(),
    };
    expect((await verifyTrustList(tampered, pin, later, { minSequence: after.sequence })).reason.code).toBe(
      "VER_TL_BAD_SIGNATURE",
    );
  });

  it("refuses a list of the retired format 1: VER_TL_FORMAT_UNSUPPORTED", async () => {
    const old = { ...after, format: "elicence-trust-list/1" };
    expect((await verifyTrustList(old, pin, later)).reason.code).toBe("VER_TL_FORMAT_UNSUPPORTED");
  });
});

describe("authority bound to type", () => {
  it("lists each seal with the types its department may issue, and none for the annotation seal", async () => {
    const market = await createTempPki({
      departments: [
        { ...(DEPARTMENTS[0] ?? { code: "", name: "" }), licenceTypes: ["11100000MB0143028R013"] },
        { ...(DEPARTMENTS[1] ?? { code: "", name: "" }), licenceTypes: ["11100000000013303A001"] },
      ],
    });
    try {
      const list = await buildTrustList(market.pki, FIXED_NOW);
      const types = Object.fromEntries(list.seals.map((s) => [s.department.code, s.licenceTypes]));
      expect(types).toEqual({
        [DEPARTMENTS[0]?.code ?? ""]: ["11100000MB0143028R013"],
        [DEPARTMENTS[1]?.code ?? ""]: ["11100000000013303A001"],
        [market.pki.platform()?.code ?? ""]: [],
      });
      expect((await verifyTrustList(list, new Uint8Array(market.pki.root.rawData), later)).ok).toBe(true);
    } finally {
      market.remove();
    }
  });
});
