// Requests generated from the registry's own OpenAPI document: for each operation, path and query parameters and a
// JSON body built from its schema (with values the registry knows, so requests get past the first check), then
// mutated by hostile.ts. Only the schema keywords the document uses are understood; others give any JSON value.
import fc from "fast-check";
import {
  DEEP_JSON,
  DEEP_MARKER,
  hostileString,
  hostileValue,
  mutated,
  percentEncode,
  urlPart,
} from "./hostile.js";

export interface Schema {
  type?: string | string[];
  $ref?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export interface Operation {
  method: string;
  path: string;
  parameters: { in: "path" | "query" | "header"; name: string; schema?: Schema; required?: boolean }[];
  body: Schema | null;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation["parameters"];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema ?? null,
      });
  return out;
}

/** Values the registry holds, by the member or parameter name they fit: the way past "unknown type code". */
export type Pools = Record<string, readonly unknown[]>;

export function schemaArb(
  schema: Schema,
  doc: OpenApiDoc,
  pools: Pools,
  name = "",
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const ref = doc.components?.schemas?.[schema.$ref.replace("#/components/schemas/", "")];
    return ref ? schemaArb(ref, doc, pools, name, depth) : hostileValue;
  }
  const pool = pools[name];
  const known = pool && pool.length > 0 ? fc.constantFrom(...pool) : null;
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => schemaArb(s, doc, pools, name, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (known && type !== "object" && type !== "array") return known;
  switch (type) {
    case "object": {
      if (known) return known;
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const members = Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, schemaArb(s, doc, pools, k, depth + 1)]),
      );
      const record = fc.record(members, { requiredKeys: [...required].filter((k) => k in props) });
      if (schema.additionalProperties === false || depth > 3) return record;
      return fc
        .tuple(
          record,
          fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
        )
        .map(([r, extra]) => ({ ...extra, ...(r as object) }));
    }
    case "array":
      return fc.array(schema.items ? schemaArb(schema.items, doc, pools, name, depth + 1) : hostileValue, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "string":
      if (schema.pattern?.includes("\\d{4}-\\d{2}-\\d{2}"))
        return fc.constantFrom("2026-11-29", "2027-01-31", "2025-02-28");
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) });
    case "integer":
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return hostileValue;
  }
}

export interface GeneratedRequest {
  method: string;
  url: string;
  auth: string;
  headers: Record<string, string>;
  /** The body as sent (a string of JSON, or not quite JSON); absent for no body. */
  payload?: string;
}

/** fast-check prints a failing request with its body cut to 500 characters (a 10,000-deep body is 120 kB). */
function shownShort(req: GeneratedRequest): GeneratedRequest {
  return Object.defineProperty(req, fc.toStringMethod, {
    value: () => {
      const p = req.payload;
      const payload = p === undefined ? "" : ` payload(${p.length} chars)=${JSON.stringify(p.slice(0, 500))}`;
      return `${req.method} ${req.url.slice(0, 500)} auth=${req.auth} headers=${JSON.stringify(req.headers)}${payload}`;
    },
    enumerable: false,
  });
}

/** Headers some code reads; an extra one replaces the credential's when it is authorization or cookie. */
const HOSTILE_HEADERS = [
  "authorization",
  "cookie",
  "accept",
  "accept-language",
  "accept-encoding",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-request-id",
  "if-none-match",
  "if-modified-since",
  "range",
  "origin",
  "referer",
] as const;

/** What an HTTP header value can carry on the wire: tab and bytes 0x20–0xff except DEL (as latin1 text). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "Bearer ",
    "Bearer " + "A".repeat(5000),
    "Basic Og==",
    "bytes=0-0,-1",
    "bytes=999999999-",
    "elicence_desk=; elicence_desk=%E6; elicence_holder=\u00ff",
    "*/*;q=NaN",
    "zh-CN,zh;q=0.9,en;q=-1",
    "gzip, br, deflate;q=2",
    "999.999.999.999, ::1, garbage",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    'W/"x"',
    "\u00e6\u00b5\u00b7",
  ),
  fc.string({
    unit: fc.constantFrom(..."\t !\"#$%&'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~\u0080\u00a0\u00ff"),
    maxLength: 40,
  }),
);

