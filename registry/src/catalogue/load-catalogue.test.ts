// Loading templates/: the shipped folder loads cleanly with valid check characters; broken type.json files fail
// with one CatalogueError that names each file and each bad member (JSON pointer), all at once.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CatalogueError } from "./catalogue-error.js";
import type { CatalogueProblem } from "./catalogue-error.js";
import { loadCatalogue } from "./load-catalogue.js";

const TEMPLATES = fileURLToPath(new URL("../../../templates", import.meta.url));
const FOOD = "11100000MB0143028R013";

// Independent of ../identifiers on purpose: the shipped codes must pass GB 32100 and GB 11714 as specified.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
function isUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = w.reduce((acc, wi, i) => acc + wi * ALPHABET.indexOf(code.charAt(i)), 0);
  const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
  const orgValue = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const orgSum = orgWeights.reduce((acc, wi, i) => acc + wi * orgValue(code.charAt(8 + i)), 0);
  const orgCheck = 11 - (orgSum % 11);
  const orgChar = orgCheck === 10 ? "X" : orgCheck === 11 ? "0" : String(orgCheck);
  return ALPHABET.charAt((31 - (sum % 31)) % 31) === code.charAt(17) && orgChar === code.charAt(16);
}

function shippedFood(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(TEMPLATES, FOOD, "type.json"), "utf8")) as Record<string, unknown>;
}

function problemsOf(fn: () => unknown): { error: CatalogueError; problems: readonly CatalogueProblem[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CatalogueError) return { error: e, problems: e.problems };
    throw e;
  }
  throw new Error("expected a CatalogueError");
}

describe("the shipped templates", () => {
  const shipped = loadCatalogue(TEMPLATES);

  it("load cleanly, each folder named after its code", () => {
    const types = shipped.list();
    expect(types.length).toBeGreaterThanOrEqual(4);
    for (const t of types) expect(t.source).toBe(join(TEMPLATES, t.code, "type.json"));
  });

  it("carry only codes whose check characters are right", () => {
    for (const t of shipped.list()) {
      const codes = [t.code.slice(0, 18), t.authority.code, ...t.issuers.map((i) => i.code)];
      if (t.holderKind === "organisation" && t.exampleHolder !== undefined) codes.push(t.exampleHolder.code);
      for (const c of codes) expect(isUscc(c), `${t.code}: ${c}`).toBe(true);
    }
  });

  it("the private check itself rejects a one-character slip", () => {
    expect(isUscc("11441521MB2C97310M")).toBe(true);
    expect(isUscc("11441521MB2C97310N")).toBe(false);
    expect(isUscc("11441521MB2C97311M")).toBe(false);
  });
});

