// Byte-level PDF tools for the differential corpus. A forger does not use a well-behaved PDF library: these helpers
// read a genuine licence the way its own cross-reference chain says, and write updates that may be malformed on
// purpose (unlisted objects, glued xref entries, wrong offsets, a second trailer …), which no writer in src/ would do.
import { deflateSync, inflateSync } from "node:zlib";

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "latin1"));
export const text = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

export function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? bytes(p) : p))));
}

export interface XrefEntry {
  offset: number;
  generation: number;
}

export interface TrailerFacts {
  startxref: number;
  size: number;
  root: number;
  info?: number;
  /** The /ID array exactly as written. */
  id?: string;
}

/** The newest trailer of a file whose sections are classic tables (what our sealer writes). */
export function trailerOf(pdf: Uint8Array): TrailerFacts {
  const s = text(pdf);
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/u.exec(s)?.[1]);
  const at = s.lastIndexOf("trailer");
  if (!Number.isFinite(startxref) || at < 0) throw new Error("not a classic-table PDF");
  const t = s.slice(at, s.indexOf("startxref", at));
  const num = (re: RegExp) => {
    const m = re.exec(t);
    return m ? Number(m[1]) : undefined;
  };
  const size = num(/\/Size\s+(\d+)/u);
  const root = num(/\/Root\s+(\d+)\s+0\s+R/u);
  if (size === undefined || root === undefined) throw new Error("trailer without /Size or /Root");
  const info = num(/\/Info\s+(\d+)\s+0\s+R/u);
  const id = /\/ID\s*(\[[^\]]*\])/u.exec(t)?.[1];
  return { startxref, size, root, ...(info !== undefined ? { info } : {}), ...(id ? { id } : {}) };
}

/** Object number → where the newest revision says it is, following /Prev through classic tables. */
export function xrefOf(pdf: Uint8Array): Map<number, XrefEntry> {
  const s = text(pdf);
  const out = new Map<number, XrefEntry>();
  let at: number | undefined = trailerOf(pdf).startxref;
  const seen = new Set<number>();
  while (at !== undefined && !seen.has(at)) {
    seen.add(at);
    if (!s.startsWith("xref", at)) throw new Error(`no classic xref at ${at}`);
    const end = s.indexOf("trailer", at);
    const lines = s
      .slice(at + 4, end)
      .trim()
      .split(/\r?\n|\r/u);
    let n = 0;
    for (const line of lines) {
      const parts = line.trim().split(/\s+/u);
      if (parts.length === 2) n = Number(parts[0]);
      else if (parts.length === 3) {
        if (parts[2] === "n" && !out.has(n))
          out.set(n, { offset: Number(parts[0]), generation: Number(parts[1]) });
        n++;
      }
    }
    const prev = /\/Prev\s+(\d+)/u.exec(s.slice(end, s.indexOf("startxref", end)))?.[1];
    at = prev === undefined ? undefined : Number(prev);
  }
  return out;
}

export interface PdfObject {
  num: number;
  generation: number;
  /** Offset of "N G obj". */
  start: number;
  /** Offset just past "endobj". */
  end: number;
  /** The object's dictionary (or other value) as written, without the stream data. */
  head: string;
  /** The stream's data as stored (still filtered), when the object is a stream. */
  raw?: Uint8Array;
  /** The stream's data with /FlateDecode undone. */
  data?: Uint8Array;
}

/** The object as the newest revision lists it. */
export function objectOf(pdf: Uint8Array, num: number): PdfObject {
  const e = xrefOf(pdf).get(num);
  if (!e) throw new Error(`object ${num} is not in use`);
  const s = text(pdf);
  const start = e.offset;
  const header = new RegExp(`^${num}\\s+${e.generation}\\s+obj\\s*`, "u").exec(s.slice(start, start + 40));
  if (!header) throw new Error(`object ${num} is not at ${start}`);
  const bodyAt = start + header[0].length;
  const endobj = s.indexOf("endobj", bodyAt);
  const streamAt = s.indexOf("stream", bodyAt);
  if (streamAt < 0 || streamAt > endobj) {
    return { num, generation: e.generation, start, end: endobj + 6, head: s.slice(bodyAt, endobj).trim() };
  }
  const head = s.slice(bodyAt, streamAt).trim();
  const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/u.exec(head)?.[1]);
  let dataAt = streamAt + 6;
  if (s[dataAt] === "\r") dataAt++;
  if (s[dataAt] === "\n") dataAt++;
  const raw = pdf.slice(dataAt, dataAt + length);
  const end = s.indexOf("endobj", dataAt + length) + 6;
  const data = /\/FlateDecode/u.test(head) ? new Uint8Array(inflateSync(raw)) : raw;
  return { num, generation: e.generation, start, end, head, raw, data };
}

