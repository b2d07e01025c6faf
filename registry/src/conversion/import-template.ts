// The register template of a licence type: the columns the importer reads, headed as the importer accepts them
// (the type's import.columns, else the printed label), an example row from the type's example, and for each column
// the allowed values (enumerations) and a note in Chinese on how to fill it in. Written as CSV or XLSX by
// import-template-files.ts; the same plan is what `elicence import template` and the HTTP route hand out.
import type { FieldProperty, LicenceType } from "../catalogue/index.js";
import { normaliseHeader, recordTarget, type ImportTarget } from "./column-plan.js";
import { ImportError } from "./import-error.js";

export interface TemplateColumn {
  header: string;
  /** What the column feeds (one column may feed the paper number and the field printing it). */
  targets: ImportTarget[];
  required: boolean;
  /** The example row's cell. */
  example: string;
  /** Values a cell may hold (one of them, or for a list, several joined with 、). */
  allowed?: readonly string[];
  /** Several values allowed, joined with 、. */
  list: boolean;
  /** A text column whose digits a spreadsheet must not turn into a number (codes, numbers, phone numbers). */
  text: boolean;
  /** How to fill it in (Chinese). */
  note: string;
}

/** A date the example row can use for the date of issue: in the past, whatever today is. */
const EXAMPLE_ISSUED_ON = "2024-03-12";

/** An example value as a register cell: a list joined with 、 (as the importer splits it), yes/no as 是/否. */
function cellOf(v: unknown): string {
  if (Array.isArray(v)) return v.map(cellOf).join("、");
  if (typeof v === "boolean") return v ? "是" : "否";
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

function enumOf(p: FieldProperty | undefined): readonly string[] | undefined {
  const node = p?.type === "array" ? (p.items as FieldProperty | undefined) : p;
  return Array.isArray(node?.enum) ? node.enum.map(String) : undefined;
}

function fieldNote(p: FieldProperty, required: boolean): string {
  const parts = [required ? "必填。" : "选填。"];
  const allowed = enumOf(p);
  const items = p.type === "array" ? (p.items as FieldProperty | undefined) : undefined;
  if (p.type === "array")
    parts.push(
      allowed ? `可多选，从 ${allowed.join("、")} 中选择，多项以“、”分隔。` : "可填多项，以“、”分隔。",
    );
  else if (allowed) parts.push(`从下拉列表选择：${allowed.join("、")}。`);
  if (p.format === "date") parts.push("日期写成 2019-03-12 或 2019年3月12日。");
  if (p.type === "boolean") parts.push("填“是”或“否”。");
  if (p.type === "integer" || p.type === "number") parts.push("填数字。");
  const examples = p.examples;
  if (typeof p.pattern === "string" && Array.isArray(examples) && typeof examples[0] === "string")
    parts.push(`格式如 ${examples[0]}，本列请设为文本格式。`);
  const max = typeof p.maxLength === "number" ? p.maxLength : items?.maxLength;
  if (typeof max === "number") parts.push(`${p.type === "array" ? "每项" : ""}不超过 ${max} 个字。`);
  return parts.join("");
}

/** The template's columns, in the order of the record: holder, paper number, dates, then the fields. */
export function templateColumns(type: LicenceType): TemplateColumn[] {
  const mapping = Object.entries(type.import?.columns ?? {});
  if (mapping.length === 0)
    throw new ImportError(
      "REG_IMPORT_NO_MAPPING",
      `${type.name.zh} (${type.code}) declares no import.columns in ${type.source}; add the mapping of register headers to fields before handing out a template.`,
    );
  const mappedHeader = (target: ImportTarget) => mapping.find(([, t]) => recordTarget(t) === target)?.[0];
  const columns: TemplateColumn[] = [];
  const byHeader = new Map<string, TemplateColumn>();
  const add = (
    header: string,
    target: ImportTarget,
    fill: () => Omit<TemplateColumn, "header" | "targets">,
  ) => {
    const existing = byHeader.get(normaliseHeader(header));
    if (existing) {
      existing.targets.push(target);
      return;
    }
    const column = { header, targets: [target], ...fill() };
    byHeader.set(normaliseHeader(header), column);
    columns.push(column);
  };
  const person = type.holderKind === "person";
  add(mappedHeader("holder.name") ?? type.holderTitles.name, "holder.name", () => ({
    required: true,
    example: type.exampleHolder?.name ?? "",
    list: false,
    text: false,
    note: `必填。${person ? "持证人姓名" : "持证单位名称"}，与纸质证照一致。`,
  }));
  add(mappedHeader("holder.code") ?? type.holderTitles.code, "holder.code", () => ({
    required: true,
    example: type.exampleHolder?.code ?? "",
    list: false,
    text: true,
    note: `必填。${person ? "18位公民身份号码" : "18位统一社会信用代码"}，本列请设为文本格式，以免末尾数字丢失。`,
  }));
  const paperHeader = mappedHeader("provenance.paperNumber");
  if (paperHeader !== undefined) {
    // A field printed from the same column (许可证编号) gives the example its number.
    const field =
      mapping.find(([h, t]) => h === paperHeader && t !== "provenance.paperNumber")?.[1] ??
      Object.entries(type.schema.properties).find(
        ([, p]) => normaliseHeader(p.title) === normaliseHeader(paperHeader),
      )?.[0];
    add(paperHeader, "provenance.paperNumber", () => ({
      required: true,
      example: field !== undefined ? cellOf(type.example[field]) || "示例-0001" : "示例-0001",
      list: false,
      text: true,
      note: "必填。纸质证照上的编号，重复导入时据此识别已导入的记录；本列请设为文本格式。",
    }));
  }
  const dates: [ImportTarget, string, string][] = [
    ["issuedOn", EXAMPLE_ISSUED_ON, "必填。纸质证照上的发证日期，写成 2019-03-12 或 2019年3月12日。"],
    ["validFrom", "", "选填。有效期起始日期，留空则为发证日期。"],
    ["validUntil", "", "选填。有效期截止日期；留空则按该证照的有效期自动计算，长期有效的填“长期”。"],
  ];
  for (const [target, example, note] of dates) {
    const header = mappedHeader(target);
    if (header !== undefined)
      add(header, target, () => ({
        required: target === "issuedOn",
        example,
        list: false,
        text: false,
        note,
      }));
  }
  const required = new Set(type.schema.required);
  for (const [name, p] of Object.entries(type.schema.properties)) {
    const target = `fields.${name}`;
    const allowed = enumOf(p);
    add(mappedHeader(target) ?? p.title, target, () => ({
      required: required.has(name),
      example: cellOf(type.example[name]),
      ...(allowed ? { allowed } : {}),
      list: p.type === "array",
      text: typeof p.pattern === "string",
      note: fieldNote(p, required.has(name)),
    }));
  }
  return columns;
}
