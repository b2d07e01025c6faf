// Every catalogued error code has both texts and is produced by at least one input (and none is produced uncatalogued).
import { describe, expect, it } from "vitest";
import { computeIdNumberCheck } from "./citizen-id.js";
import { ID_ERROR_CODE_LIST, ID_ERROR_CODES, type IdErrorCode } from "./codes.js";
import { computeCreditCodeCheck } from "./credit-code.js";
import { parseHolderCode } from "./holder-code.js";
import { parseIdNumber } from "./citizen-id.js";
import { parseCreditCode } from "./credit-code.js";
import { parseLicenceIdentifier } from "./licence-identifier.js";
import type { IdResult } from "./result.js";

const now = new Date("2025-06-01T00:00:00Z");
const id = (first17: string): string => first17 + computeIdNumberCheck(first17);
const LID = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F";
const badOrg = "91350100M000100Y5";

const PRODUCERS: Record<IdErrorCode, () => IdResult<unknown>> = {
  REG_ID_EMPTY: () => parseIdNumber("  ", { now }),
  REG_ID_NOT_TEXT: () => parseIdNumber({ id: "11010519491231002X" }, { now }),
  REG_ID_FLOAT_PRECISION_LOST: () => parseIdNumber("1.10105199003071E+17", { now }),
  REG_ID_INNER_SPACE: () => parseIdNumber("110105 19491231002X", { now }),
  REG_ID_WRONG_LENGTH: () => parseIdNumber("11010519491231002", { now }),
  REG_ID_WRONG_CHARACTERS: () => parseIdNumber("1101051949123100?X", { now }),
  REG_ID_CHECK_MISMATCH: () => parseIdNumber("110105194912310021", { now }),
  REG_ID_IMPOSSIBLE_DATE: () => parseIdNumber(id("11010519490230002"), { now }),
  REG_ID_FUTURE_DATE: () => parseIdNumber(id("11010520300101002"), { now }),
  REG_ID_UNKNOWN_PROVINCE: () => parseIdNumber(id("99010519491231002"), { now }),
  REG_USCC_WRONG_LENGTH: () => parseCreditCode("91350100M000100Y4"),
  REG_USCC_FORBIDDEN_LETTER: () => parseCreditCode("9135010OM000100Y43"),
  REG_USCC_WRONG_CHARACTERS: () => parseCreditCode("91350100M000100Y4#"),
  REG_USCC_CHECK_MISMATCH: () => parseCreditCode("91350100M000100Y44"),
  REG_USCC_ORG_CHECK: () => parseCreditCode(badOrg + computeCreditCodeCheck(badOrg)),
  REG_LID_WRONG_ROOT: () => parseLicenceIdentifier(LID.replace("3005", "3003")),
  REG_LID_MALFORMED: () => parseLicenceIdentifier("1.2.156.3005.2.X"),
  REG_LID_CHECK_MISMATCH: () => parseLicenceIdentifier(`${LID.slice(0, -1)}0`),
  REG_LID_TYPE_CODE_INVALID: () => parseLicenceIdentifier(LID.replace("13338W032", "13338X032")),
  REG_LID_ISSUER_INVALID: () => parseLicenceIdentifier(LID.replace("4541J", "4541K")),
  REG_HOLDER_CODE_UNRECOGNISED: () => parseHolderCode("N/A", { now }),
  REG_HOLDER_CODE_TYPE_MISMATCH: () => parseHolderCode("11010519491231002X", { now, expect: "001" }),
};

describe("error catalogue", () => {
  it("has English and Chinese fix-it texts for every code, all with the REG_ prefix", () => {
    for (const code of ID_ERROR_CODE_LIST) {
      expect(code).toMatch(/^REG_(ID|USCC|LID|HOLDER_CODE)_[A-Z_]+$/);
      expect(ID_ERROR_CODES[code].en.length).toBeGreaterThan(40);
      expect(ID_ERROR_CODES[code].zh.length).toBeGreaterThan(10);
    }
  });

  it.each(ID_ERROR_CODE_LIST)("%s is produced by its example input, with a specific message", (code) => {
    const result = PRODUCERS[code]();
    expect(result.ok).toBe(false);
    const problem = !result.ok ? result.errors.find((e) => e.code === code) : undefined;
    expect(problem).toBeDefined();
    expect(problem?.message.length).toBeGreaterThan(30);
    for (const e of result.ok ? [] : result.errors) expect(ID_ERROR_CODE_LIST).toContain(e.code);
  });
});
