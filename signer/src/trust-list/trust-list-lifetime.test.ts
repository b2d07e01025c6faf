// A list's freshness from the forger's side. The trust-list signer is judged at the list's own issuedAt, so whoever
// holds the key of a signer whose certificate has ended can still sign a list dated inside its validity. With a far
// nextUpdate that list never went stale: it could keep a revoked seal "good" or widen a seal's licence types, and QR
// codes verified VALID on it for ever. A list may now claim at most 31 days of freshness; a backdated one is stale
// (a stale list never makes a licence VALID) or malformed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempPki, DAY, FIXED_NOW, type TempPki } from "../../test/pki/fixtures.js";
import { buildTrustList } from "./build-trust-list.js";
import { verifyTrustList } from "./verify-trust-list.js";

let pki: TempPki;
let anchor: Uint8Array;
let signerEnds: number;

beforeAll(async () => {
  pki = await createTempPki();
  anchor = new Uint8Array(pki.pki.root.rawData);
  signerEnds = pki.pki.trustListSigner.notAfter.getTime();
});
afterAll(() => pki?.remove());

describe("how long a trust list may say it is fresh", () => {
  it("a list backdated into an expired signer's validity with a far nextUpdate is refused", async () => {
    const afterExpiry = new Date(signerEnds + 30 * DAY);
    const forged = await buildTrustList(pki.pki, new Date(signerEnds - DAY), { validityHours: 24 * 3650 });
    const r = await verifyTrustList(forged, anchor, afterExpiry);
    expect([r.ok, r.reason.code]).toEqual([false, "VER_TL_MALFORMED"]);
    // Backdated with an ordinary lifetime, it is genuine but stale: never a VALID licence.
    const ordinary = await buildTrustList(pki.pki, new Date(signerEnds - DAY), { validityHours: 24 });
    const s = await verifyTrustList(ordinary, anchor, afterExpiry);
    expect([s.ok, s.stale, s.reason.code]).toEqual([true, true, "VER_TL_STALE"]);
  });

  it("31 days is the longest freshness a genuine list may claim", async () => {
    const at = new Date(FIXED_NOW.getTime() + DAY);
    const longest = await buildTrustList(pki.pki, at, { validityHours: 24 * 31 });
    expect((await verifyTrustList(longest, anchor, at)).reason.code).toBe("VER_TL_OK");
    const longer = await buildTrustList(pki.pki, at, { validityHours: 24 * 31 + 1 });
    expect((await verifyTrustList(longer, anchor, at)).reason.code).toBe("VER_TL_MALFORMED");
  });
});
