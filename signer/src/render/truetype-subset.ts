// Cuts a TrueType (glyf) font down to the glyphs of a set of code points in plain JavaScript, from tables read once:
// a licence subset is copied glyph records and a few rebuilt tables (microseconds), where harfbuzz re-plans the whole font.
// Writes what hb-subset writes for this kind of font (same glyph order, metrics, cmap); fonts.ts falls back to harfbuzz
// for anything else (CFF outlines, composite glyphs), so this only ever copies simple glyph outlines.

/** One glyph of a cut subset, in glyph id order. */
export interface CutGlyph {
  /** Glyph id in the subset (0 is .notdef). */
  id: number;
  /** Advance width in font units. */
  advance: number;
  /** Code points the subset's cmap maps to this glyph, ascending (none for .notdef). */
  codePoints: number[];
}

export interface CutSubset {
  bytes: Uint8Array;
  /** Every glyph of the subset, .notdef first. */
  glyphs: CutGlyph[];
}

export interface TrueTypeSubsetter {
  /**
   * The subset holding .notdef and the glyph of each code point the font maps (others are left out, as harfbuzz
   * does), or undefined when this font or glyph set needs harfbuzz (a composite glyph, a cmap too large for format 4).
   */
  cut(codePoints: Iterable<number>): CutSubset | undefined;
}

interface Table {
  offset: number;
  length: number;
}

// Tables a PDF viewer or a font parser may read from an embedded horizontal CJK font. Layout tables (GSUB, GPOS,
// GDEF, BASE) are left out as fonts.ts asks harfbuzz to; hdmx/LTSH/VDMX index glyphs and are rare in CJK fonts.
const COPIED = ["OS/2", "STAT", "cvt ", "fpgm", "gasp", "name", "post", "prep"] as const;
const HEADER_BYTES = 12;
const RECORD_BYTES = 16;
// cmap format 4 lengths are 16-bit: 8 bytes a segment, 16 of header.
const MAX_FORMAT4_SEGMENTS = Math.floor((0xffff - 16) / 8);

/**
 * Reads `font` once; undefined when it is not a TrueType-outline font this subsetter handles. `glyphOf` maps a code
 * point to the font's glyph id (0 when unmapped): the caller's cmap reader, cached there. `name` replaces the font's
 * name table (harfbuzz keeps only the English records of name ids 0–6).
 */