describe("broken catalogues", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "catalogue-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (folder: string, content: unknown) => {
    mkdirSync(join(dir, folder), { recursive: true });
    const file = join(dir, folder, "type.json");
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
  };

  it("checks the renewal window and the number field (licences/rules/)", () => {
    expect(loadCatalogue((write(FOOD, shippedFood()), dir)).get(FOOD)).toMatchObject({
      renewalWindow: { beforeExpiryDays: 90, afterExpiryDays: 0 },
      numberField: "licenceNumber",
    });
    write(FOOD, { ...shippedFood(), renewalWindow: { beforeExpiryDays: -1 }, numberField: "premisesNo" });
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems.map((p) => [p.pointer, p.message])).toEqual(
      expect.arrayContaining([
        ["/renewalWindow/afterExpiryDays", "is required"],
        ["/renewalWindow/beforeExpiryDays", expect.stringContaining(">= 0")],
        ["/numberField", expect.stringContaining('"premisesNo" is not a text field')],
      ]),
    );
  });

  it("skips plain files and folders without type.json", () => {
    write(FOOD, shippedFood());
    mkdirSync(join(dir, "service-items"));
    writeFileSync(join(dir, "service-items", "items.json"), "[]");
    writeFileSync(join(dir, "README.md"), "# templates");
    expect(
      loadCatalogue(dir)
        .list()
        .map((t) => t.code),
    ).toEqual([FOOD]);
  });

  it("reports every problem of one file at once, naming the file and each member", () => {
    const t = shippedFood();
    const schema = t.schema as { properties: Record<string, Record<string, unknown>> };
    const broken = {
      ...t,
      code: "11100000MB0143028R014",
      authority: { name: "国家市场监督管理总局", code: "11100000MB0143028Q" },
      holderKind: "company",
      validity: { years: 0 },
      issuers: [
        { name: "海丰县市场监督管理局", code: "11441521MB2C97310N" },
        { name: "海丰县市场监督管理局", code: "11441521MB2C97310N" },
      ],
      publicFields: ["premises", "licenceNo"],
      publicField: ["premises"],
      schema: {
        ...(t.schema as object),
        properties: { ...schema.properties, premises: { title: "经营场所", type: "string" } },
      },
      example: { ...(t.example as object), licenceNumber: "JY9" },
    };
    const file = write(FOOD, broken);
    const { error, problems } = problemsOf(() => loadCatalogue(dir));
    expect(error.code).toBe("REG_CATALOGUE_INVALID");
    expect(problems.every((p) => p.file === file)).toBe(true);
    expect(problems.map((p) => p.pointer).sort()).toEqual(
      [
        "", // publicField: unknown member, reported at the root with its name
        "/authority/code",
        "/authority/code",
        "/code",
        "/example/licenceNumber",
        "/holderKind",
        "/issuers/0/code",
        "/issuers/1/code",
        "/issuers/1/code",
        "/publicFields/1",
        "/schema/properties/premises",
        "/validity/years",
      ]
        .map((p) => (p === "" ? "/publicField" : p))
        .sort(),
    );
    expect(error.message).toContain(file);
    for (const pointer of [
      "/code",
      "/holderKind",
      "/validity/years",
      "/publicFields/1",
      "/schema/properties/premises",
      "/example/licenceNumber",
    ]) {
      expect(error.message).toContain(`  ${pointer}: `);
    }
    const byPointer = (ptr: string) => problems.filter((p) => p.pointer === ptr).map((p) => p.message);
    expect(byPointer("/code")).toEqual([
      expect.stringContaining('the folder is named "11100000MB0143028R013"'),
    ]);
    expect(byPointer("/holderKind")).toEqual(["must be one of: person, organisation"]);
    expect(byPointer("/publicFields/1")).toEqual([expect.stringContaining('"licenceNo" is not a field')]);
    expect(byPointer("/schema/properties/premises")).toEqual([expect.stringContaining("needs maxLength")]);
    expect(byPointer("/example/licenceNumber")).toEqual([expect.stringContaining("REG_FIELD_FORMAT")]);
    expect(byPointer("/publicField")).toEqual([expect.stringContaining("not a member of type.json")]);
    expect(byPointer("/issuers/1/code")).toEqual(
      expect.arrayContaining([expect.stringContaining("same department as /issuers/0")]),
    );
  });

  it("lists the problems of several files in one error and loads none", () => {
    const good = write(FOOD, shippedFood());
    const notJson = write("11100000MB0143028R020", "{ not json");
    const noName = write("11100000MB0143028R021", {
      ...shippedFood(),
      code: "11100000MB0143028R021",
      name: undefined,
    });
    const { error, problems } = problemsOf(() => loadCatalogue(dir));
    expect(new Set(problems.map((p) => p.file))).toEqual(new Set([notJson, noName]));
    expect(problems.find((p) => p.file === notJson)).toMatchObject({
      pointer: "",
      message: expect.stringContaining("not valid JSON"),
    });
    expect(problems.find((p) => p.file === noName)).toMatchObject({
      pointer: "/name",
      message: "is required",
    });
    expect(error.message).toContain(notJson);
    expect(error.message).toContain(noName);
    expect(error.message).not.toContain(good);
  });

  it("rejects a copied folder: wrong folder name and duplicate code", () => {
    const original = write(FOOD, shippedFood());
    const copy = write("food-copy", shippedFood());
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems).toEqual([
      { file: copy, pointer: "/code", message: expect.stringContaining('the folder is named "food-copy"') },
      { file: copy, pointer: "/code", message: `duplicates the code of ${original}` },
    ]);
  });

  it("names a misspelt schema keyword, a non-ASCII field name and a required field that does not exist", () => {
    const t = shippedFood();
    const schema = t.schema as { properties: Record<string, unknown>; required: string[] };
    write(FOOD, {
      ...t,
      schema: {
        ...schema,
        properties: {
          ...schema.properties,
          supervisors: { title: "日常监督管理人员", type: "string", maxLength: 50, minLenght: 1 },
          备注: { title: "备注", type: "string", maxLength: 100 },
        },
        required: [...schema.required, "remarks"],
      },
    });
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems.map((p) => [p.pointer, p.message])).toEqual([
      ["/schema/properties/备注", expect.stringContaining("ASCII camelCase")],
      [
        "/schema/properties/supervisors/minLenght",
        expect.stringContaining("not a keyword a field may use (misspelt?)"),
      ],
      [`/schema/required/${schema.required.length}`, '"remarks" is not a field of schema.properties'],
    ]);
  });

  it("reports what only the strict compiler sees: a keyword that does not apply to the field's type", () => {
    const t = shippedFood();
    const schema = t.schema as { properties: Record<string, unknown> };
    write(FOOD, {
      ...t,
      schema: {
        ...schema,
        properties: { ...schema.properties, seats: { title: "座位数", type: "integer", maxLength: 5 } },
      },
    });
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: "/schema",
        message: expect.stringMatching(/^does not compile: .*maxLength/),
      }),
    ]);
  });

  it("rejects a schema that is not valid JSON Schema", () => {
    const t = shippedFood();
    const schema = t.schema as { properties: Record<string, unknown> };
    write(FOOD, {
      ...t,
      schema: {
        ...schema,
        properties: { ...schema.properties, premises: { title: "经营场所", type: "string", maxLength: -1 } },
      },
    });
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: "/schema/properties/premises/maxLength",
        message: expect.stringContaining("not valid JSON Schema"),
      }),
    ]);
  });

  it("checks the example holder's code for the holder kind", () => {
    write(FOOD, { ...shippedFood(), exampleHolder: { name: "某公司", code: "91441521MA55C7TBXQ" } });
    const teacherFolder = "11100000000013303A001";
    const teacher = JSON.parse(readFileSync(join(TEMPLATES, teacherFolder, "type.json"), "utf8")) as Record<
      string,
      unknown
    >;
    write(teacherFolder, { ...teacher, exampleHolder: { name: "林晓燕", code: "441521199306180027" } });
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems.map((p) => [p.file.includes(teacherFolder) ? "teacher" : "food", p.pointer])).toEqual([
      ["teacher", "/exampleHolder/code"],
      ["food", "/exampleHolder/code"],
    ]);
  });

  it("accepts import.columns mapping to holder, provenance and schema fields", () => {
    write(FOOD, {
      ...shippedFood(),
      import: {
        columns: {
          经营者名称: "holder.name",
          社会信用代码: "holder.code",
          纸质证号: "provenance.paperNumber",
          经营场所: "premises",
          发证日期: "issuedOn",
        },
      },
    });
    expect(loadCatalogue(dir).get(FOOD)?.import?.columns["纸质证号"]).toBe("provenance.paperNumber");
  });

  it("rejects import.columns with unknown or repeated targets, escaping the header in the pointer", () => {
    write(FOOD, {
      ...shippedFood(),
      import: { columns: { "地址/住所": "address", 住所: "domicile", 住所2: "domicile", 空: "" } },
    });
    const { problems } = problemsOf(() => loadCatalogue(dir));
    expect(problems.map((p) => p.pointer)).toEqual([
      "/import/columns/空",
      "/import/columns/地址~1住所",
      "/import/columns/住所2",
    ]);
    expect(problems[1]?.message).toContain('"address" is not a known target');
    expect(problems[2]?.message).toContain('like column "住所"');
  });
});
