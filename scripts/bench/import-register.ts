// Realistic paper registers for the import benchmark: a county's 食品经营许可 ledger (the shipped food-licence type),
// every row valid — credit codes with both check characters right, Chinese names and addresses, dates in the forms
// clerks type — written as CSV (UTF-8 with BOM, as Excel's "CSV UTF-8" saves) and as XLSX (shared strings and date
// cells, as Excel saves), both under a title row. Seeded, so every run imports the same rows. The columns, credit
// codes, paper numbers and CSV quoting are the import tests' own (registry/test/import/register-fixtures.ts).
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import ExcelJS from "exceljs";
import { seededRng } from "@elicence/core";
import {
  FOOD,
  FOOD_HEADER,
  MARKET,
  creditCode,
  paperNumber,
  pick,
  toCsv,
} from "../../registry/test/import/register-fixtures.js";

export { FOOD as FOOD_TYPE, MARKET as FOOD_DEPARTMENT };

const TITLE = "海丰县食品经营许可登记台账（2015—2024年）";

const TOWNS = [
  "海城镇",
  "附城镇",
  "城东镇",
  "梅陇镇",
  "公平镇",
  "可塘镇",
  "赤坑镇",
  "陶河镇",
  "联安镇",
  "黄羌镇",
];
const STREETS = ["人民路", "新平路", "二环路", "红城大道", "海银路", "三角路", "云岭路", "龙津路"];
const RESTAURANTS = ["潮汕牛肉火锅店", "客家擂茶馆", "海鲜大排档", "糖水铺", "烧腊店", "粿条店", "鹅肉饭店"];
const SHOPS = ["便利店", "食品商行", "粮油店", "副食店", "干货行", "水果店"];
const SURNAMES = ["陈", "林", "黄", "李", "吴", "郑", "张", "蔡", "彭", "叶", "余", "欧阳"];
const GIVEN = ["晓明", "文辉", "丽娟", "志强", "少华", "秀英", "建国", "海燕", "锦鸿", "泽彬", "佩玲"];
const SELLING = [
  "预包装食品（含冷藏冷冻食品）销售",
  "散装食品（不含熟食）销售",
  "散装食品（含冷藏冷冻食品、含熟食）销售",
  "保健食品销售",
];
const COOKING = [
  "热食类食品制售",
  "冷食类食品制售",
  "生食类食品制售",
  "自制饮品制售",
  "糕点类食品（含裱花蛋糕）制售",
];

const pad = (n: number) => String(n).padStart(2, "0");

export interface RegisterRow {
  /** As a CSV holds it. */
  text: string[];
  /** As a workbook holds it: the row number a number, the issue date a date cell. */
  cells: ExcelJS.CellValue[];
}

/** The i-th row (1-based); the paper number JY + 主体业态 + 441521 + sequence + check digit is unique per row. */
export function registerRow(i: number): RegisterRow {
  const rng = seededRng(i * 7919 + 1);
  const town = pick(rng, TOWNS);
  const restaurant = rng() < 0.6;
  const trade = restaurant ? pick(rng, RESTAURANTS) : pick(rng, SHOPS);
  const person = () => pick(rng, SURNAMES) + pick(rng, GIVEN);
  const street = `${pick(rng, STREETS)}${1 + Math.floor(rng() * 300)}号`;
  const year = 2015 + Math.floor(rng() * 10);
  const month = 1 + Math.floor(rng() * 12);
  const day = 1 + Math.floor(rng() * 28);
  const issued = `${year}-${pad(month)}-${pad(day)}`;
  const until = new Date(Date.UTC(year + 5, month - 1, day - 1));
  const items = restaurant
    ? [pick(rng, SELLING), ...COOKING.filter(() => rng() < 0.4)]
    : SELLING.filter(() => rng() < 0.6);
  if (items.length === 0) items.push(SELLING[0]!);
  const category = restaurant ? 2 : 1;
  const paper = paperNumber(i, category);
  // Clerks type dates three ways; a workbook keeps them as date cells.
  const issuedText =
    i % 3 === 0 ? `${year}年${month}月${day}日` : i % 3 === 1 ? issued : `${year}/${month}/${day}`;
  const text = [
    String(i),
    `海丰县${town}${trade}${i % 7 === 0 ? "（分店）" : ""}`,
    creditCode(rng),
    person(),
    `广东省汕尾市海丰县${town}${street}`,
    `广东省汕尾市海丰县${town}${street}${rng() < 0.5 ? "首层" : "一至二层"}`,
    restaurant ? "餐饮服务经营者" : "食品销售经营者",
    [...new Set(items)].join("；"),
    paper,
    issuedText,
    until.toISOString().slice(0, 10),
    `海丰县市场监督管理局${town.replace("镇", "")}市场监督管理所`,
    `${person()}、${person()}`,
    "12315",
    rng() < 0.05 ? "换证" : "",
  ];
  const cells: ExcelJS.CellValue[] = [...text];
  cells[0] = i;
  cells[9] = new Date(`${issued}T00:00:00Z`);
  return { text, cells };
}

/** Writes `rows` rows as CSV; returns the file's size in bytes. */
export function writeCsvRegister(path: string, rows: number): number {
  const fd = openSync(path, "w");
  try {
    const line = (cells: readonly string[]) => toCsv([cells]);
    let chunk = `\uFEFF${line([TITLE])}${line(FOOD_HEADER)}`;
    for (let i = 1; i <= rows; i++) {
      chunk += line(registerRow(i).text);
      if (chunk.length > 1 << 16) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

/** Writes `rows` rows as XLSX with exceljs's streaming writer; returns the file's size in bytes. */
export async function writeXlsxRegister(path: string, rows: number): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet("台账");
  sheet.addRow([TITLE]).commit();
  sheet.addRow([...FOOD_HEADER]).commit();
  for (let i = 1; i <= rows; i++) {
    const row = sheet.addRow(registerRow(i).cells);
    row.getCell(10).numFmt = "yyyy-mm-dd";
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  return statSync(path).size;
}