export function trueTypeSubsetter(
  font: Uint8Array,
  glyphOf: (codePoint: number) => number,
  name?: Uint8Array,
): TrueTypeSubsetter | undefined {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565) return undefined;
  const tables = new Map<string, Table>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + RECORD_BYTES * i;
    const tag = String.fromCharCode(font[at] ?? 0, font[at + 1] ?? 0, font[at + 2] ?? 0, font[at + 3] ?? 0);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > font.byteLength) return undefined;
    tables.set(tag, { offset, length });
  }
  const glyf = tables.get("glyf");
  const loca = tables.get("loca");
  const head = tables.get("head");
  const hhea = tables.get("hhea");
  const hmtx = tables.get("hmtx");
  const maxp = tables.get("maxp");
  if (!glyf || !loca || !head || !hhea || !hmtx || !maxp || head.length < 54 || hhea.length < 36)
    return undefined;
  const vhea = tables.get("vhea");
  const vmtx = tables.get("vmtx");
  const vertical = vhea && vmtx && vhea.length >= 36 ? { vhea, vmtx } : undefined;

  const longLoca = view.getInt16(head.offset + 50) === 1;
  const numGlyphs = view.getUint16(maxp.offset + 4);
  const horizontalMetrics = view.getUint16(hhea.offset + 34);
  const verticalMetrics = vertical ? view.getUint16(vertical.vhea.offset + 34) : 0;
  if (horizontalMetrics === 0 || (vertical && verticalMetrics === 0)) return undefined;
  const glyphStart = (g: number) =>
    longLoca ? view.getUint32(loca.offset + 4 * g) : view.getUint16(loca.offset + 2 * g) * 2;
  const metric = (table: Table, longCount: number, g: number): [number, number] =>
    g < longCount
      ? [view.getUint16(table.offset + 4 * g), view.getInt16(table.offset + 4 * g + 2)]
      : [
          view.getUint16(table.offset + 4 * (longCount - 1)),
          view.getInt16(table.offset + 4 * longCount + 2 * (g - longCount)),
        ];
  const slice = (t: Table) => font.subarray(t.offset, t.offset + t.length);
  const copied = new Map<string, Uint8Array>();
  for (const tag of COPIED) {
    const t = tables.get(tag);
    if (t) copied.set(tag, tag === "name" && name ? name : slice(t));
  }
  // A post table with glyph names (format 2) would index old glyph ids: keep only its header, as format 3.
  const post = copied.get("post");
  if (post && post.length >= 32 && new DataView(post.buffer, post.byteOffset).getUint32(0) !== 0x00030000) {
    const header = post.slice(0, 32);
    new DataView(header.buffer).setUint32(0, 0x00030000);
    copied.set("post", header);
  }

  return {
    cut(codePoints) {
      // (code point, old glyph id), by code point, each code point once.
      const pairs: [number, number][] = [];
      for (const cp of codePoints) {
        const g = glyphOf(cp);
        if (g > 0 && g < numGlyphs) pairs.push([cp, g]);
      }
      pairs.sort((a, b) => a[0] - b[0]);
      const unique = pairs.filter((p, i) => i === 0 || p[0] !== pairs[i - 1]?.[0]);
      const used = unique.map((p) => p[1]).sort((a, b) => a - b);
      // harfbuzz's order: .notdef, then the glyphs by old id.
      const oldIds = [0, ...used.filter((g, i) => i === 0 || g !== used[i - 1])];
      const newId = new Map<number, number>();
      oldIds.forEach((g, i) => newId.set(g, i));

      // Glyph records are copied as they are: only simple glyphs, whose bytes never name another glyph.
      let glyfLength = 0;
      const records: Uint8Array[] = [];
      for (const g of oldIds) {
        const start = glyphStart(g);
        const end = glyphStart(g + 1);
        if (end < start || glyf.offset + end > font.byteLength) return undefined;
        if (end - start >= 2 && view.getInt16(glyf.offset + start) < 0) return undefined;
        const record = font.subarray(glyf.offset + start, glyf.offset + end);
        records.push(record);
        glyfLength += record.length + (record.length & 1);
      }
      const shortLoca = glyfLength / 2 <= 0xffff;

      const cmap = buildCmap(unique, newId);
      if (!cmap) return undefined;
      const hMetrics = oldIds.map((g) => metric(hmtx, horizontalMetrics, g));
      const vMetrics = vertical ? oldIds.map((g) => metric(vertical.vmtx, verticalMetrics, g)) : [];
      const [hmtxBytes, hLong] = buildMetrics(hMetrics);
      const [vmtxBytes, vLong] = vertical ? buildMetrics(vMetrics) : [undefined, 0];

      const out = new Map<string, Uint8Array>(copied);
      out.set("cmap", cmap);
      out.set("hmtx", hmtxBytes);
      const headBytes = slice(head).slice();
      const headView = new DataView(headBytes.buffer);
      headView.setUint32(8, 0);
      headView.setInt16(50, shortLoca ? 0 : 1);
      out.set("head", headBytes);
      out.set("hhea", withUint16(slice(hhea), 34, hLong));
      out.set("maxp", withUint16(slice(maxp), 4, oldIds.length));
      if (vertical && vmtxBytes) {
        out.set("vhea", withUint16(slice(vertical.vhea), 34, vLong));
        out.set("vmtx", vmtxBytes);
      }
      const os2 = out.get("OS/2");
      const first = unique[0]?.[0];
      const last = unique[unique.length - 1]?.[0];
      if (os2 && os2.length >= 68 && first !== undefined && last !== undefined) {
        out.set("OS/2", withUint16(withUint16(os2, 64, Math.min(first, 0xffff)), 66, Math.min(last, 0xffff)));
      }
      const locaBytes = new Uint8Array((oldIds.length + 1) * (shortLoca ? 2 : 4));
      const locaView = new DataView(locaBytes.buffer);
      let at = 0;
      records.forEach((r, i) => {
        if (shortLoca) locaView.setUint16(2 * i, at / 2);
        else locaView.setUint32(4 * i, at);
        at += r.length + (r.length & 1);
      });
      if (shortLoca) locaView.setUint16(2 * records.length, at / 2);
      else locaView.setUint32(4 * records.length, at);
      out.set("loca", locaBytes);

      const bytes = assemble(out, records, glyfLength);
      const codePointsOf = new Map<number, number[]>();
      for (const [cp, g] of unique) {
        const list = codePointsOf.get(g);
        if (list) list.push(cp);
        else codePointsOf.set(g, [cp]);
      }
      return {
        bytes,
        glyphs: oldIds.map((g, i) => ({
          id: i,
          advance: hMetrics[i]?.[0] ?? 0,
          codePoints: codePointsOf.get(g) ?? [],
        })),
      };
    },
  };
}

