// Licence identifiers: reference vector, build/parse round trip, every rejection, did-you-mean.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { licenceIdentifierArb, licenceIdentifierPartsArb } from "./arbitraries.js";
import { IdentifierError } from "./identifier-error.js";
import {
  buildLicenceIdentifier,
  computeLicenceIdentifierCheck,
  isValidLicenceIdentifier,
  parseLicenceIdentifier,
} from "./licence-identifier.js";
import { MOD37_36_ALPHABET } from "./mod37-36.js";
import type { IdResult } from "./result.js";

const codes = (r: IdResult<unknown>): string[] => (r.ok ? [] : r.errors.map((e) => e.code));
const REFERENCE = {
  typeCode: "11100000000013338W032",
  issuerCode: "11220000013544541J",
  serial: "2430599",
  version: 1,
};
const REFERENCE_ID = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F";
const replaceAt = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1);

describe("licence identifier", () => {
  it("builds and checks the GB/T 36904 reference vector (check F)", () => {
    expect(computeLicenceIdentifierCheck(REFERENCE)).toBe("F");
    expect(buildLicenceIdentifier(REFERENCE)).toBe(REFERENCE_ID);
    expect(parseLicenceIdentifier(REFERENCE_ID)).toEqual({
      ok: true,
      value: {
        identifier: REFERENCE_ID,
        typeCode: "11100000000013338W032",
        typeAuthorityCode: "11100000000013338W",
        typeSequence: "032",
        issuerCode: "11220000013544541J",
        serial: "2430599",
        version: 1,
        check: "F",
      },
    });
  });

  it("normalises full-width dots, lower case and surrounding spaces", () => {
    const raw = ` ${REFERENCE_ID.toLowerCase().replaceAll(".", "．")}\u3000`;
    expect(parseLicenceIdentifier(raw)).toMatchObject({
      ok: true,
      value: { identifier: REFERENCE_ID },
      normalisedFrom: raw,
    });
  });

  it("rejects the mistyped root 1.2.156.3003.2, names the right one and suggests the fix", () => {
    const r = parseLicenceIdentifier(REFERENCE_ID.replace("3005", "3003"));
    expect(r).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          code: "REG_LID_WRONG_ROOT",
          message: expect.stringContaining("1.2.156.3005.2"),
          suggestion: REFERENCE_ID,
        }),
      ],
    });
  });

  it("rejects a missing or other root", () => {
    expect(parseLicenceIdentifier(REFERENCE_ID.slice("1.2.156.3005.2.".length))).toMatchObject({
      ok: false,
      errors: [{ code: "REG_LID_WRONG_ROOT", suggestion: REFERENCE_ID }],
    });
    expect(codes(parseLicenceIdentifier(REFERENCE_ID.replace("3005.2", "3005.1")))).toEqual([
      "REG_LID_WRONG_ROOT",
    ]);
  });

  it.each([
    ["too few parts", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.F"],
    ["short type code", REFERENCE_ID.replace("W032", "W32")],
    ["type code without 3 digits", REFERENCE_ID.replace("W032", "W03A")],
    ["serial with a dash", REFERENCE_ID.replace("2430599", "2430-599")],
    ["serial too long", REFERENCE_ID.replace("2430599", "1".repeat(41))],
    ["version 000", REFERENCE_ID.replace(".001.", ".000.")],
    ["version of 2 digits", REFERENCE_ID.replace(".001.", ".01.")],
    ["empty check", REFERENCE_ID.slice(0, -1)],
  ])("rejects a malformed identifier (%s)", (_label, raw) => {
    expect(codes(parseLicenceIdentifier(raw))).toContain("REG_LID_MALFORMED");
  });

  it("rejects a wrong check character", () => {
    expect(codes(parseLicenceIdentifier(`${REFERENCE_ID.slice(0, -1)}G`))).toEqual([
      "REG_LID_CHECK_MISMATCH",
    ]);
  });

  it("validates the embedded USCCs and carries their problems in details", () => {
    const badIssuer = "1.2.156.3005.2.11100000000013338W032.11220000013544542J.2430599.001.F";
    const r = parseLicenceIdentifier(badIssuer);
    expect(codes(r)).toEqual(["REG_LID_ISSUER_INVALID", "REG_LID_CHECK_MISMATCH"]);
    expect(!r.ok && r.errors[0]?.details?.map((d) => d.code)).toEqual([
      "REG_USCC_CHECK_MISMATCH",
      "REG_USCC_ORG_CHECK",
    ]);
    expect(!r.ok && r.errors[1]?.suggestion).toBe(REFERENCE_ID);

    const badType = buildLicenceIdentifier(REFERENCE).replace("11100000000013338W", "1110000000001333OW");
    const t = parseLicenceIdentifier(badType);
    expect(codes(t)).toContain("REG_LID_TYPE_CODE_INVALID");
    expect(
      !t.ok && t.errors.find((e) => e.code === "REG_LID_TYPE_CODE_INVALID")?.details?.map((d) => d.code),
    ).toEqual(["REG_USCC_FORBIDDEN_LETTER"]);
  });

  it("buildLicenceIdentifier refuses invalid parts with IdentifierError", () => {
    expect(() => buildLicenceIdentifier({ ...REFERENCE, version: 1000 })).toThrow(IdentifierError);
    expect(() => buildLicenceIdentifier({ ...REFERENCE, version: 1.5 })).toThrow(IdentifierError);
    expect(() => buildLicenceIdentifier({ ...REFERENCE, serial: "ab" })).toThrow(IdentifierError);
    try {
      buildLicenceIdentifier({ ...REFERENCE, issuerCode: "11220000013544542J" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IdentifierError);
      expect((e as IdentifierError).code).toBe("REG_LID_ISSUER_INVALID");
    }
  });

  it("stays fast: a did-you-mean search over a longest-serial identifier costs under 5 ms of CPU", () => {
    const id = buildLicenceIdentifier({ ...REFERENCE, serial: "Z".repeat(40) });
    const typo = replaceAt(id, id.length - 10, "Y");
    parseLicenceIdentifier(typo); // warm-up
    // CPU time, not wall time: the machine is shared and wall time measures the neighbours.
    const before = process.cpuUsage();
    for (let i = 0; i < 20; i++) parseLicenceIdentifier(typo);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000 / 20).toBeLessThan(5);
  });
});

