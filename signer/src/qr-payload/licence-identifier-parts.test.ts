// The QR code's view of a licence identifier agrees with the registry's rules in @elicence/core: every identifier
// core mints splits and rebuilds here, and every wrong check character is refused here as core refuses it.
import {
  buildLicenceIdentifier,
  isValidLicenceIdentifier,
  MOD37_36_ALPHABET,
  randomValidLicenceIdentifier,
  seededRng,
} from "@elicence/core";
import { describe, expect, it } from "vitest";
import {
  identifierWithIssuer,
  identifierWithoutIssuer,
  splitLicenceIdentifier,
} from "./licence-identifier-parts.js";

describe("licence identifier parts (signer) against core", () => {
  it("splits and rebuilds every identifier core mints, and refuses every other check character", () => {
    const rng = seededRng(20261208);
    for (let i = 0; i < 300; i++) {
      const id = randomValidLicenceIdentifier(rng);
      const parts = splitLicenceIdentifier(id);
      expect(parts, id).not.toBeNull();
      expect(buildLicenceIdentifier(parts!)).toBe(id);
      const compact = identifierWithoutIssuer(id);
      expect(compact && identifierWithIssuer(compact, parts!.issuerCode)).toBe(id);
      const check = id.slice(-1);
      for (const other of MOD37_36_ALPHABET) {
        if (other === check) continue;
        const wrong = id.slice(0, -1) + other;
        expect(splitLicenceIdentifier(wrong), wrong).toBeNull();
        expect(isValidLicenceIdentifier(wrong)).toBe(false);
      }
    }
  });
});