function withUint16(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint16(offset, value);
  return copy;
}

/** hmtx/vmtx: long metrics up to the last change of advance, then the side bearings alone (as harfbuzz packs them). */
function buildMetrics(metrics: [number, number][]): [Uint8Array, number] {
  let long = metrics.length;
  while (long > 1 && metrics[long - 1]?.[0] === metrics[long - 2]?.[0]) long--;
  const bytes = new Uint8Array(4 * long + 2 * (metrics.length - long));
  const view = new DataView(bytes.buffer);
  metrics.forEach(([advance, bearing], i) => {
    if (i < long) {
      view.setUint16(4 * i, advance);
      view.setInt16(4 * i + 2, bearing);
    } else view.setInt16(4 * long + 2 * (i - long), bearing);
  });
  return [bytes, long];
}

/**
 * A cmap with format 4 for the BMP (Unicode and Windows records) and, when a code point lies beyond it, format 12
 * for all (records 0/4 and 3/10), runs of consecutive code points on consecutive glyphs sharing a segment.
 */
function buildCmap(pairs: [number, number][], newId: Map<number, number>): Uint8Array | undefined {
  const runs: { first: number; last: number; glyph: number }[] = [];
  for (const [cp, old] of pairs) {
    const g = newId.get(old) ?? 0;
    const prev = runs[runs.length - 1];
    if (prev && cp === prev.last + 1 && g === prev.glyph + (cp - prev.first)) prev.last = cp;
    else runs.push({ first: cp, last: cp, glyph: g });
  }
  const bmp: typeof runs = [];
  for (const r of runs) {
    if (r.first > 0xffff) break;
    if (r.last <= 0xffff) bmp.push(r);
    else bmp.push({ ...r, last: 0xffff });
  }
  // The closing 0xFFFF segment maps to .notdef; a run reaching U+FFFF already ends the table.
  if (bmp[bmp.length - 1]?.last !== 0xffff) bmp.push({ first: 0xffff, last: 0xffff, glyph: 0 });
  if (bmp.length > MAX_FORMAT4_SEGMENTS) return undefined;
  const wide = runs.some((r) => r.last > 0xffff);

  const segments = bmp.length;
  const format4Length = 16 + 8 * segments;
  const format12Length = wide ? 16 + 12 * runs.length : 0;
  const records = wide ? 4 : 2;
  const headerLength = 4 + 8 * records;
  const bytes = new Uint8Array(headerLength + format4Length + format12Length);
  const view = new DataView(bytes.buffer);
  const format4At = headerLength;
  const format12At = headerLength + format4Length;
  const recordList: [number, number, number][] = wide
    ? [
        [0, 3, format4At],
        [0, 4, format12At],
        [3, 1, format4At],
        [3, 10, format12At],
      ]
    : [
        [0, 3, format4At],
        [3, 1, format4At],
      ];
  view.setUint16(2, records);
  recordList.forEach(([platform, encoding, offset], i) => {
    view.setUint16(4 + 8 * i, platform);
    view.setUint16(6 + 8 * i, encoding);
    view.setUint32(8 + 8 * i, offset);
  });

  const log2 = Math.floor(Math.log2(segments));
  view.setUint16(format4At, 4);
  view.setUint16(format4At + 2, format4Length);
  view.setUint16(format4At + 6, segments * 2);
  view.setUint16(format4At + 8, 2 * 2 ** log2);
  view.setUint16(format4At + 10, log2);
  view.setUint16(format4At + 12, segments * 2 - 2 * 2 ** log2);
  const ends = format4At + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  // idRangeOffset stays 0 for every segment: each maps by delta alone.
  bmp.forEach((r, i) => {
    view.setUint16(ends + 2 * i, r.last);
    view.setUint16(starts + 2 * i, r.first);
    view.setUint16(deltas + 2 * i, r.first === 0xffff && r.glyph === 0 ? 1 : (r.glyph - r.first) & 0xffff);
  });

  if (wide) {
    view.setUint16(format12At, 12);
    view.setUint32(format12At + 4, format12Length);
    view.setUint32(format12At + 12, runs.length);
    runs.forEach((r, i) => {
      const at = format12At + 16 + 12 * i;
      view.setUint32(at, r.first);
      view.setUint32(at + 4, r.last);
      view.setUint32(at + 8, r.glyph);
    });
  }
  return bytes;
}

