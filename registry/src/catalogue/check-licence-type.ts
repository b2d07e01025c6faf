// Checks one parsed type.json beyond its structure: check characters, folder name, cross-references, the field
// schema (compiles, every field bounded) and the example. Returns every problem found, never throws.
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { parseCreditCode } from "@elicence/core";
import type { CatalogueProblem } from "./catalogue-error.js";
import { fieldPathToPointer, toFieldProblems } from "./field-problems.js";
import type { FieldSchema, HolderKind, LicenceType } from "./licence-type.js";

/** Non-field targets a bulk-conversion column may fill; any schema property name is allowed too. */
export const IMPORT_TARGETS = [
  "holder.name",
  "holder.code",
  "provenance.paperNumber",
  "issuedOn",
  "validFrom",
  "validUntil",
] as const;

const DEFAULT_HOLDER_TITLES: Readonly<Record<HolderKind, { name: string; code: string }>> = {
  person: { name: "姓名", code: "公民身份号码" },
  organisation: { name: "名称", code: "统一社会信用代码" },
};

export interface CheckedLicenceType {
  type: LicenceType;
  validate: ValidateFunction;
}

/**
 * `raw` is the parsed JSON, `metaValid` the verdict of the structural schema (its errors are reported by the caller).
 * Semantic checks run on whatever parts are well-formed, so one pass reports as much as possible.
 */
export function checkLicenceType(
  raw: unknown,
  metaErrors: readonly ErrorObject[],
  file: string,
  folderName: string,
  ajv: Ajv2020,
): { checked?: CheckedLicenceType; problems: CatalogueProblem[] } {
  // A failing propertyNames check yields the inner error too (it carries propertyName); report the name once.
  const problems: CatalogueProblem[] = metaErrors
    .filter((e) => e.propertyName === undefined)
    .map((e) => ({ file, ...describeMetaError(e) }));
  const add = (pointer: string, message: string) => problems.push({ file, pointer, message });
  if (!isRecord(raw)) return { problems };

  const code = typeof raw.code === "string" ? raw.code : undefined;
  if (code !== undefined) {
    if (code !== folderName)
      add(
        "/code",
        `is "${code}" but the folder is named "${folderName}"; the folder name must be the type code`,
      );
    const uscc = parseCreditCode(code.slice(0, 18));
    if (code.length === 21 && !uscc.ok)
      add("/code", `its first 18 characters are not a valid USCC: ${messages(uscc.errors)}`);
  }

  const authority = isRecord(raw.authority) ? raw.authority : undefined;
  if (typeof authority?.code === "string") {
    checkUscc(authority.code, "/authority/code", add);
    if (code !== undefined && authority.code !== code.slice(0, 18)) {
      add(
        "/authority/code",
        `must equal the first 18 characters of code (${code.slice(0, 18)}): a type code is the defining authority's USCC + 3 digits`,
      );
    }
  }

  if (Array.isArray(raw.issuers)) {
    const seen = new Map<string, number>();
    raw.issuers.forEach((issuer, i) => {
      if (!isRecord(issuer) || typeof issuer.code !== "string") return;
      checkUscc(issuer.code, `/issuers/${i}/code`, add);
      const first = seen.get(issuer.code);
      if (first !== undefined)
        add(`/issuers/${i}/code`, `lists the same department as /issuers/${first}; remove one`);
      else seen.set(issuer.code, i);
    });
  }

  const schema = isRecord(raw.schema) ? raw.schema : undefined;
  const properties = schema !== undefined && isRecord(schema.properties) ? schema.properties : undefined;
  const fieldNames = new Set(properties === undefined ? [] : Object.keys(properties));
  const { validate, clean } =
    schema !== undefined ? checkFieldSchema(schema, properties, ajv, add) : { clean: false };

  if (Array.isArray(raw.publicFields) && properties !== undefined) {
    raw.publicFields.forEach((f, i) => {
      if (typeof f === "string" && !fieldNames.has(f))
        add(`/publicFields/${i}`, `"${f}" is not a field of schema.properties; list only defined fields`);
    });
  }

  if (typeof raw.numberField === "string" && properties !== undefined) {
    const prop = properties[raw.numberField];
    if (!isRecord(prop) || prop.type !== "string")
      add(
        "/numberField",
        `"${raw.numberField}" is not a text field of schema.properties; name the field printing the number`,
      );
  }

  if (validate !== undefined && isRecord(raw.example)) {
    if (!validate(raw.example)) {
      for (const p of toFieldProblems(validate.errors ?? [], schema as unknown as FieldSchema)) {
        add(`/example${fieldPathToPointer(p.field)}`, `${p.message} [${p.code}]`);
      }
    }
  }

  const holderKind =
    raw.holderKind === "person" || raw.holderKind === "organisation" ? raw.holderKind : undefined;
  if (isRecord(raw.exampleHolder) && typeof raw.exampleHolder.code === "string" && holderKind !== undefined) {
    const holderCode = raw.exampleHolder.code;
    if (holderKind === "organisation") checkUscc(holderCode, "/exampleHolder/code", add);
    else if (!isCitizenIdShape(holderCode)) {
      add(
        "/exampleHolder/code",
        "must be an 18-character citizen ID number whose last character is its MOD 11-2 check (GB 11643)",
      );
    }
  }

  if (isRecord(raw.import) && isRecord(raw.import.columns)) {
    const targets = new Map<string, string>();
    for (const [header, target] of Object.entries(raw.import.columns)) {
      if (typeof target !== "string" || target === "") continue; // the structural check reports it
      const pointer = `/import/columns/${escapePointer(header)}`;
      if (!(IMPORT_TARGETS as readonly string[]).includes(target) && !fieldNames.has(target)) {
        add(
          pointer,
          `"${target}" is not a known target; use ${IMPORT_TARGETS.join(", ")} or a field of schema.properties`,
        );
      }
      const other = targets.get(target);
      if (other !== undefined)
        add(pointer, `maps to "${target}" like column "${other}"; map each target from one column`);
      else targets.set(target, header);
    }
  }

  if (problems.length > 0 || validate === undefined || !clean || holderKind === undefined)
    return { problems };
  const type = buildLicenceType(raw, holderKind, file);
  return { checked: { type, validate }, problems };
}

