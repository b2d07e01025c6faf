// templates/service-items/: the shipped items load against the shipped catalogue (which itself still skips the
// folder); broken files fail with one error naming each file and member, all at once.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalogue } from "../catalogue/index.js";
import { loadServiceItems } from "./load-service-items.js";
import { ServiceItemsError } from "./service-items-error.js";

const TEMPLATES = fileURLToPath(new URL("../../../templates", import.meta.url));
const BUSINESS = "11100000MB0143028R001";
const FOOD = "11100000MB0143028R013";
const TEACHER = "11100000000013303A001";
const catalogue = loadCatalogue(TEMPLATES);

describe("the shipped service items", () => {
  const items = loadServiceItems(TEMPLATES, catalogue);

  it("load, each named after its file, with the licence types they require", () => {
    expect(items.list().map((i) => i.code)).toEqual([
      "business-startup",
      "food-business-new",
      "food-business-renewal",
      "road-transport-new",
      "teacher-qualification",
    ]);
    for (const i of items.list()) expect(i.source).toBe(join(TEMPLATES, "service-items", `${i.code}.json`));
    const renewal = items.get("food-business-renewal");
    expect(renewal?.name.zh).toBe("食品经营许可（延续）");
    expect(renewal?.department).toEqual({ name: "海丰县市场监督管理局", code: "11441521MB2C97310M" });
    expect(renewal?.holderKind).toBe("organisation");
    expect(renewal?.required.map((m) => m.typeCode)).toEqual([BUSINESS, FOOD]);
    expect(items.get("teacher-qualification")?.holderKind).toBe("person");
    expect(items.get("road-transport-new")?.department.code).toBe("114415210071938455");
  });

  it("live in a folder the licence-type catalogue skips", () => {
    expect(catalogue.list().map((t) => t.code)).not.toContain("service-items");
    expect(catalogue.list()).toHaveLength(4);
  });
});

describe("broken service items", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "service-items-"));
    mkdirSync(join(dir, "service-items"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const file = join(dir, "service-items", name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
  };
  const good = {
    code: "food-business-new",
    name: { zh: "食品经营许可（新办）", en: "Food business licence, new" },
    department: { name: "海丰县市场监督管理局", code: "11441521MB2C97310M" },
    required: [{ typeCode: BUSINESS, note: { zh: "营业执照", en: "Business licence" } }],
  };
  const problems = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ServiceItemsError) return e;
      throw e;
    }
    throw new Error("expected a ServiceItemsError");
  };

  it("is no folder at all: no service items", () => {
    rmSync(join(dir, "service-items"), { recursive: true });
    expect(loadServiceItems(dir, catalogue).list()).toEqual([]);
  });

  it("names every problem of every file by file and member, at once", () => {
    const a = write("food-business-new.json", {
      ...good,
      code: "Food_New",
      nmae: "typo",
      department: { name: "海丰县市场监督管理局", code: "11441521MB2C97310N" },
      required: [
        { typeCode: BUSINESS, note: { zh: "营业执照" } },
        { typeCode: "11100000MB0143028R099", note: { zh: "x", en: "x" } },
        { typeCode: BUSINESS, note: { zh: "again", en: "again" } },
        { typeCode: TEACHER, note: { zh: "教师资格证书", en: "Teacher certificate" } },
      ],
    });
    const b = write("broken.json", "{ not json");
    const c = write("empty-list.json", { ...good, code: "empty-list", required: [] });
    write("README.md", "not a service item: ignored");
    const e = problems(() => loadServiceItems(dir, catalogue));
    expect(e.code).toBe("REG_SERVICE_ITEMS_INVALID");
    expect(e.problems.map((p) => [p.file, p.pointer])).toEqual([
      [b, ""],
      [c, "/required"],
      [a, "/nmae"],
      [a, "/code"],
      [a, "/code"],
      [a, "/department/code"],
      [a, "/required/0/note/en"],
      [a, "/required/1/typeCode"],
      [a, "/required/2/typeCode"],
      [a, "/required"],
    ]);
    expect(e.message).toContain(a);
    expect(e.message).toMatch(/\/department\/code: .*check/);
    expect(e.problems.find((p) => p.file === a && p.pointer === "/required")?.message).toMatch(
      /persons and of organisations/,
    );
  });

  it("rejects the reserved code none and accepts a copy of a shipped file", () => {
    cpSync(
      join(TEMPLATES, "service-items", "food-business-new.json"),
      join(dir, "service-items", "food-business-new.json"),
    );
    expect(loadServiceItems(dir, catalogue).get("food-business-new")?.required).toHaveLength(1);
    write("none.json", { ...good, code: "none" });
    expect(problems(() => loadServiceItems(dir, catalogue)).problems.map((p) => p.pointer)).toEqual([
      "/code",
    ]);
  });
});
