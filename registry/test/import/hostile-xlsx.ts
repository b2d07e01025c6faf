// Hostile XLSX workbooks, built in code (never committed): ZIP bombs, a cell of megabytes, millions of shared
// strings, cells beyond the sheet. Parts are given as generators of chunks and deflated as they are written, so a
// part of a gigabyte costs the writer no memory (the memory benchmark builds the full-size ones, the tests smaller).
import { closeSync, openSync, writeSync } from "node:fs";
import { constants, crc32, createDeflateRaw } from "node:zlib";
import { zipCentralEntry, zipEnd, zipLocalHeader } from "./ooxml-fixtures.js";

export interface HostilePart {
  name: string;
  /** The part's bytes, a chunk at a time. */
  chunks: () => Iterable<string | Buffer>;
  /** The inflated size written in the ZIP's headers instead of the true one (a bomb hiding its size). */
  declaredSize?: number;
}

/** Deflates `chunks`, writing the output at `position` of `fd`; resolves with the sizes and the CRC. */
async function deflateInto(
  fd: number,
  position: number,
  chunks: Iterable<string | Buffer>,
): Promise<{ stored: number; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED });
  let stored = 0;
  let size = 0;
  let crc = 0;
  deflate.on("data", (c: Buffer) => {
    writeSync(fd, c, 0, c.length, position + stored);
    stored += c.length;
  });
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  for (const chunk of chunks) {
    const b = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    size += b.length;
    crc = crc32(b, crc);
    if (!deflate.write(b)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  return { stored, size, crc };
}

/** Writes a ZIP of `parts` to `file`, each deflated as it is generated. */
export async function writeHostileZip(file: string, parts: HostilePart[]): Promise<void> {
  const fd = openSync(file, "w");
  try {
    let offset = 0;
    const centrals: Buffer[] = [];
    for (const part of parts) {
      const name = Buffer.from(part.name, "utf8");
      const dataAt = offset + 30 + name.length;
      const { stored, size, crc } = await deflateInto(fd, dataAt, part.chunks());
      // A declared size may lie (a bomb hiding its size); the 32-bit field caps it.
      const entry = {
        method: 8 as const,
        crc,
        stored,
        size: Math.min(part.declaredSize ?? size, 0xfffffffe),
        name,
      };
      const header = zipLocalHeader(entry);
      writeSync(fd, header, 0, 30, offset);
      writeSync(fd, name, 0, name.length, offset + 30);
      centrals.push(zipCentralEntry(entry, offset));
      offset = dataAt + stored;
    }
    const dir = Buffer.concat(centrals);
    writeSync(fd, dir, 0, dir.length, offset);
    writeSync(fd, zipEnd(parts.length, dir.length, offset), 0, 22, offset + dir.length);
  } finally {
    closeSync(fd);
  }
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

/** The parts every workbook has around its sheet (and shared strings, when `shared`). */
function frame(shared: boolean): HostilePart[] {
  const one = (name: string, text: string): HostilePart => ({ name, chunks: () => [text] });
  return [
    one(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    one(
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    one(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    one(
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${shared ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ""}</Relationships>`,
    ),
  ];
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
const SHEET_TAIL = "</sheetData></worksheet>";

/** `text` repeated to `length` characters (whole repeats), in chunks of about 1 Mi characters. */
function* repeat(text: string, length: number): Generator<string> {
  const per = Math.max(1, Math.floor((1 << 20) / text.length));
  const chunk = text.repeat(per);
  let left = Math.ceil(length / text.length);
  for (; left >= per; left -= per) yield chunk;
  if (left > 0) yield text.repeat(left);
}

/** `length` CJK characters of a fixed pseudo-random sequence, in chunks of 64 Ki characters. */
function* variedText(length: number): Generator<string> {
  let x = 20261208;
  for (let given = 0; given < length;) {
    const n = Math.min(1 << 16, length - given);
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      codes[i] = 0x4e00 + (x % 20000);
    }
    yield String.fromCharCode(...codes);
    given += n;
  }
}

/** A worksheet part of `head`, then what `body` generates, then the end of the sheet. */
function sheet(body: () => Iterable<string>, declaredSize?: number): HostilePart {
  return {
    name: "xl/worksheets/sheet1.xml",
    chunks: function* () {
      yield SHEET_HEAD;
      yield* body();
      yield SHEET_TAIL;
    },
    ...(declaredSize !== undefined ? { declaredSize } : {}),
  };
}

/** Rows of distinct numbers (data that deflates like a real sheet's, 5–10 times), about `bytes` of them. */
function* plainRows(bytes: number, from = 1): Generator<string> {
  let out = "";
  let given = 0;
  for (let r = from; given < bytes; r++) {
    out += `<row r="${r}"><c r="A${r}"><v>${(r * 7919) % 1000003}</v></c><c r="B${r}"><v>${(r * 104729) % 999983}</v></c></row>`;
    if (out.length >= 1 << 16) {
      given += out.length;
      yield out;
      out = "";
    }
  }
  if (out) yield out;
}

export const hostile = {
  /**
   * A ZIP bomb: a worksheet of `bytes` of markup that deflates about 1000 to 1 (1 GiB → ~1 MB), its true size in the
   * headers or, with `hide`, a small one.
   */
  bomb: (bytes: number, hide = false): HostilePart[] => [
    ...frame(false),
    sheet(() => repeat("<x/>", bytes), hide ? 1000 : undefined),
  ],
  /** A worksheet of `bytes` of plain rows: too large for a small part limit without being a bomb. */
  large: (bytes: number, hide = false): HostilePart[] => [
    ...frame(false),
    sheet(() => plainRows(bytes), hide ? 1000 : undefined),
  ],
  /**
   * One inline-string cell of `chars` characters: the same character (hundreds of megabytes compress to kilobytes),
   * or with `varied` characters that deflate like text.
   */
  inlineString: (chars: number, varied = false): HostilePart[] => [
    ...frame(false),
    sheet(function* () {
      yield `<row r="1"><c r="A1" t="inlineStr"><is><t>`;
      yield* varied ? variedText(chars) : repeat("长", chars);
      yield `</t></is></c></row>`;
    }),
  ],
  /** One shared string of `chars` characters, used by cell A1. */
  sharedString: (chars: number): HostilePart[] => [
    ...frame(true),
    sheet(() => [`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`]),
    {
      name: "xl/sharedStrings.xml",
      chunks: () => [`<sst xmlns="${MAIN}"><si><t>${"长".repeat(chars)}</t></si></sst>`],
    },
  ],
  /** `count` tiny distinct shared strings (10 million: ~200 MB of XML, ~30 MB stored). */
  manyStrings: (count: number): HostilePart[] => [
    ...frame(true),
    sheet(() => [`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`]),
    {
      name: "xl/sharedStrings.xml",
      chunks: function* () {
        yield `<sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">`;
        let out = "";
        for (let i = 0; i < count; i++) {
          out += `<si><t>${i.toString(36)}</t></si>`;
          if (out.length >= 1 << 16) {
            yield out;
            out = "";
          }
        }
        yield `${out}</sst>`;
      },
    },
  ],
  /** A row of `cells` small cells: its XML longer than any register's row. */
  wideRow: (cells: number): HostilePart[] => [
    ...frame(false),
    sheet(function* () {
      yield `<row r="1">`;
      let out = "";
      for (let i = 0; i < cells; i++) {
        out += `<c r="A1"><v>${i}</v></c>`;
        if (out.length >= 1 << 16) {
          yield out;
          out = "";
        }
      }
      yield `${out}</row>`;
    }),
  ],
  /** A cell at `ref` (e.g. "ZZZZZ1" right of XFD, "A2000000" below the last row). */
  cellAt: (ref: string): HostilePart[] => [
    ...frame(false),
    sheet(() => [`<row r="${/\d+$/u.exec(ref)?.[0] ?? "1"}"><c r="${ref}"><v>1</v></c></row>`]),
  ],
};
