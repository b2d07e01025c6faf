// The seeded fixture generators produce valid, reproducible codes honouring their options.
import { describe, expect, it } from "vitest";
import { parseIdNumber } from "./citizen-id.js";
import { parseCreditCode } from "./credit-code.js";
import { parseLicenceIdentifier } from "./licence-identifier.js";
import {
  randomLegacyIdNumber,
  randomValidCreditCode,
  randomValidIdNumber,
  randomValidLicenceIdentifier,
  seededRng,
} from "./random-codes.js";

const now = new Date("2025-06-01T00:00:00Z");

describe("random valid codes", () => {
  it("are valid for many seeds", () => {
    const rng = seededRng(42);
    for (let i = 0; i < 200; i++) {
      expect(parseIdNumber(randomValidIdNumber(rng), { now }).ok).toBe(true);
      expect(parseIdNumber(randomLegacyIdNumber(rng), { now }).ok).toBe(true);
      expect(parseCreditCode(randomValidCreditCode(rng)).ok).toBe(true);
      expect(parseLicenceIdentifier(randomValidLicenceIdentifier(rng)).ok).toBe(true);
    }
  });

  it("are reproducible from a seed", () => {
    expect(randomValidIdNumber(seededRng(7))).toBe(randomValidIdNumber(seededRng(7)));
    expect(randomValidIdNumber(seededRng(7))).not.toBe(randomValidIdNumber(seededRng(8)));
  });

  it("honour their options", () => {
    const rng = seededRng(1);
    for (let i = 0; i < 20; i++) {
      const id = parseIdNumber(
        randomValidIdNumber(rng, { birthDate: "1988-02-29", sex: "female", province: "44" }),
        {
          now,
        },
      );
      expect(id).toMatchObject({
        ok: true,
        value: { birthDate: "1988-02-29", sex: "female", province: "44" },
      });
      const uscc = parseCreditCode(
        randomValidCreditCode(rng, { registrationAuthority: "1", orgType: "1", division: "110000" }),
      );
      expect(uscc).toMatchObject({
        ok: true,
        value: { registrationAuthority: "1", orgType: "1", division: "110000" },
      });
    }
    const issuerCode = randomValidCreditCode(rng);
    expect(
      parseLicenceIdentifier(randomValidLicenceIdentifier(rng, { issuerCode, version: 3 })),
    ).toMatchObject({
      ok: true,
      value: { issuerCode, version: 3 },
    });
  });
});