/**
 * Keywords a field may use. A deliberate subset of draft 2020-12: fields stay flat and simple, problems map to
 * clear messages, and a misspelt keyword (minLenght) is named instead of silently ignored.
 */
export const FIELD_KEYWORDS = [
  "title",
  "description",
  "$comment",
  "examples",
  "deprecated",
  "type",
  "enum",
  "const",
  "maxLength",
  "minLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "items",
  "maxItems",
  "minItems",
  "uniqueItems",
] as const;

/**
 * Validates the `schema` member as JSON Schema, checks keywords and bounds of each field, then compiles it in strict
 * mode. `validate` is returned whenever the schema compiles, so the example is checked in the same pass; `clean`
 * says whether the schema had no problem at all.
 */
function checkFieldSchema(
  schema: Record<string, unknown>,
  properties: Record<string, unknown> | undefined,
  ajv: Ajv2020,
  add: (pointer: string, message: string) => void,
): { validate?: ValidateFunction; clean: boolean } {
  if (ajv.validateSchema(schema) !== true) {
    for (const e of ajv.errors ?? [])
      add(`/schema${e.instancePath}`, `is not valid JSON Schema: ${e.message ?? e.keyword}`);
    return { clean: false };
  }
  if (properties === undefined) return { clean: false };
  let compilable = true;
  let bounded = true;
  for (const [name, prop] of Object.entries(properties)) {
    if (!isRecord(prop)) continue;
    const pointer = `/schema/properties/${escapePointer(name)}`;
    const unknown = (node: Record<string, unknown>, at: string) => {
      for (const key of Object.keys(node)) {
        if (!(FIELD_KEYWORDS as readonly string[]).includes(key)) {
          compilable = false;
          add(
            `${at}/${escapePointer(key)}`,
            `is not a keyword a field may use (misspelt?); use one of: ${FIELD_KEYWORDS.join(", ")}`,
          );
        }
      }
    };
    unknown(prop, pointer);
    if (isRecord(prop.items)) unknown(prop.items, `${pointer}/items`);
    checkBounded(prop, pointer, (p, m) => {
      bounded = false;
      add(p, m);
    });
  }
  if (Array.isArray(schema.required)) {
    schema.required.forEach((r, i) => {
      if (typeof r === "string" && !(r in properties)) {
        compilable = false;
        add(`/schema/required/${i}`, `"${r}" is not a field of schema.properties`);
      }
    });
  }
  if (!compilable) return { clean: false };
  try {
    return { validate: ajv.compile(schema), clean: bounded };
  } catch (e) {
    add("/schema", `does not compile: ${e instanceof Error ? e.message : String(e)}`);
    return { clean: false };
  }
}