/** The bytes of an indirect object's body for a stream: its dictionary (without /Length, /Filter) and data. */
export function streamBody(dictEntries: string, data: Uint8Array, compress = true): Uint8Array {
  const stored = compress ? new Uint8Array(deflateSync(data)) : data;
  const filter = compress ? " /Filter /FlateDecode" : "";
  return concat(`<<${dictEntries}${filter} /Length ${stored.length}>>\nstream\n`, stored, "\nendstream");
}

/** A dictionary's text with `key` set to `value` (added when absent, removed when value is undefined). */
export function setKey(dictText: string, key: string, value: string | undefined): string {
  const body = dictText.trim();
  if (!body.startsWith("<<") || !body.endsWith(">>"))
    throw new Error(`not a dictionary: ${body.slice(0, 40)}`);
  const inner = body.slice(2, -2);
  const span = valueSpan(inner, key);
  if (span) {
    const replacement = value === undefined ? "" : `/${key} ${value}`;
    return `<<${inner.slice(0, span[0])}${replacement}${inner.slice(span[1])}>>`;
  }
  return value === undefined ? body : `<<${inner}\n/${key} ${value}\n>>`;
}

/** [start of "/Key", end of its value] inside a dictionary's inner text, at nesting depth 0. */
function valueSpan(inner: string, key: string): [number, number] | undefined {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === "<" && inner[i + 1] === "<") {
      depth++;
      i++;
    } else if (c === ">" && inner[i + 1] === ">") {
      depth--;
      i++;
    } else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "(") {
      for (let nest = 1; nest > 0 && i < inner.length - 1;) {
        i++;
        if (inner[i] === "\\") i++;
        else if (inner[i] === "(") nest++;
        else if (inner[i] === ")") nest--;
      }
    } else if (depth === 0 && c === "/" && inner.startsWith(`/${key}`, i)) {
      const after = inner[i + 1 + key.length] ?? "";
      if (/[\s/<[(]/u.test(after)) return [i, i + 1 + key.length + valueLength(inner, i + 1 + key.length)];
    }
  }
  return undefined;
}

/** Length of the one value starting (after whitespace) at `from`. */
function valueLength(s: string, from: number): number {
  let i = from;
  while (/\s/u.test(s[i] ?? "")) i++;
  const open = s[i];
  if (open === "<" && s[i + 1] === "<") {
    let depth = 0;
    for (; i < s.length; i++) {
      if (s.startsWith("<<", i)) {
        depth++;
        i++;
      } else if (s.startsWith(">>", i)) {
        depth--;
        i++;
        if (depth === 0) return i + 1 - from;
      }
    }
  } else if (open === "[") {
    let depth = 0;
    for (; i < s.length; i++) {
      if (s[i] === "[") depth++;
      else if (s[i] === "]" && --depth === 0) return i + 1 - from;
    }
  } else if (open === "(") {
    for (let nest = 0; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === "(") nest++;
      else if (s[i] === ")" && --nest === 0) return i + 1 - from;
    }
  } else if (open === "<") return s.indexOf(">", i) + 1 - from;
  const ref = /^\d+\s+\d+\s+R/u.exec(s.slice(i));
  if (ref) return i + ref[0].length - from;
  const token = /^\/?[^\s/<>[\]()]+/u.exec(s.slice(i));
  return i + (token?.[0].length ?? 0) - from;
}

/** The value of `/key` in a dictionary's text, as written. */
export function getKey(dictText: string, key: string): string | undefined {
  const inner = dictText.trim().slice(2, -2);
  const span = valueSpan(inner, key);
  return span ? inner.slice(span[0] + 1 + key.length, span[1]).trim() : undefined;
}

/** Object numbers of every indirect reference in a value's text. */
export function refsIn(value: string | undefined): number[] {
  return [...(value ?? "").matchAll(/(\d+)\s+(\d+)\s+R/gu)].map((m) => Number(m[1]));
}

export interface WrittenObject {
  num: number;
  generation?: number;
  /** What goes between "N G obj\n" and "\nendobj". */
  body: string | Uint8Array;
  /** Whether the update's cross-reference section lists it (default true): false makes an unlisted object. */
  listed?: boolean;
  /** The offset the section claims (default: where it really is). */
  claimedOffset?: (real: number) => number;
  /** The generation the section claims (default: the one written). */
  claimedGeneration?: number;
}

export interface UpdateOptions {
  /**
   * "table": a classic section, one 20-byte entry a line; "glued": entries run together without EOL bytes (viewers
   * reject the table and rebuild the xref by scanning); "stream": a cross-reference stream; "none": no section at all.
   */
  xref?: "table" | "glued" | "stream" | "none";
  /** /Prev (default: the base's startxref); null leaves it out. */
  prev?: number | null;
  /** Extra trailer entries, written as is. */
  trailerExtra?: string;
  /** Extra cross-reference entries (e.g. free ones), with their offsets. */
  entries?: { num: number; offset: number; generation: number; type: "n" | "f" }[];
  /** Raw bytes written after the objects, before the section (markup, a second object …). */
  between?: string | Uint8Array;
  /** Bytes after the final %%EOF. */
  after?: string | Uint8Array;
  /** Rewrites the startxref value. */
  startxref?: (real: number) => number;
  /** Raw bytes written between the trailer and startxref (a second trailer …). */
  beforeStartxref?: string;
  /** The trailer to continue from, when `base` is a half-written update (default: base's own). */
  trailer?: TrailerFacts;
}

