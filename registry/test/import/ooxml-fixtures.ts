// Hand-made XLSX workbooks, part by part, for what writers other than exceljs do (no binary fixtures committed):
// WPS, Excel, openpyxl and LibreOffice differ in how they store strings (shared, inline, formula results), dates
// (day numbers with a built-in or custom date style), where the parts are and how relationships point at them
// (relative, absolute, "../"), namespace prefixes (`x:`), a byte order mark, a dimension or none, empty rows kept
// or left out, hidden and extra sheets, merged cells. A minimal ZIP writer puts the parts together.
import { writeFileSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";

/** One entry's sizes and checksum, as both ZIP headers state them. */
export interface ZipEntryFacts {
  method: 0 | 8;
  crc: number;
  /** Bytes as stored (compressed). */
  stored: number;
  /** Bytes once inflated, as declared. */
  size: number;
  name: Buffer;
}

/** The local file header (30 bytes; the name follows it). */
export function zipLocalHeader(e: ZipEntryFacts): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x800, 6);
  header.writeUInt16LE(e.method, 8);
  header.writeUInt32LE(e.crc >>> 0, 14);
  header.writeUInt32LE(e.stored, 18);
  header.writeUInt32LE(e.size, 22);
  header.writeUInt16LE(e.name.length, 26);
  return header;
}

/** The central directory entry of a part whose local header is at `offset`, with its name. */
export function zipCentralEntry(e: ZipEntryFacts, offset: number): Buffer {
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x800, 8);
  central.writeUInt16LE(e.method, 10);
  central.writeUInt32LE(e.crc >>> 0, 16);
  central.writeUInt32LE(e.stored, 20);
  central.writeUInt32LE(e.size, 24);
  central.writeUInt16LE(e.name.length, 28);
  central.writeUInt32LE(offset, 42);
  return Buffer.concat([central, e.name]);
}

/** The end of central directory record: `count` entries, the directory's length and where it starts. */
export function zipEnd(count: number, dirLength: number, dirOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dirLength, 12);
  end.writeUInt32LE(dirOffset, 16);
  return end;
}

/** A ZIP of the given parts, deflated (or stored), with a central directory. */
export function zip(parts: [string, string | Buffer][], method: 0 | 8 = 8): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const entry = {
      method,
      crc: crc32(data),
      stored: stored.length,
      size: data.length,
      name: Buffer.from(name, "utf8"),
    };
    locals.push(zipLocalHeader(entry), entry.name, stored);
    centrals.push(zipCentralEntry(entry, offset));
    offset += 30 + entry.name.length + stored.length;
  }
  const dir = Buffer.concat(centrals);
  return Buffer.concat([...locals, dir, zipEnd(parts.length, dir.length, offset)]);
}

/** A cell of the register: text, or a number the writer may store as a number cell; "" is an empty cell. */
export type PlainCell = string | number;

export interface OoxmlVariant {
  /** shared: t="s" (Excel, WPS); inline: t="inlineStr" (some exporters); formula: t="str" cached formula results. */
  strings: "shared" | "inline" | "formula";
  /**
   * Cells that are dates: as text, as day numbers with a built-in (14) or custom (yyyy"年"m"月"d"日") date style, or as
   * ISO 8601 date cells (t="d").
   */
  dates: "text" | "builtin" | "custom" | "iso";
  /** Numbers as number cells, or as text cells with the Text (@) format. */
  numbers: "number" | "text";
  workbookPart?: string;
  sheetPart?: string;
  /** How workbook.xml.rels and _rels/.rels point at parts. */
  targets: "relative" | "absolute" | "dotdot";
  /** A namespace prefix for SpreadsheetML elements, as in <x:row>. */
  prefix?: string;
  bom?: boolean;
  dimension?: boolean;
  /** A hidden list sheet before the register and a notes sheet after it. */
  extraSheets?: boolean;
  /** Empty rows written as <row r="n"/> instead of left out. */
  emptyRowsKept?: boolean;
  /** Rows and cells without their r attribute (each the one after the previous): empty ones written as <row/>, <c/>. */
  noAddresses?: boolean;
  /** Cells merged: each given range, e.g. "A1:O1" (the title across the header). */
  merged?: string[];
  /** Stored instead of deflated. */
  stored?: boolean;
  /** Text cells of more than one character as two runs (the second bold), as rich text is stored. */
  runs?: boolean;
  /** A phonetic guide (<rPh>, typed with a Japanese IME) after each string's text. */
  phonetic?: boolean;
  /** Strict Open XML namespaces and relationship types instead of transitional ones. */
  strict?: boolean;
}

