// Realistic paper registers for the import tests: 食品经营许可 ledger rows with valid credit codes, written as CSV in
// UTF-8, UTF-8 with BOM or GBK (encoded through a table built from the runtime's own GBK decoder).
import { writeFileSync } from "node:fs";
import { randomValidCreditCode, seededRng, type Rng } from "@elicence/core";

export const FOOD = "11100000MB0143028R013";
export const TEACHER = "11100000000013303A001";
export const MARKET = "11441521MB2C97310M";
export const EDUCATION = "114415210071937149";

export const TITLE = "海丰县食品经营许可登记台账（2019年）";
export const FOOD_HEADER = [
  "序号",
  "经营者名称",
  "统一社会信用代码",
  "法定代表人（负责人）",
  "住所",
  "经营场所",
  "主体业态",
  "经营项目",
  "许可证编号",
  "发证日期",
  "有效期至",
  "日常监督管理机构",
  "日常监督管理人员",
  "投诉举报电话",
  "备注",
] as const;
export type FoodColumn = (typeof FOOD_HEADER)[number];
export type FoodRow = Record<FoodColumn, string>;

const TOWNS = ["海城镇", "附城镇", "城东镇", "梅陇镇", "公平镇", "可塘镇", "赤坑镇", "陶河镇"];
const SHOPS = [
  "潮汕牛肉火锅店",
  "鸿运来餐饮有限公司",
  "客家擂茶馆",
  "便利店",
  "海鲜大排档",
  "糖水铺",
  "烧腊店",
  "食品商行",
];
const SURNAMES = ["陈", "林", "黄", "李", "吴", "郑", "张", "蔡", "彭", "欧阳"];
const GIVEN = ["晓明", "文辉", "丽娟", "志强", "少华", "秀英", "建国", "海燕"];

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** Paper number JY + 主体业态 digit + 441521 + 6-digit sequence + 1 digit: unique for i < 1,000,000. */
export function paperNumber(i: number, category = 2): string {
  return `JY${category}441521${String(i).padStart(6, "0")}${i % 10}`;
}

/**
 * A valid credit code of a Haifeng business. Codes of digits around one E (92441521817955E978) are skipped: the
 * identifiers module reads them as spreadsheet floats (reported separately), and these rows must import cleanly.
 */
export function creditCode(rng: Rng): string {
  for (;;) {
    const code = randomValidCreditCode(rng, { registrationAuthority: "9", orgType: "2", division: "441521" });
    if (!/^\d+E\d+$/u.test(code)) return code;
  }
}

/** A row that imports cleanly; `i` makes the paper number unique and the content varied. */
export function goodFoodRow(i: number, rng: Rng = seededRng(i + 1)): FoodRow {
  const town = pick(rng, TOWNS);
  const shop = pick(rng, SHOPS);
  const restaurant = !shop.includes("商行") && !shop.includes("便利店");
  const year = 2017 + (i % 6);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  return {
    序号: String(i),
    经营者名称: `海丰县${town}${shop}${i}号`,
    统一社会信用代码: creditCode(rng),
    "法定代表人（负责人）": pick(rng, SURNAMES) + pick(rng, GIVEN),
    住所: `广东省汕尾市海丰县${town}人民路${(i % 300) + 1}号`,
    经营场所: `广东省汕尾市海丰县${town}人民路${(i % 300) + 1}号首层`,
    主体业态: restaurant ? "餐饮服务经营者" : "食品销售经营者",
    经营项目: restaurant
      ? "散装食品（含冷藏冷冻食品、含熟食）销售、热食类食品制售，冷食类食品制售"
      : "预包装食品（含冷藏冷冻食品）销售；散装食品（不含熟食）销售",
    许可证编号: paperNumber(i, restaurant ? 2 : 1),
    发证日期: i % 3 === 0 ? `${year}年${month}月${day}日` : `${year}/${month}/${day}`,
    有效期至: "",
    日常监督管理机构: `海丰县市场监督管理局${town.replace("镇", "")}市场监督管理所`,
    日常监督管理人员: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}、${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`,
    投诉举报电话: "12315",
    备注: "",
  };
}

export function rowCells(row: FoodRow): string[] {
  return FOOD_HEADER.map((h) => row[h]);
}

function csvCell(v: string): string {
  return /[",\r\n]/u.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(lines: readonly (readonly string[])[], eol = "\r\n"): string {
  return lines.map((cells) => cells.map(csvCell).join(",")).join(eol) + eol;
}

let gbkTable: Map<string, number> | undefined;

/** Encodes text as GBK; throws on a character GBK lacks. */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const c = decoder.decode(Uint8Array.of(lead, trail));
        if (c.length === 1 && c !== "\uFFFD" && !gbkTable.has(c)) gbkTable.set(c, (lead << 8) | trail);
      }
  }
  const out: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const pair = gbkTable.get(c);
      if (pair === undefined) throw new Error(`GBK has no ${c}`);
      out.push(pair >> 8, pair & 0xff);
    }
  }
  return Buffer.from(out);
}

export function writeRegister(
  path: string,
  csv: string,
  encoding: "utf-8" | "utf-8-bom" | "gbk" = "utf-8",
): void {
  if (encoding === "gbk") writeFileSync(path, encodeGbk(csv));
  else writeFileSync(path, (encoding === "utf-8-bom" ? "\uFEFF" : "") + csv, "utf8");
}

/** A register of `n` good rows under a title row, as real ledgers are exported. */
export function goodRegister(n: number, first = 1): string {
  const lines: string[][] = [[TITLE], [...FOOD_HEADER]];
  for (let i = first; i < first + n; i++) lines.push(rowCells(goodFoodRow(i)));
  return toCsv(lines);
}