/** How the body is put on the wire: usually JSON, sometimes cut short, under another content type, or absent. */
const framing = fc.constantFrom(
  "json",
  "json",
  "json",
  "json",
  "truncated",
  "text/plain",
  "form",
  "none",
  "charset",
);

export function requestArb(
  op: Operation,
  doc: OpenApiDoc,
  pools: Pools,
  auths: readonly string[],
): fc.Arbitrary<GeneratedRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  // A third of the URLs are hostile; the rest carry values the registry knows, so the body is what gets tested.
  const cleanValue = (name: string, schema: Schema | undefined): fc.Arbitrary<string> => {
    const pool = (pools[`path:${name}`] ?? pools[name] ?? []).filter((v) => typeof v === "string");
    if (pool.length > 0) return fc.constantFrom(...pool).map(percentEncode);
    return (schema ? schemaArb(schema, doc, pools, name) : fc.string({ maxLength: 10 })).map((v) =>
      percentEncode(String(v)),
    );
  };
  const urlValues = (hostile: boolean) =>
    fc.tuple(
      fc.tuple(
        ...pathParams.map((p) =>
          hostile ? fc.oneof(urlPart, cleanValue(p.name, p.schema)) : cleanValue(p.name, p.schema),
        ),
      ),
      fc.tuple(
        ...queryParams.map((p) =>
          fc.option(
            hostile ? fc.oneof(urlPart, cleanValue(p.name, p.schema)) : cleanValue(p.name, p.schema),
            {
              nil: undefined,
              freq: 3,
            },
          ),
        ),
      ),
      hostile ? fc.option(fc.tuple(urlPart, urlPart), { nil: undefined, freq: 2 }) : fc.constant(undefined),
    );
  const url = fc
    .constantFrom(false, false, true)
    .chain(urlValues)
    .map(([pathValues, queryValues, extra]) => {
      const path = pathParams.reduce((u, p, i) => u.replace(`{${p.name}}`, pathValues[i] || "x"), op.path);
      const pairs = queryParams.flatMap((p, i) =>
        queryValues[i] === undefined ? [] : [`${p.name}=${queryValues[i]}`],
      );
      if (extra) pairs.push(`${extra[0]}=${extra[1]}`);
      return pairs.length > 0 ? `${path}?${pairs.join("&")}` : path;
    });
  const body = op.body
    ? mutated(schemaArb(op.body, doc, pools))
    : fc.option(hostileValue, { nil: undefined, freq: 2 });
  const idempotencyKey = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{16}$/u),
    fc.constantFrom("", "short", "k".repeat(200), "bad key with spaces", "%00"),
  );
  return fc
    .record({
      url,
      body,
      framing,
      auth: fc.constantFrom(...auths),
      idempotencyKey: fc.option(idempotencyKey, { nil: undefined, freq: 5 }),
      csrf: fc.option(
        hostileString.filter((s) => /^[\x20-\x7e]*$/u.test(s)),
        { nil: undefined, freq: 4 },
      ),
      extraHeader: fc.option(fc.tuple(fc.constantFrom(...HOSTILE_HEADERS), headerValue), {
        nil: undefined,
        freq: 3,
      }),
    })
    .map((r) => {
      const headers: Record<string, string> = {};
      if (r.idempotencyKey !== undefined) headers["idempotency-key"] = r.idempotencyKey;
      if (r.csrf !== undefined) headers["x-csrf-token"] = r.csrf;
      if (r.extraHeader) headers[r.extraHeader[0]] = r.extraHeader[1];
      const req: GeneratedRequest = { method: op.method, url: r.url, auth: r.auth, headers };
      if (r.body === undefined || r.framing === "none" || op.method === "GET" || op.method === "DELETE")
        return shownShort(req);
      const json = (JSON.stringify(r.body) ?? "null").replaceAll(`"${DEEP_MARKER}"`, DEEP_JSON);
      const types: Record<string, string> = {
        json: "application/json",
        truncated: "application/json",
        charset: "application/json; charset=utf-8",
        "text/plain": "text/plain",
        form: "application/x-www-form-urlencoded",
      };
      headers["content-type"] = types[r.framing]!;
      req.payload = r.framing === "truncated" ? json.slice(0, Math.max(0, json.length - 3)) : json;
      return shownShort(req);
    });
}
