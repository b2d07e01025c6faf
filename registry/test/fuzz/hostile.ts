// Hostile input for the fuzz suite: strings that have broken parsers, databases and fonts before, values of every
// JSON type, and mutations of a valid value (a member of the wrong type, one missing, one extra, nesting past the
// limit). fast-check arbitraries, so a failure shrinks to the smallest request that still fails.
import fc from "fast-check";

/** Strings each of which has a reason to be here: Unicode edge cases, controls, injection and path tricks. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001b[31m",
  "\u007f",
  "\u0085\u009b\u009f", // C1 controls
  "\r\n\t",
  "\ud800", // lone high surrogate: JSON.stringify writes the \ud800 escape
  "a\udfffb", // lone low surrogate
  "\udc00\ud800", // surrogates in the wrong order
  "\u202e\u0645\u0631\u062d\u0628\u0627", // right-to-left override, Arabic
  "\u200f\u200e\u2066\u2069", // direction marks and isolates
  "\u200b\ufeff\u2060", // zero-width characters, BOM
  "\ufffd\uffff\ufffe",
  "😀",
  "👨‍👩‍👧‍👦",
  "🇨🇳",
  "𠀀", // CJK Extension B, outside the licence font
  "海丰县食品店",
  "e\u0301\u0301\u0301",
  "Ａ０１２", // full-width
  "x".repeat(100_000),
  "海".repeat(20_000),
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%00%2e%2e%2f",
  "%ZZ",
  "${jndi:ldap://x}",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '"; DROP TABLE licences; --',
  "{$ne: null}",
  "__proto__",
  "constructor",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "true",
  "null",
  "[]",
  "{}",
  "2026-02-30",
  "9999-12-31",
  "0000-00-00",
  "11100000MB0143028R013",
  "440102199001011234",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
);

/**
 * Stands for JSON nested 10,000 deep: a value that deep overflows the stack of JSON.stringify and structuredClone in
 * the test itself, so requestArb writes the nesting into the text in place of this string.
 */
export const DEEP_MARKER = "@@fuzz-nested-10000@@";
export const DEEP_JSON = '{"a":['.repeat(5_000) + "1" + "]}".repeat(5_000);

/** Arrays and objects nested `depth` deep around a leaf. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
}

/** Any JSON value, including the awkward ones: big and negative numbers, deep nesting around the 64-level limit. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE, [], {}, [
    null,
  ]),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(10, 63, 65, 200).map((d) => nested(d)),
  fc.constant(DEEP_MARKER),
);

type Json = unknown;

/** Paths to every node of a JSON value (the root is []). */
function nodePaths(
  v: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => nodePaths(x, [...prefix, i], out));
  else if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v)) nodePaths(x, [...prefix, k], out);
  return out;
}

function setAt(
  root: Json,
  path: (string | number)[],
  f: (parent: Record<string | number, Json>, key: string | number) => void,
): Json {
  if (path.length === 0) return root;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  f(parent, path[path.length - 1]!);
  return copy;
}

type Mutation =
  | { kind: "replace"; at: number; value: Json }
  | { kind: "delete"; at: number }
  | { kind: "extra"; at: number; key: string; value: Json }
  | { kind: "whole"; value: Json };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: hostileValue }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("extra" as const),
      at: fc.nat(),
      key: fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor", "prototype", "")),
      value: hostileValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("whole" as const), value: hostileValue }) },
);

function apply(v: Json, m: Mutation): Json {
  if (m.kind === "whole") return m.value;
  const paths = nodePaths(v);
  const path = paths[m.at % paths.length]!;
  if (m.kind === "replace")
    return path.length === 0 ? m.value : setAt(v, path, (p, k) => void (p[k] = m.value));
  if (m.kind === "delete")
    return setAt(v, path, (p, k) => {
      if (Array.isArray(p)) p.splice(Number(k), 1);
      else delete p[k];
    });
  // An extra member goes into the object at the path (or its parent when the node is not an object).
  const target = (node: Json): node is Record<string, Json> =>
    node !== null && typeof node === "object" && !Array.isArray(node);
  const objectPaths = paths.filter((p) =>
    target(p.reduce<Json>((n, k) => (n as Record<string | number, Json>)[k], v)),
  );
  if (objectPaths.length === 0) return v;
  const at = objectPaths[m.at % objectPaths.length]!;
  const copy = structuredClone(v) as Record<string | number, Json>;
  const obj = at.reduce<Json>((n, k) => (n as Record<string | number, Json>)[k], copy) as Record<
    string,
    Json
  >;
  // defineProperty, so "__proto__" becomes an own member as JSON.parse would make it, not the prototype.
  Object.defineProperty(obj, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A valid value, or that value after 1–3 mutations (a third of the time unchanged, to reach the deeper code). */
export function mutated(valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .tuple(
      valid,
      fc.oneof(fc.constant([] as Mutation[]), fc.array(mutationArb, { minLength: 1, maxLength: 3 })),
    )
    .map(([v, ms]) => ms.reduce(apply, v));
}

/** Percent-encodes the UTF-8 of a string (lone surrogates become U+FFFD, as a browser would send). */
export function percentEncode(s: string): string {
  return [...Buffer.from(s, "utf8")]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/u.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

/** Escapes that decode to nothing valid: bad hex, a lone %, overlong and surrogate UTF-8, NUL, a slash. */
const RAW_ESCAPES = [
  "%",
  "%Z",
  "%ZZ",
  "%C0%AF",
  "%ED%A0%80",
  "%FF%FE",
  "%00",
  "%2F",
  "%E6%B5",
  "..",
  "%2e%2e",
];

/** A path segment or query value as a client might put it in a URL: encoded hostile text or broken escapes. */
export const urlPart: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.filter((s) => s.length < 2_000).map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_ESCAPES) },
);