const TRANSITIONAL = {
  main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
  rel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
};
/** Strict Open XML (Excel's "Strict Open XML Spreadsheet"): other namespaces and relationship types. */
const STRICT = {
  main: "http://purl.oclc.org/ooxml/spreadsheetml/main",
  rel: "http://purl.oclc.org/ooxml/officeDocument/relationships",
};
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const esc = (s: string) =>
  s.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/"/gu, "&quot;");

function columnLetter(i: number): string {
  let name = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Day number (1900 date system) of an ISO date. */
export const serialOf = (iso: string) =>
  (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

/**
 * Writes `rows` as a workbook of the given variant. `dateColumns` are 0-based columns whose ISO-dated cells
 * (YYYY-MM-DD) are written as dates unless the variant keeps dates as text.
 */
export function writeOoxml(
  path: string,
  rows: PlainCell[][],
  variant: OoxmlVariant,
  dateColumns: number[] = [],
): void {
  const p = variant.prefix ? `${variant.prefix}:` : "";
  const { main: MAIN, rel: REL } = variant.strict ? STRICT : TRANSITIONAL;
  const ns = variant.prefix ? `xmlns:${variant.prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  const bom = variant.bom ? "\uFEFF" : "";
  const xml = (body: string) => bom + XML_DECL + body;
  const workbookPart = variant.workbookPart ?? "xl/workbook.xml";
  const sheetPart = variant.sheetPart ?? "xl/worksheets/sheet1.xml";
  const folder = workbookPart.split("/").slice(0, -1);
  const target = (part: string) => {
    if (variant.targets === "absolute") return `/${part}`;
    const rel = part.startsWith(`${folder.join("/")}/`) ? part.slice(folder.join("/").length + 1) : part;
    return variant.targets === "dotdot" && folder.length > 0 ? `../${folder.at(-1)}/${rel}` : rel;
  };

  /** The inside of <si> or <is>: one text, or runs; a phonetic guide after it. */
  const stringBody = (value: string) => {
    const chars = [...value];
    const half = Math.ceil(chars.length / 2);
    const body =
      variant.runs && chars.length > 1
        ? `<${p}r><${p}t xml:space="preserve">${esc(chars.slice(0, half).join(""))}</${p}t></${p}r>` +
          `<${p}r><${p}rPr><${p}b/></${p}rPr><${p}t xml:space="preserve">${esc(chars.slice(half).join(""))}</${p}t></${p}r>`
        : `<${p}t xml:space="preserve">${esc(value)}</${p}t>`;
    return variant.phonetic ? `${body}<${p}rPh sb="0" eb="1"><${p}t>フリガナ</${p}t></${p}rPh>` : body;
  };
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const text = (ref: string, value: string, style = 0) => {
    const s = style ? ` s="${style}"` : "";
    switch (variant.strings) {
      case "shared": {
        let i = sharedIndex.get(value);
        if (i === undefined) {
          i = shared.push(value) - 1;
          sharedIndex.set(value, i);
        }
        return `<${p}c r="${ref}"${s} t="s"><${p}v>${i}</${p}v></${p}c>`;
      }
      case "inline":
        return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is>${stringBody(value)}</${p}is></${p}c>`;
      case "formula":
        return `<${p}c r="${ref}"${s} t="str"><${p}f>TRIM("${esc(value.replace(/"/gu, '""'))}")</${p}f><${p}v>${esc(value)}</${p}v></${p}c>`;
    }
  };
  const cell = (r: number, c: number, v: PlainCell): string =>
    variant.noAddresses ? addressedCell(r, c, v).replace(/ r="[A-Z]+\d+"/u, "") : addressedCell(r, c, v);
  const addressedCell = (r: number, c: number, v: PlainCell): string => {
    const ref = `${columnLetter(c)}${r}`;
    if (v === "") return variant.noAddresses ? `<${p}c/>` : "";
    if (
      dateColumns.includes(c) &&
      typeof v === "string" &&
      /^\d{4}-\d{2}-\d{2}$/u.test(v) &&
      variant.dates !== "text"
    )
      return variant.dates === "iso"
        ? `<${p}c r="${ref}" s="1" t="d"><${p}v>${v}T00:00:00</${p}v></${p}c>`
        : `<${p}c r="${ref}" s="${variant.dates === "builtin" ? 1 : 2}"><${p}v>${serialOf(v)}</${p}v></${p}c>`;
    if (typeof v === "number")
      return variant.numbers === "number"
        ? `<${p}c r="${ref}"><${p}v>${v}</${p}v></${p}c>`
        : text(ref, String(v), 3);
    return text(ref, v);
  };
  const width = Math.max(1, ...rows.map((r) => r.length));
  const sheetRows = rows
    .map((cells, i) => {
      const r = i + 1;
      const body = cells.map((v, c) => cell(r, c, v)).join("");
      if (variant.noAddresses) return `<${p}row>${body}</${p}row>`;
      if (body === "") return variant.emptyRowsKept ? `<${p}row r="${r}"/>` : "";
      return `<${p}row r="${r}">${body}</${p}row>`;
    })
    .join("");
  const worksheet = (data: string, merged: string[] = []) =>
    xml(
      `<${p}worksheet ${ns} xmlns:r="${REL}">` +
        (variant.dimension === false
          ? ""
          : `<${p}dimension ref="A1:${columnLetter(width - 1)}${rows.length}"/>`) +
        `<${p}sheetData>${data}</${p}sheetData>` +
        (merged.length > 0
          ? `<${p}mergeCells count="${merged.length}">${merged.map((m) => `<${p}mergeCell ref="${m}"/>`).join("")}</${p}mergeCells>`
          : "") +
        `</${p}worksheet>`,
    );
  const sheets: { name: string; part: string; xml: string; state?: string }[] = [];
  if (variant.extraSheets)
    sheets.push({
      name: "字典",
      part: "xl/worksheets/lists.xml",
      state: "hidden",
      xml: worksheet(`<${p}row r="1">${text("A1", "餐饮服务经营者")}</${p}row>`),
    });
  sheets.push({ name: "台账", part: sheetPart, xml: worksheet(sheetRows, variant.merged) });
  if (variant.extraSheets)
    sheets.push({
      name: "说明",
      part: "xl/worksheets/notes.xml",
      xml: worksheet(`<${p}row r="1">${text("A1", "填表说明：统一社会信用代码请设为文本格式")}</${p}row>`),
    });

  const stylesPart = [...folder, "styles.xml"].join("/");
  const sharedPart = [...folder, "sharedStrings.xml"].join("/");
  const styles = xml(
    `<${p}styleSheet ${ns}>` +
      `<${p}numFmts count="1"><${p}numFmt numFmtId="176" formatCode="${esc('yyyy"年"m"月"d"日"')}"/></${p}numFmts>` +
      `<${p}fonts count="1"><${p}font><${p}sz val="11"/><${p}name val="宋体"/></${p}font></${p}fonts>` +
      `<${p}fills count="1"><${p}fill><${p}patternFill patternType="none"/></${p}fill></${p}fills>` +
      `<${p}borders count="1"><${p}border/></${p}borders>` +
      `<${p}cellStyleXfs count="1"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></${p}cellStyleXfs>` +
      `<${p}cellXfs count="4">` +
      `<${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      `<${p}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
      `<${p}xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
      `<${p}xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
      `</${p}cellXfs></${p}styleSheet>`,
  );
  const workbook = xml(
    `<${p}workbook ${ns} xmlns:r="${REL}"><${p}sheets>` +
      sheets
        .map(
          (s, i) =>
            `<${p}sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`,
        )
        .join("") +
      `</${p}sheets></${p}workbook>`,
  );
  const rel = (id: string, type: string, part: string) =>
    `<Relationship Id="${id}" Type="${REL}/${type}" Target="${esc(target(part))}"/>`;
  const workbookRels = xml(
    `<Relationships xmlns="${PKG}">` +
      sheets.map((s, i) => rel(`rId${i + 1}`, "worksheet", s.part)).join("") +
      rel("rIdS", "styles", stylesPart) +
      (variant.strings === "shared" ? rel("rIdT", "sharedStrings", sharedPart) : "") +
      `</Relationships>`,
  );
  const rootRels = xml(
    `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${variant.targets === "absolute" ? "/" : ""}${workbookPart}"/></Relationships>`,
  );
  const sharedStrings = xml(
    `<${p}sst ${ns} count="${shared.length}" uniqueCount="${shared.length}">` +
      shared.map((s) => `<${p}si>${stringBody(s)}</${p}si>`).join("") +
      `</${p}sst>`,
  );
  const contentTypes = xml(
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/${workbookPart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      sheets
        .map(
          (s) =>
            `<Override PartName="/${s.part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join("") +
      `</Types>`,
  );
  // Worksheets before the workbook and its relationships, as some writers order them.
  const parts: [string, string][] = [
    ["[Content_Types].xml", contentTypes],
    ...sheets.map((s) => [s.part, s.xml] as [string, string]),
    ["_rels/.rels", rootRels],
    [stylesPart, styles],
    [workbookPart, workbook],
    [[...folder, "_rels", `${workbookPart.split("/").at(-1)}.rels`].join("/"), workbookRels],
  ];
  if (variant.strings === "shared") parts.push([sharedPart, sharedStrings]);
  writeFileSync(path, zip(parts, variant.stored ? 0 : 8));
}
