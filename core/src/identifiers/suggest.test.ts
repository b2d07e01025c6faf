// The did-you-mean search and the rule for when a suggestion is shown.
import { describe, expect, it } from "vitest";
import type { IdProblem } from "./result.js";
import { findSingleEditCandidates, withCandidates } from "./suggest.js";

const problem: IdProblem = { code: "REG_ID_CHECK_MISMATCH", message: "m" };

describe("findSingleEditCandidates", () => {
  it("finds substitutions and neighbour swaps that are valid, nothing else", () => {
    const valid = new Set(["ABD", "BAC", "XYZ"]);
    expect(
      findSingleEditCandidates("ABC", { alphabet: "ABCD", isValid: (c) => valid.has(c) }).sort(),
    ).toEqual(["ABD", "BAC"]);
  });

  it("never edits frozen positions", () => {
    const valid = new Set(["A.C", "AXC"]);
    expect(
      findSingleEditCandidates("A.B", {
        alphabet: "ABCX.",
        isValid: (c) => valid.has(c),
        frozen: (i) => i === 1,
      }),
    ).toEqual(["A.C"]);
  });

  it("stops after one more candidate than can be shown", () => {
    let calls = 0;
    const found = findSingleEditCandidates("AAAA", {
      alphabet: "ABCDEFGH",
      isValid: () => {
        calls++;
        return true;
      },
    });
    expect(found).toHaveLength(4);
    expect(calls).toBe(4);
  });
});

describe("withCandidates", () => {
  it("one candidate is a suggestion, two or three are candidates, more are nothing", () => {
    expect(withCandidates(problem, ["A"])).toEqual({ ...problem, suggestion: "A" });
    expect(withCandidates(problem, ["C", "A", "B"])).toEqual({ ...problem, candidates: ["A", "B", "C"] });
    expect(withCandidates(problem, ["A", "B", "C", "D"])).toEqual(problem);
    expect(withCandidates(problem, [])).toEqual(problem);
  });
});
