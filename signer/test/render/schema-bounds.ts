// fast-check arbitraries for licence field values at the bounds a type's schema allows: every text at its maxLength,
// every list at its maxItems, in wide CJK, ASCII (long unbreakable words too), a mix, and with line breaks.
import fc from "fast-check";

interface FieldSchema {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  items?: FieldSchema;
}

export interface TypeSchema {
  properties: Record<string, FieldSchema>;
  required?: string[];
}

/** Characters the licence font draws: ideographs (all 1 em, the widest), full-width punctuation, ASCII. */
const CJK = [..."经营范围住所海丰县城镇二环路南侧金碧花园商住楼栋第一层号餐饮服务零售批发鑫龘齉爨"];
const PUNCT = [..."，。；：、（）《》【】“”！？…—"];
const ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));

export type TextStyle = "cjk" | "ascii" | "ascii-word" | "mixed" | "lines";

const charOf: Record<TextStyle, fc.Arbitrary<string>> = {
  cjk: fc.constantFrom(...CJK),
  ascii: fc.oneof(fc.constantFrom(...ASCII), fc.constant(" ")),
  // One unbreakable run of the widest Latin letters: the wrapper must cut it between characters.
  "ascii-word": fc.constantFrom("W", "M", "@", "%"),
  mixed: fc.oneof(
    fc.constantFrom(...CJK),
    fc.constantFrom(...PUNCT),
    fc.constantFrom(...ASCII),
    fc.constant(" "),
  ),
  lines: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...CJK) },
    { weight: 2, arbitrary: fc.constantFrom(...ASCII) },
    { weight: 1, arbitrary: fc.constant("\n") },
  ),
};

export const TEXT_STYLES = Object.keys(charOf) as TextStyle[];

/** A string of exactly `length` characters (code points) in `style`, never blank. */
export function textOf(style: TextStyle, length: number): fc.Arbitrary<string> {
  return fc.array(charOf[style], { minLength: length, maxLength: length }).map((chars) => {
    // Never blank, never starting or ending with whitespace (the registry stores what it is sent; the
    // renderer trims), so that the length is really the length printed.
    if (/^\s/u.test(chars[0] ?? "")) chars[0] = "海";
    if (/\s$/u.test(chars[chars.length - 1] ?? "")) chars[chars.length - 1] = "号";
    return chars.join("");
  });
}

const isoDate = fc
  .date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function valueOf(schema: FieldSchema, style: TextStyle): fc.Arbitrary<unknown> {
  if (schema.enum) {
    // The longest choice is the hardest to fit.
    const longest = [...schema.enum].sort((a, b) => String(b).length - String(a).length)[0];
    return fc.constant(longest);
  }
  if (schema.type === "array") {
    const n = schema.maxItems ?? 1;
    const item = schema.items ?? { type: "string", maxLength: 1 };
    if (item.enum) return fc.constant(item.enum.slice(0, n));
    return fc.array(valueOf(item, style), { minLength: n, maxLength: n }).map((items) =>
      // uniqueItems: make every item distinct without changing its length.
      schema.uniqueItems ? items.map((v, i) => (typeof v === "string" ? uniqueVariant(v, i) : v)) : items,
    );
  }
  if (schema.format === "date") return isoDate;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, "u"));
  if (schema.type === "string" && schema.maxLength !== undefined) return textOf(style, schema.maxLength);
  if (schema.type === "integer") return fc.integer();
  if (schema.type === "boolean") return fc.boolean();
  throw new Error(`no generator for ${JSON.stringify(schema)}`);
}

function uniqueVariant(s: string, i: number): string {
  const chars = [...s];
  const tag = [...String(i)];
  chars.splice(0, tag.length, ...tag);
  return chars.join("");
}

/** Every field of the schema (optional ones too) at its bound, in one text style. */
export function fieldsAtBounds(schema: TypeSchema, style: TextStyle): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, field] of Object.entries(schema.properties)) record[key] = valueOf(field, style);
  return fc.record(record);
}