/** Appends one incremental update of `objects` to `base`, as told: a forger's writer. */
export function appendUpdate(base: Uint8Array, objects: WrittenObject[], o: UpdateOptions = {}): Uint8Array {
  const t = o.trailer ?? trailerOf(base);
  const parts: (string | Uint8Array)[] = [base];
  let length = base.length;
  const push = (p: string | Uint8Array) => {
    parts.push(p);
    length += typeof p === "string" ? Buffer.byteLength(p, "latin1") : p.length;
  };
  if (base[base.length - 1] !== 0x0a) push("\n");
  const listed: { num: number; offset: number; generation: number; type: "n" | "f" }[] = [];
  for (const obj of objects) {
    const generation = obj.generation ?? 0;
    const offset = length;
    push(`${obj.num} ${generation} obj\n`);
    push(obj.body);
    push("\nendobj\n");
    if (obj.listed !== false)
      listed.push({
        num: obj.num,
        offset: obj.claimedOffset ? obj.claimedOffset(offset) : offset,
        generation: obj.claimedGeneration ?? generation,
        type: "n",
      });
  }
  if (o.between !== undefined) push(o.between);
  listed.push(...(o.entries ?? []));
  const maxNum = Math.max(t.size - 1, ...listed.map((e) => e.num), ...objects.map((x) => x.num));
  const prev = o.prev === undefined ? ` /Prev ${t.startxref}` : o.prev === null ? "" : ` /Prev ${o.prev}`;
  const common = `/Root ${t.root} 0 R${t.info !== undefined ? ` /Info ${t.info} 0 R` : ""}${t.id ? ` /ID ${t.id}` : ""}${prev}${o.trailerExtra ?? ""}`;
  const kind = o.xref ?? "table";
  const xrefAt = length;
  if (kind === "table" || kind === "glued") {
    push("xref\n");
    const sorted = [...listed].sort((a, b) => a.num - b.num);
    for (const [first, group] of subsections(sorted)) {
      push(`${first} ${group.length}\n`);
      for (const e of group) {
        const entry = `${String(e.offset).padStart(10, "0")} ${String(e.generation).padStart(5, "0")} ${e.type}`;
        push(kind === "glued" ? entry : `${entry} \n`);
      }
      if (kind === "glued") push("\n");
    }
    push(`trailer\n<</Size ${maxNum + 1} ${common}>>\n`);
  } else if (kind === "stream") {
    const self = maxNum + 1;
    listed.push({ num: self, offset: xrefAt, generation: 0, type: "n" });
    push(xrefStreamObject(self, listed, `/Size ${self + 1} ${common}`));
  }
  if (o.beforeStartxref) push(o.beforeStartxref);
  if (kind !== "none") push(`startxref\n${o.startxref ? o.startxref(xrefAt) : xrefAt}\n%%EOF\n`);
  if (o.after !== undefined) push(o.after);
  return concat(...parts);
}

function subsections<T extends { num: number }>(sorted: T[]): [number, T[]][] {
  const out: [number, T[]][] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === e.num) last[1].push(e);
    else out.push([e.num, [e]]);
  }
  return out;
}

export interface StreamEntry {
  num: number;
  /** 1: in use at offset; 2: inside object stream `offset` at index `generation`; 0: free. */
  type?: 0 | 1 | 2;
  offset: number;
  generation: number;
  /** Classic-table kind, mapped to type 0/1 when type is absent. */
  kind?: "n" | "f";
}

/** "N 0 obj <</Type /XRef …>> stream … endstream endobj" listing `entries` (W [1 4 2]). */
export function xrefStreamObject(
  num: number,
  entries: (StreamEntry | { num: number; offset: number; generation: number; type: "n" | "f" })[],
  trailerEntries: string,
): Uint8Array {
  const rows = entries
    .map((e) => {
      const t = typeof e.type === "number" ? e.type : e.type === "f" ? 0 : 1;
      return { num: e.num, t, a: e.offset, b: e.generation };
    })
    .sort((x, y) => x.num - y.num);
  const data = new Uint8Array(rows.length * 7);
  rows.forEach((r, k) => {
    const v = new DataView(data.buffer, k * 7, 7);
    v.setUint8(0, r.t);
    v.setUint32(1, r.a);
    v.setUint16(5, r.b);
  });
  const index = subsections(rows)
    .map(([first, g]) => `${first} ${g.length}`)
    .join(" ");
  return concat(
    `${num} 0 obj\n`,
    streamBody(`/Type /XRef ${trailerEntries} /W [1 4 2] /Index [${index}]`, data),
    "\nendobj\n",
  );
}
