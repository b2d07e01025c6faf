// Run by xlsx-memory.test.ts (and the import benchmark) in a child process with --expose-gc.
//   write FILE N   writes an XLSX register of N rows of distinct Chinese text, in shared strings as Excel writes them;
//   read FILE      reads it with the import's row source and prints, as JSON, the heap left after a full garbage
//                  collection before reading and at points along the way;
//   naive FILE     the same with exceljs's reader as documented (shared strings cached in an array), for comparison.
import ExcelJS from "exceljs";
import { xlsxRows } from "../../src/conversion/xlsx-rows.js";

const [mode, file, count] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !file)
  throw new Error("usage: node --expose-gc --import tsx xlsx-memory-probe.ts write|read|naive FILE [N]");
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/** ~60 characters of three-byte text per cell, each cell different. */
export const probeCells = (i: number) => [
  i,
  `海丰县城东镇潮汕牛肉火锅店第${i}分店（鸿运来餐饮管理有限公司加盟店）`,
  `广东省汕尾市海丰县城东镇人民路${i}号首层及二层东侧（原海丰县第二食品站仓库）`,
];

async function write(rows: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet("台账");
  sheet.addRow(["序号", "经营者名称", "住所"]).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(probeCells(i)).commit();
  sheet.commit();
  await writer.commit();
}

async function read(naive: boolean): Promise<void> {
  const before = heapMb();
  const samples: { row: number; heapMb: number }[] = [];
  let last = 0;
  const sample = (row: number) => {
    last = row;
    // Every 10,000 rows: a full collection each time is what makes the figure the heap that is kept.
    if (row % 10_000 === 0) samples.push({ row, heapMb: heapMb() });
  };
  const started = performance.now();
  if (naive) {
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file!, {}))
      for await (const r of sheet) sample(r.number);
  } else for await (const r of xlsxRows(file!)) sample(r.row);
  const seconds = (performance.now() - started) / 1000;
  const peak = Math.max(...samples.map((s) => s.heapMb));
  process.stdout.write(
    `${JSON.stringify({ rows: last - 1, beforeMb: before, peakMb: peak, growthMb: peak - before, seconds, samples })}\n`,
  );
}

if (mode === "write") await write(Number(count));
else await read(mode === "naive");
