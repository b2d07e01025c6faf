// The trust list's JSON from the forger's side: the same genuine signature under text that parses to something else
// (a duplicate member, an injected seal or __proto__ member, licence types widened by case, whitespace or a wildcard,
// a seal listed twice), and members whose form a parser might read loosely (sequence as a string, a fraction, a huge
// or negative number; times with offsets, without Z, in year 275760; nextUpdate before issuedAt). What is signed is
// the canonical form of what was parsed, so every change is a bad signature, and every loose form is malformed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempPki, DAY, FIXED_NOW, type TempPki } from "../../test/pki/fixtures.js";
import { buildTrustList } from "./build-trust-list.js";
import type { TrustList } from "./types.js";
import { verifyTrustList } from "./verify-trust-list.js";

let pki: TempPki;
let list: TrustList;
let text: string;
let anchor: Uint8Array;
const at = new Date(FIXED_NOW.getTime() + 1000);

beforeAll(async () => {
  pki = await createTempPki();
  list = await buildTrustList(pki.pki, FIXED_NOW);
  text = JSON.stringify(list);
  anchor = new Uint8Array(pki.pki.root.rawData);
});
afterAll(() => pki?.remove());

const verify = async (json: unknown) => (await verifyTrustList(json, anchor, at)).reason.code;
const edit = (f: (l: Record<string, unknown> & TrustList) => void): TrustList => {
  const copy = structuredClone(list) as Record<string, unknown> & TrustList;
  f(copy);
  return copy;
};

describe("trust-list JSON variants", () => {
  it("the genuine list verifies, also as text with escaped key names (the same value)", async () => {
    expect(await verify(list)).toBe("VER_TL_OK");
    expect(await verify(text)).toBe("VER_TL_OK");
    expect(await verify(text.replace('"sequence"', '"\\u0073equence"'))).toBe("VER_TL_OK");
  });

  it("text that parses to another value under the same signature is a bad signature", async () => {
    const variants = [
      // A duplicate member after the genuine one: JSON.parse keeps the last.
      text.replace(/,"signature":/u, `,"sequence":${list.sequence + 1000},"signature":`),
      text.replace(/,"signature":/u, `,"__proto__":{"sequence":99},"signature":`),
      text.replace(/,"signature":/u, `,"seals":[],"signature":`),
    ];
    for (const v of variants)
      expect(await verify(v), v.slice(0, 60)).toMatch(/^VER_TL_(BAD_SIGNATURE|MALFORMED)$/u);
    // A duplicate before the genuine one is dropped by the parser: what verifies is what is used, the signed value.
    const shadowed = await verifyTrustList(
      text.replace('"sequence":', `"sequence":${list.sequence + 1000},"sequence":`),
      anchor,
      at,
    );
    expect([shadowed.reason.code, shadowed.list?.sequence]).toEqual(["VER_TL_OK", list.sequence]);
  });

  it("licence types widened (case, whitespace, wildcard, another type) or a seal listed twice: bad signature", async () => {
    const first = list.seals.findIndex((s) => s.licenceTypes.length > 0);
    expect(first).toBeGreaterThanOrEqual(0);
    const type = list.seals[first]!.licenceTypes[0]!;
    const changed = [
      edit((l) => l.seals[first]!.licenceTypes.push("*")),
      edit((l) => l.seals[first]!.licenceTypes.push(type.toLowerCase())),
      edit((l) => l.seals[first]!.licenceTypes.push(` ${type}`)),
      edit((l) => l.seals[first]!.licenceTypes.push("11100000000013303A001")),
      edit((l) => l.seals.push({ ...structuredClone(l.seals[first]!), licenceTypes: ["*"] })),
      edit((l) => {
        l.seals[first]!.status = "revoked";
        l.seals[first]!.revokedAt = list.issuedAt;
      }),
    ];
    for (const c of changed) expect(await verify(c)).toBe("VER_TL_BAD_SIGNATURE");
  });

  it("loose numbers and times are malformed before any signature is checked", async () => {
    const malformed = [
      edit((l) => (l.sequence = String(list.sequence) as unknown as number)),
      edit((l) => (l.sequence = list.sequence + 0.5)),
      edit((l) => (l.sequence = -1)),
      edit((l) => (l.sequence = 2 ** 53)),
      edit((l) => (l.sequence = null as unknown as number)),
      edit((l) => (l.issuedAt = "2026-06-01T16:00:00+08:00")),
      edit((l) => (l.issuedAt = "2026-06-01T08:00:00")),
      edit((l) => (l.issuedAt = "Mon, 01 Jun 2026 08:00:00 GMT")),
      edit((l) => (l.nextUpdate = "+275760-09-13T00:00:00.000Z")),
      edit((l) => (l.nextUpdate = new Date(Date.parse(list.issuedAt) - DAY).toISOString())),
      edit((l) => (l.nextUpdate = l.issuedAt)),
      edit((l) => (l.seals[0]!.licenceTypes = "*" as unknown as string[])),
      edit((l) => (l.seals[0]!.licenceTypes = [""])),
    ];
    for (const m of malformed) expect(await verify(m)).toBe("VER_TL_MALFORMED");
    expect(await verify(text.replace(`"sequence":${list.sequence}`, `"sequence":1e400`))).toBe(
      "VER_TL_MALFORMED",
    );
    expect(await verify(text.replace(`"sequence":${list.sequence}`, `"sequence":NaN`))).toBe(
      "VER_TL_MALFORMED",
    );
  });
});
