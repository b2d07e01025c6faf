import { describe, expect, it } from "vitest";
import type { LicenceRecord } from "../../domain/licence.js";
import { currentHolderName, holderNameProblem } from "./holder-name.js";

const CODE = "91441521MA55C7TBXR";
const live = (identifier: string, name: string, createdAt: string) =>
  ({ identifier, createdAt, holder: { name, code: CODE, codeType: "001" } }) as LicenceRecord;
const holder = (name: string) => ({ name, code: CODE, codeType: "001" as const });

describe("holderNameProblem", () => {
  const a = live("A", "旧名", "2026-01-01T00:00:00.000Z");
  const b = live("B", "旧名", "2026-02-01T00:00:00.000Z");

  it("accepts the name the holder's live licences carry, and any name for a first licence", () => {
    expect(holderNameProblem(holder("旧名"), [a, b])).toBeNull();
    expect(holderNameProblem(holder("新名"), [])).toBeNull();
  });

  it("refuses another name for a new licence, suggesting the current one", () => {
    const p = holderNameProblem(holder("新名"), [a, b]);
    expect(p).toMatchObject({ field: "holder.name", code: "REG_HOLDER_NAME_CONFLICT", suggestion: "旧名" });
    expect(p?.message).toContain("A, B");
  });

  it("lets an amendment start a name change, follow one, and refuses a third name meanwhile", () => {
    // Starting: every other live licence carries the amended licence's old name.
    expect(holderNameProblem(holder("新名"), [a, b], "旧名")).toBeNull();
    // Following: the newest live version carries the new name.
    const renamed = live("C", "新名", "2026-03-01T00:00:00.000Z");
    expect(currentHolderName([a, renamed])).toBe("新名");
    expect(holderNameProblem(holder("新名"), [a, renamed], "旧名")).toBeNull();
    expect(holderNameProblem(holder("第三名"), [a, renamed], "旧名")?.suggestion).toBe("新名");
    // A new licence under the old name is refused once the change has started.
    expect(holderNameProblem(holder("旧名"), [a, renamed])?.suggestion).toBe("新名");
  });

  it("leaves citizen ID numbers alone", () => {
    expect(holderNameProblem({ name: "张三", code: "441521199306180028", codeType: "111" }, [a])).toBeNull();
  });
});