/** Unbounded text or lists break printed layouts and storage limits, so every field must say how big it may get. */
function checkBounded(
  prop: Record<string, unknown>,
  pointer: string,
  fail: (pointer: string, message: string) => void,
): void {
  if (prop.type === "string") {
    const bounded =
      "maxLength" in prop ||
      "enum" in prop ||
      "const" in prop ||
      prop.format === "date" ||
      typeof prop.pattern === "string";
    if (!bounded)
      fail(
        pointer,
        'text needs maxLength, enum, pattern or format "date"; set the longest value the licence can print',
      );
  } else if (prop.type === "array") {
    if (!("maxItems" in prop)) fail(pointer, "a list needs maxItems");
    if (!isRecord(prop.items)) fail(pointer, "a list needs an items schema");
    else if (
      prop.items.type !== "string" &&
      prop.items.type !== "integer" &&
      prop.items.type !== "number" &&
      prop.items.type !== "boolean"
    ) {
      fail(
        `${pointer}/items`,
        "list entries must be text, numbers or booleans (type string, integer, number or boolean)",
      );
    } else checkBounded(prop.items, `${pointer}/items`, fail);
  }
}

function buildLicenceType(raw: Record<string, unknown>, holderKind: HolderKind, file: string): LicenceType {
  // The structure passed TYPE_JSON_SCHEMA, so the cast holds; a copy, so that freezing leaves the input alone.
  const copy = structuredClone(raw);
  const type = {
    code: copy.code,
    name: copy.name,
    authority: copy.authority,
    holderKind,
    holderCodeType: holderKind === "person" ? "111" : "001",
    holderTitles: copy.holderTitles ?? DEFAULT_HOLDER_TITLES[holderKind],
    schema: copy.schema,
    validity: copy.validity,
    ...(copy.renewalWindow !== undefined ? { renewalWindow: copy.renewalWindow } : {}),
    ...(copy.numberField !== undefined ? { numberField: copy.numberField } : {}),
    issuers: copy.issuers,
    publicFields: copy.publicFields,
    example: copy.example,
    ...(copy.exampleHolder !== undefined ? { exampleHolder: copy.exampleHolder } : {}),
    ...(copy.import !== undefined ? { import: copy.import } : {}),
    ...(copy.notes !== undefined ? { notes: copy.notes } : {}),
    source: file,
  } as unknown as LicenceType;
  return deepFreeze(type);
}

function describeMetaError(e: ErrorObject): { pointer: string; message: string } {
  const params = e.params as Record<string, unknown>;
  const at = e.instancePath;
  switch (e.keyword) {
    case "required":
      return { pointer: `${at}/${escapePointer(String(params.missingProperty))}`, message: "is required" };
    case "additionalProperties":
      return {
        pointer: `${at}/${escapePointer(String(params.additionalProperty))}`,
        message:
          at === ""
            ? "is not a member of type.json (check the spelling; README.md lists the members)"
            : "is not allowed here",
      };
    case "propertyNames":
      return {
        pointer: `${at}/${escapePointer(String(params.propertyName))}`,
        message:
          at === "/schema/properties"
            ? "field names must be ASCII camelCase (a–z first, then letters and digits, at most 40)"
            : "is not an allowed name",
      };
    case "pattern":
      if (at === "/code")
        return {
          pointer: at,
          message: "must be the defining authority's 18-character USCC followed by 3 digits",
        };
      return {
        pointer: at,
        message:
          "must be an 18-character unified social credit code (digits and capitals except I, O, S, V, Z)",
      };
    case "enum":
      return {
        pointer: at,
        message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(", ")}`,
      };
    case "const":
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "minProperties":
    case "maxProperties":
      if (at === "/validity")
        return { pointer: at, message: 'must be either {"years": N} or {"longTerm": true}' };
      return { pointer: at, message: e.message ?? e.keyword };
    default:
      return { pointer: at, message: e.message ?? e.keyword };
  }
}

function checkUscc(code: string, pointer: string, add: (pointer: string, message: string) => void): void {
  const r = parseCreditCode(code);
  if (!r.ok) add(pointer, `is not a valid unified social credit code: ${messages(r.errors)}`);
  else if (r.value.code !== code) add(pointer, `write it in canonical form: ${r.value.code}`);
}

/** Shape and MOD 11-2 check only: example data needs no birth-date or province rules (and no clock). */
function isCitizenIdShape(code: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(code)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(code.charAt(i)), 0);
  return "10X98765432".charAt(sum % 11) === code.charAt(17);
}

function messages(errors: readonly { code: string; message: string; suggestion?: string }[]): string {
  return errors
    .map(
      (e) => `${e.message} [${e.code}]${e.suggestion !== undefined ? ` Did you mean ${e.suggestion}?` : ""}`,
    )
    .join("; ");
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
