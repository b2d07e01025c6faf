// The report's 中文说明 column is never empty: every code a register row or file can get has a Chinese explanation.
// The codes are gathered from their catalogues and from the sources that give rows problems, so a code added there
// without Chinese text fails here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FIELD_PROBLEM_CODES } from "../catalogue/index.js";
import { ID_ERROR_CODES } from "@elicence/core";
import { IMPORT_CODES } from "./import-codes.js";
import { chineseText, problemCells, PROBLEM_HEADER } from "./report-layout.js";

const source = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8");

/** `code: "REG_…"` literals of a source file, or of the named methods of it. */
function codesIn(text: string): string[] {
  return [...text.matchAll(/code: "(REG_[A-Z0-9_]+)"/gu)].map((m) => m[1]!);
}

function functionText(text: string, name: string): string {
  const start = text.search(new RegExp(`\\n(export )?function ${name}\\(`, "u"));
  expect(start, name).toBeGreaterThan(0);
  const end = text.indexOf("\n}\n", start);
  return text.slice(start, end);
}

const issue = source("../licences/issue-licences.ts");
const ROW_CODES = [
  ...Object.keys(IMPORT_CODES),
  ...Object.keys(ID_ERROR_CODES),
  ...Object.keys(FIELD_PROBLEM_CODES),
  ...codesIn(functionText(issue, "checkIssue")),
  ...codesIn(functionText(issue, "checkHolder")),
  // The rules checkIssue applies to every row.
  ...codesIn(functionText(source("../licences/rules/holder-name.ts"), "holderNameForm")),
  ...codesIn(source("../licences/rules/validity.ts")),
  ...codesIn(source("./run-import.ts")),
  ...codesIn(source("./row-reader.ts")),
];

describe("中文说明", () => {
  it("finds the codes a row can get in the sources", () => {
    expect(ROW_CODES).toEqual(
      expect.arrayContaining(["REG_HOLDER_NAME_REQUIRED", "REG_VALIDITY_REVERSED", "REG_DATE_INVALID"]),
    );
  });

  it.each([...new Set(ROW_CODES)])("%s has its own Chinese explanation", (code) => {
    const zh = chineseText(code);
    expect(zh).toMatch(/[\u4e00-\u9fff]/u);
    expect(zh).not.toContain(code);
  });

  it("a code no catalogue knows still gets a Chinese line pointing at the English message", () => {
    const zh = chineseText("REG_SOMETHING_NEW");
    expect(zh).toContain("REG_SOMETHING_NEW");
    expect(zh).toMatch(/[\u4e00-\u9fff]/u);
    const cells = problemCells({
      row: 3,
      column: "主体业态",
      columnLetter: "G",
      code: "REG_SOMETHING_NEW",
      message: "x",
    });
    expect(cells[PROBLEM_HEADER.indexOf("中文说明 Message (zh)")]).toBe(zh);
  });
});