describe("licence identifier properties", () => {
  it("build → parse round trip", () => {
    fc.assert(
      fc.property(licenceIdentifierPartsArb(), (parts) => {
        const id = buildLicenceIdentifier(parts);
        expect(isValidLicenceIdentifier(id)).toBe(true);
        expect(parseLicenceIdentifier(id)).toMatchObject({ ok: true, value: { ...parts, identifier: id } });
      }),
    );
  });

  it("detects every single substitution after the root; a suggestion, when given, is the original", () => {
    fc.assert(
      fc.property(licenceIdentifierArb(), fc.nat(), fc.constantFrom(...MOD37_36_ALPHABET), (id, n, c) => {
        const bodyStart = "1.2.156.3005.2.".length;
        const i = bodyStart + (n % (id.length - bodyStart));
        fc.pre(id.charAt(i) !== "." && id.charAt(i) !== c);
        const r = parseLicenceIdentifier(replaceAt(id, i, c));
        expect(codes(r)).toContain("REG_LID_CHECK_MISMATCH");
        if (!r.ok) {
          for (const e of r.errors) {
            if (e.suggestion !== undefined) expect(e.suggestion).toBe(id);
            if (e.candidates !== undefined) expect(e.candidates).toContain(id);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("detects every neighbour swap inside the issuer code (its own MOD 31 check backs up MOD 37,36)", () => {
    fc.assert(
      fc.property(licenceIdentifierArb(), fc.nat(16), (id, k) => {
        const parts = id.split(".");
        const issuer = parts[6] as string;
        fc.pre(issuer.charAt(k) !== issuer.charAt(k + 1));
        parts[6] = issuer.slice(0, k) + issuer.charAt(k + 1) + issuer.charAt(k) + issuer.slice(k + 2);
        expect(parseLicenceIdentifier(parts.join(".")).ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