/** The font file: table directory sorted by tag, tables 4-byte aligned with glyf last, checksums and head's adjustment. */
function assemble(
  tables: Map<string, Uint8Array>,
  glyphRecords: Uint8Array[],
  glyfLength: number,
): Uint8Array {
  const tags = [...tables.keys(), "glyf"].sort();
  const n = tags.length;
  const log2 = Math.floor(Math.log2(n));
  const pad4 = (v: number) => (v + 3) & ~3;
  let size = HEADER_BYTES + RECORD_BYTES * n;
  for (const bytes of tables.values()) size += pad4(bytes.length);
  size += pad4(glyfLength);
  const font = new Uint8Array(size);
  const view = new DataView(font.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, n);
  view.setUint16(6, 16 * 2 ** log2);
  view.setUint16(8, log2);
  view.setUint16(10, n * 16 - 16 * 2 ** log2);

  const placed = new Map<string, { offset: number; length: number }>();
  let at = HEADER_BYTES + RECORD_BYTES * n;
  for (const tag of [...tables.keys()].sort()) {
    const bytes = tables.get(tag) as Uint8Array;
    font.set(bytes, at);
    placed.set(tag, { offset: at, length: bytes.length });
    at += pad4(bytes.length);
  }
  const glyfAt = at;
  for (const record of glyphRecords) {
    font.set(record, at);
    at += record.length + (record.length & 1);
  }
  placed.set("glyf", { offset: glyfAt, length: glyfLength });

  tags.forEach((tag, i) => {
    const { offset, length } = placed.get(tag) as { offset: number; length: number };
    const record = HEADER_BYTES + RECORD_BYTES * i;
    for (let k = 0; k < 4; k++) font[record + k] = tag.charCodeAt(k);
    view.setUint32(record + 4, checksum(view, offset, length));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, length);
  });
  const head = placed.get("head");
  if (head) view.setUint32(head.offset + 8, (0xb1b0afba - checksum(view, 0, size)) >>> 0);
  return font;
}

/** The OpenType table checksum: the sum of big-endian 32-bit words, the last one zero-padded. */
function checksum(view: DataView, offset: number, length: number): number {
  let sum = 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(offset + i)) >>> 0;
  if (whole < length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < length ? view.getUint8(offset + i) : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}
