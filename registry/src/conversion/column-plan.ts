// Maps a register's header row to import targets. A column feeds the target its header is mapped to in the type's
// import.columns, and, failing that, the field (or holder member) whose printed label is the header: registers
// usually head their columns with the labels the licence prints, e.g. 许可证编号 both names the paper number
// (mapped) and is the title of the licenceNumber field.
import { IMPORT_TARGETS, type LicenceType } from "../catalogue/index.js";
import { ImportError } from "./import-error.js";

/** `holder.name`, `holder.code`, `provenance.paperNumber`, `issuedOn`, `validFrom`, `validUntil` or `fields.<name>`. */
export type ImportTarget = string;

export interface PlannedColumn {
  /** 0-based cell index. */
  index: number;
  /** The header as written in the file (trimmed). */
  header: string;
  targets: ImportTarget[];
}

export interface ColumnPlan {
  headerRow: number;
  /** Number of header cells up to the last non-empty one. */
  width: number;
  columns: PlannedColumn[];
  /** Headers the licence type does not use (序号, 备注 …), as written. */
  ignored: string[];
  /** The header (as written) of the column that feeds a target. */
  headerOf(target: ImportTarget): string | undefined;
}

/** Targets that are members of the record, not fields of the type (the catalogue lists them). */
const RECORD_TARGETS: ReadonlySet<string> = new Set(IMPORT_TARGETS);

/** Header text compared loosely: full-width forms folded (NFKC), spaces and required-marks (*) removed. */
export function normaliseHeader(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]+/gu, "")
    .replace(/^\*+|\*+$|[:：]+$/gu, "")
    .toLowerCase();
}

/** What import.columns targets mean for a licence record: schema fields get the `fields.` prefix. */
export function recordTarget(target: string): ImportTarget {
  return RECORD_TARGETS.has(target) ? target : `fields.${target}`;
}

interface Vocabulary {
  mapped: Map<string, ImportTarget>;
  titled: Map<string, ImportTarget>;
}

function vocabulary(type: LicenceType): Vocabulary {
  const mapped = new Map<string, ImportTarget>();
  for (const [header, target] of Object.entries(type.import?.columns ?? {}))
    mapped.set(normaliseHeader(header), recordTarget(target));
  const titled = new Map<string, ImportTarget>();
  titled.set(normaliseHeader(type.holderTitles.name), "holder.name");
  titled.set(normaliseHeader(type.holderTitles.code), "holder.code");
  for (const [name, prop] of Object.entries(type.schema.properties))
    titled.set(normaliseHeader(prop.title), `fields.${name}`);
  return { mapped, titled };
}

/** How many cells of a row are headers the type knows: the header row is the row that names the most. */
export function headerScore(type: LicenceType, cells: readonly string[]): number {
  const { mapped, titled } = vocabulary(type);
  return cells.filter((c) => {
    const h = normaliseHeader(c);
    return h !== "" && (mapped.has(h) || titled.has(h));
  }).length;
}

/** Targets every row must be able to fill. */
export function requiredTargets(type: LicenceType): ImportTarget[] {
  return [
    "holder.name",
    "holder.code",
    "provenance.paperNumber",
    ...type.schema.required.map((f) => `fields.${f}`),
  ];
}

/** Where a target would come from, for messages: the mapped header(s) and the printed label. */
function headersFor(type: LicenceType, target: ImportTarget): string[] {
  const names = Object.entries(type.import?.columns ?? {})
    .filter(([, t]) => recordTarget(t) === target)
    .map(([h]) => h);
  if (target === "holder.name") names.push(type.holderTitles.name);
  else if (target === "holder.code") names.push(type.holderTitles.code);
  else if (target.startsWith("fields.")) {
    const title = type.schema.properties[target.slice(7)]?.title;
    if (title !== undefined) names.push(title);
  }
  return [...new Set(names)];
}

export function planColumns(type: LicenceType, cells: readonly string[], headerRow: number): ColumnPlan {
  const { mapped, titled } = vocabulary(type);
  const headers = cells.map((c) => c.trim());
  let width = headers.length;
  while (width > 0 && headers[width - 1] === "") width--;

  const source = new Map<ImportTarget, number>();
  const repeated: string[] = [];
  const claim = (target: ImportTarget, index: number) => {
    const first = source.get(target);
    if (first === undefined) source.set(target, index);
    else
      repeated.push(
        `columns ${columnName(first)} "${headers[first]}" and ${columnName(index)} "${headers[index]}" both map to ${target}`,
      );
  };
  // Mapped headers first, so that a printed label never takes a target the mapping gives to another column.
  headers.forEach((h, i) => {
    const target = mapped.get(normaliseHeader(h));
    if (h !== "" && target !== undefined) claim(target, i);
  });
  headers.forEach((h, i) => {
    const target = titled.get(normaliseHeader(h));
    if (h === "" || target === undefined) return;
    const taken = source.get(target);
    if (taken === undefined) source.set(target, i);
    else if (taken !== i && mapped.get(normaliseHeader(headers[taken] ?? "")) !== target) claim(target, i);
  });
  if (repeated.length > 0)
    throw new ImportError(
      "REG_IMPORT_COLUMN_REPEATED",
      `Row ${headerRow} (the header) names a target twice; delete or rename one column of each pair.`,
      repeated,
    );

  const missing = requiredTargets(type).filter((t) => !source.has(t));
  if (missing.length > 0)
    throw new ImportError(
      "REG_IMPORT_COLUMNS_MISSING",
      `The header (row ${headerRow}) lacks ${missing.length} column(s) every ${type.name.zh} needs; add them or rename the headers.`,
      missing.map(
        (t) =>
          `${t}: a column headed ${headersFor(type, t)
            .map((h) => `"${h}"`)
            .join(" or ")}`,
      ),
    );

  const byIndex = new Map<number, ImportTarget[]>();
  for (const [target, index] of source) byIndex.set(index, [...(byIndex.get(index) ?? []), target]);
  const columns = [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, targets]) => ({ index, header: headers[index] ?? "", targets }));
  const ignored = headers.filter((h, i) => h !== "" && !byIndex.has(i));
  return {
    headerRow,
    width,
    columns,
    ignored,
    headerOf: (target) => {
      const i = source.get(target);
      return i === undefined ? undefined : headers[i];
    },
  };
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
