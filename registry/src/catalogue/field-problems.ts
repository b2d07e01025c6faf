// Turns ajv errors for a licence's type fields into problems people can act on: a dotted field path, a stable
// code and an English message that names the printed (zh) label. Messages never echo field values (personal data).
import type { ErrorObject } from "ajv/dist/2020.js";
import type { FieldProperty, FieldSchema } from "./licence-type.js";

export const FIELD_PROBLEM_CODES = {
  REG_FIELD_REQUIRED: "A required field is missing or empty.",
  REG_FIELD_TYPE: "A field has the wrong JSON type.",
  REG_FIELD_FORMAT: "A field does not have the required format (date, number pattern …).",
  REG_FIELD_TOO_LONG: "A field is longer (characters) or has more entries than the type allows.",
  REG_FIELD_ENUM: "A field is not one of the values the type allows.",
  REG_FIELD_UNKNOWN: "The licence type has no field of this name.",
  REG_FIELD_INVALID: "A field breaks another rule of the type's schema.",
} as const;

export type FieldProblemCode = keyof typeof FIELD_PROBLEM_CODES;

export interface FieldProblem {
  /** Dotted path: `fields`, `fields.businessScope`, `fields.businessItems[2]`. */
  field: string;
  code: FieldProblemCode;
  message: string;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "text (a JSON string)",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  array: "a list (a JSON array)",
  object: "a JSON object",
  null: "null",
};

/** Maps ajv errors (run with allErrors) to problems, ordered as the fields are in the schema. */
export function toFieldProblems(errors: readonly ErrorObject[], schema: FieldSchema): FieldProblem[] {
  const order = Object.keys(schema.properties);
  const rank = (p: { top: string | undefined }) => {
    const i = p.top === undefined ? -1 : order.indexOf(p.top);
    return i === -1 ? order.length : i;
  };
  const problems = errors.map((e) => describe(e, schema));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => ({ field: p.field, code: p.code, message: p.message }));
}

/** `fields.businessItems[2]` → `/businessItems/2` (a JSON pointer relative to the fields object). */
export function fieldPathToPointer(field: string): string {
  const rest = field.replace(/^fields/, "");
  const segments = [...rest.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? "");
  return segments.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

function describe(e: ErrorObject, schema: FieldSchema): FieldProblem & { top: string | undefined } {
  const segments = e.instancePath === "" ? [] : e.instancePath.slice(1).split("/").map(unescapePointer);
  const params = e.params as Record<string, unknown>;

  if (e.keyword === "required") {
    const name = String(params.missingProperty);
    return problem([...segments, name], "REG_FIELD_REQUIRED", (l) => `${l} is required`);
  }
  if (e.keyword === "additionalProperties") {
    const name = String(params.additionalProperty);
    const known = Object.keys(schema.properties).join(", ");
    return {
      field: renderPath([...segments, name]),
      top: undefined,
      code: "REG_FIELD_UNKNOWN",
      message: `"${name}" is not a field of this licence type; known fields: ${known}`,
    };
  }
  if (segments.length === 0) {
    // Only `type` can fail at the root: the fields value is not an object at all.
    return {
      field: "fields",
      top: undefined,
      code: "REG_FIELD_TYPE",
      message: 'fields must be a JSON object keyed by field name, e.g. {"businessScope": "…"}',
    };
  }

  const node = schemaAt(schema, segments);
  switch (e.keyword) {
    case "type":
      return problem(
        segments,
        "REG_FIELD_TYPE",
        (l) => `${l} must be ${TYPE_WORDS[String(params.type)] ?? String(params.type)}`,
      );
    case "format":
      return problem(segments, "REG_FIELD_FORMAT", (l) =>
        params.format === "date"
          ? `${l} must be a real calendar date written YYYY-MM-DD`
          : `${l} must be a valid ${String(params.format)}`,
      );
    case "pattern": {
      const example =
        Array.isArray(node?.examples) && typeof node.examples[0] === "string"
          ? `, e.g. ${node.examples[0]}`
          : "";
      return problem(segments, "REG_FIELD_FORMAT", (l) => `${l} does not have the expected format${example}`);
    }
    case "maxLength":
      return problem(
        segments,
        "REG_FIELD_TOO_LONG",
        (l) => `${l} is longer than ${String(params.limit)} characters; shorten it`,
      );
    case "maxItems":
      return problem(
        segments,
        "REG_FIELD_TOO_LONG",
        (l) => `${l} has more than ${String(params.limit)} entries; remove some`,
      );
    case "minLength":
      return params.limit === 1
        ? problem(segments, "REG_FIELD_REQUIRED", (l) => `${l} must not be empty`)
        : problem(
            segments,
            "REG_FIELD_INVALID",
            (l) => `${l} is shorter than ${String(params.limit)} characters`,
          );
    case "minItems":
      return params.limit === 1
        ? problem(segments, "REG_FIELD_REQUIRED", (l) => `${l} needs at least one entry`)
        : problem(
            segments,
            "REG_FIELD_INVALID",
            (l) => `${l} needs at least ${String(params.limit)} entries`,
          );
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v)).join(", ");
      return problem(segments, "REG_FIELD_ENUM", (l) => `${l} must be one of: ${allowed}`);
    }
    case "const":
      return problem(
        segments,
        "REG_FIELD_ENUM",
        (l) => `${l} must be ${JSON.stringify(params.allowedValue)}`,
      );
    case "uniqueItems": {
      const [a, b] = [Number(params.i), Number(params.j)].sort((x, y) => x - y);
      return problem(
        segments,
        "REG_FIELD_INVALID",
        (l) => `${l} lists the same entry twice (entries ${a} and ${b}); remove one`,
      );
    }
    default:
      return problem(segments, "REG_FIELD_INVALID", (l) => `${l} ${e.message ?? "is not valid"}`);
  }

  function problem(
    path: readonly string[],
    code: FieldProblemCode,
    text: (label: string) => string,
  ): FieldProblem & { top: string | undefined } {
    const top = path[0];
    const title = top === undefined ? undefined : schema.properties[top]?.title;
    const rendered = renderPath(path).replace(/^fields\./, "");
    const label = title === undefined ? rendered : `${title} (${rendered})`;
    return { field: renderPath(path), top, code, message: text(label) };
  }
}

function renderPath(segments: readonly string[]): string {
  return "fields" + segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join("");
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The sub-schema that applies at a path: a property, then `items` for each array index. */
function schemaAt(schema: FieldSchema, segments: readonly string[]): FieldProperty | undefined {
  const [top, ...rest] = segments;
  let node: Readonly<Record<string, unknown>> | undefined =
    top === undefined ? undefined : schema.properties[top];
  for (const s of rest) {
    if (node === undefined) return undefined;
    node = /^\d+$/.test(s) ? (node.items as Readonly<Record<string, unknown>> | undefined) : undefined;
  }
  return node as FieldProperty | undefined;
}
