// Bulk conversion end to end on the shipped food-licence type: a register with 29 kinds of bad rows, each named in
// the report by row, column and code; encodings; the title row; dry runs; re-runs; scans; fatal file problems.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvParser } from "../../src/conversion/csv-parser.js";
import { CsvReportWriter } from "../../src/conversion/report-writer.js";
import { verifyAuditChain } from "../../src/audit/verify-audit.js";
import {
  EDUCATION,
  FOOD,
  FOOD_HEADER,
  MARKET,
  TEACHER,
  TITLE,
  goodFoodRow,
  goodRegister,
  paperNumber,
  rowCells,
  toCsv,
  writeRegister,
} from "./register-fixtures.js";
import { startImportHarness, type ImportHarness } from "./import-harness.js";
import { badKinds, row, type Kind } from "./bad-rows.js";

let h: ImportHarness;
beforeEach(async () => {
  h = await startImportHarness();
});
afterEach(async () => {
  await h.close();
});

describe("a register with every kind of bad row", () => {
  it("stores the good rows and names each bad row by row, column and code, in the CSV report too", async () => {
    const earlier = h.file("earlier.csv");
    writeRegister(earlier, goodRegister(2, 1001));
    expect((await h.run({ file: earlier })).summary.counts.imported).toBe(2);

    const kinds = badKinds();
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    const lines: string[][] = [[TITLE, "", ""], [...FOOD_HEADER]];
    const goodRows: number[] = [];
    lines.push(row(7));
    goodRows.push(3);
    lines.push([]); // a blank row between records is skipped
    const expected = new Map<number, Kind>();
    kinds.forEach((k, i) => {
      lines.push(k.cells);
      expected.set(lines.length, k);
      lines.push(row(100 + i));
      goodRows.push(lines.length);
    });
    lines.push([",,,"].flatMap((s) => s.split(",")));
    const file = h.file("register.csv");
    writeRegister(file, toCsv(lines));
    const reportPath = h.file("report.csv");
    const { summary, problems } = await h.run({ file, report: new CsvReportWriter(reportPath) });

    for (const [rowNumber, k] of expected) {
      const got = problems.filter((p) => p.row === rowNumber).map((p) => [p.column, p.code]);
      expect(got, k.kind).toEqual(expect.arrayContaining(k.expect));
      expect(got.length, `${k.kind}: ${JSON.stringify(got)}`).toBe(
        k.kind.startsWith("several") ? 4 : k.expect.length,
      );
    }
    expect(problems.filter((p) => !expected.has(p.row))).toEqual([]);
    expect(summary.counts).toEqual({
      rows: goodRows.length + kinds.length,
      blank: 2,
      invalid: kinds.length - 4,
      duplicates: 2,
      conflicts: 2,
      alreadyImported: 0,
      imported: goodRows.length,
    });
    expect(summary.headerRow).toBe(2);
    expect(summary.ignoredColumns).toEqual(["序号", "备注"]);

    // The duplicate and conflict against the registry name the licence converted from the earlier register.
    const byPaper = (n: string) =>
      h.licences().find((l) => l.provenance.kind === "paper" && l.provenance.paperNumber === n);
    expect(problems.find((p) => p.code === "REG_IMPORT_DUPLICATE" && p.existing)?.existing).toBe(
      byPaper(goodFoodRow(1001).许可证编号)!.identifier,
    );
    expect(problems.find((p) => p.code === "REG_IMPORT_CONFLICT" && p.existing)?.existing).toBe(
      byPaper(goodFoodRow(1002).许可证编号)!.identifier,
    );
    expect(problems.find((p) => p.code === "REG_IMPORT_DUPLICATE" && !p.existing)?.message).toMatch(
      /^Row 3 of this file/,
    );

    // Only good rows became licences, each once, with the paper number, file hash and row in its provenance.
    const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
    const imported = h
      .licences()
      .filter((l) => l.provenance.kind === "paper" && l.provenance.sourceFileSha256 === sha);
    expect(imported.map((l) => (l.provenance.kind === "paper" ? l.provenance.sourceRow : 0))).toEqual(
      goodRows,
    );
    expect(h.licences()).toHaveLength(goodRows.length + 2);
    expect(imported[0]!.provenance).toEqual({
      kind: "paper",
      paperNumber: paperNumber(7, 2),
      operator: "cli:zhangwei",
      convertedOn: "2026-11-29",
      sourceFileSha256: sha,
      sourceRow: 3,
    });
    expect(imported[0]).toMatchObject({
      issuedOn: "2018-08-08",
      validFrom: "2018-08-08",
      validUntil: "2023-08-07",
      fields: { licenceNumber: paperNumber(7, 2) },
    });
    expect((await verifyAuditChain(h.store)).ok).toBe(true);

    // The CSV report: UTF-8 with BOM, a line per problem with row and column, then the summary.
    const bytes = readFileSync(reportPath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parser = new CsvParser();
    const records = [...parser.push(bytes.toString("utf8").slice(1)), ...parser.end()].map((r) => r.cells);
    expect(records[0]!.slice(0, 5)).toEqual([
      "行号 Row",
      "列 Column",
      "表头 Header",
      "代码 Code",
      "说明 Message",
    ]);
    const reportLines = records.slice(1, 1 + problems.length);
    // The column as the spreadsheet names it (letter) and as the register heads it; beyond the header, the letter only.
    expect(reportLines.map((r) => [Number(r[0]), r[1], r[2], r[3]])).toEqual(
      problems.map((p) => [p.row, p.columnLetter, p.column === "P" ? "" : p.column, p.code]),
    );
    expect(reportLines.find((r) => r[3] === "REG_USCC_CHECK_MISMATCH")?.slice(1, 3)).toEqual([
      "C",
      "统一社会信用代码",
    ]);
    expect(reportLines.find((r) => r[3] === "REG_IMPORT_EXTRA_CELLS")?.slice(1, 3)).toEqual(["P", ""]);
    expect(reportLines.find((r) => r[3] === "REG_IMPORT_DATE_INVALID")?.[5]).toMatch(/日期/);
    const summaryRows = new Map(records.slice(2 + problems.length).map((r) => [r[0], r[1]]));
    expect(summaryRows.get("已导入 Imported")).toBe(String(goodRows.length));
    expect(summaryRows.get("冲突 Conflicts")).toBe("2");
  });

  it("accepts what can be normalised without guessing: full-width digits, spreadsheet text tricks, date forms, 长期", async () => {
    const a = goodFoodRow(40);
    const fullWidth = [...a.统一社会信用代码]
      .map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c.toLowerCase()))
      .join("");
    const lines = [
      [...FOOD_HEADER],
      row(40, {
        统一社会信用代码: ` ${fullWidth} `,
        发证日期: "43536",
        有效期至: "长期",
        投诉举报电话: "１２３１５",
        经营者名称: "  海丰县红城食品商行  ",
      }),
      row(41, {
        统一社会信用代码: `="${goodFoodRow(41).统一社会信用代码}"`,
        发证日期: "2019.3.12",
        许可证编号: ` ${paperNumber(41, 1).toLowerCase()} `,
      }),
    ];
    const file = h.file("normalise.csv");
    writeRegister(file, toCsv(lines, "\n"));
    const { summary, problems } = await h.run({ file });
    expect(problems).toEqual([]);
    expect(summary.counts.imported).toBe(2);
    const [l40, l41] = h.licences();
    expect(l40).toMatchObject({
      holder: { code: a.统一社会信用代码, name: "海丰县红城食品商行" },
      issuedOn: "2019-03-12",
      validUntil: null,
      fields: { complaintHotline: "12315" },
    });
    expect(l41).toMatchObject({
      issuedOn: "2019-03-12",
      fields: { licenceNumber: paperNumber(41, 1) },
      provenance: { paperNumber: paperNumber(41, 1) },
    });
    expect(l41!.fields.businessItems).toEqual([
      "预包装食品（含冷藏冷冻食品）销售",
      "散装食品（不含熟食）销售",
    ]);
  });
});

describe("encodings and layout", () => {
  it.each(["utf-8", "utf-8-bom", "gbk"] as const)(
    "reads a register saved as %s, under a title row",
    async (encoding) => {
      const file = h.file(`r-${encoding}.csv`);
      writeRegister(file, goodRegister(5), encoding);
      const { summary, problems } = await h.run({ file });
      expect(problems).toEqual([]);
      expect(summary).toMatchObject({ encoding, headerRow: 2, counts: { rows: 5, imported: 5 } });
      expect(h.licences().map((l) => l.holder.name)).toEqual(
        [1, 2, 3, 4, 5].map((i) => goodFoodRow(i).经营者名称),
      );
      expect(h.licences()[0]!.fields.supervisionAgency).toBe(goodFoodRow(1).日常监督管理机构);
    },
  );

  it("stops before storing anything when no header is found, or required columns are missing", async () => {
    const noHeader = h.file("no-header.csv");
    writeRegister(
      noHeader,
      toCsv([[TITLE], ["张三", "李四"], ...Array.from({ length: 40 }, (_, i) => row(i + 1))]),
    );
    await expect(h.run({ file: noHeader })).rejects.toMatchObject({ code: "REG_IMPORT_HEADER_NOT_FOUND" });

    const missing = h.file("missing.csv");
    const header = FOOD_HEADER.filter((c) => c !== "经营项目");
    writeRegister(missing, toCsv([header, header.map((c) => goodFoodRow(1)[c])]));
    await expect(h.run({ file: missing })).rejects.toMatchObject({
      code: "REG_IMPORT_COLUMNS_MISSING",
      details: ['fields.businessItems: a column headed "经营项目"'],
    });
    expect(h.licences()).toEqual([]);
  });

  it("refuses a cut-off XLSX, an Excel 97-2003 workbook, and a department that may not issue the type", async () => {
    const xlsx = h.file("register.csv");
    writeFileSync(xlsx, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    await expect(h.run({ file: xlsx })).rejects.toMatchObject({
      code: "REG_IMPORT_FILE_UNREADABLE",
      message: expect.stringContaining("incomplete XLSX"),
    });
    const xls = h.file("register.xls");
    writeFileSync(xls, Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(504)]));
    await expect(h.run({ file: xls })).rejects.toMatchObject({
      code: "REG_IMPORT_FORMAT_UNSUPPORTED",
      message: expect.stringContaining("Excel 97-2003"),
    });
    const file = h.file("r.csv");
    writeRegister(file, goodRegister(1));
    await expect(h.run({ file, department: EDUCATION })).rejects.toMatchObject({
      code: "REG_DEPARTMENT_NOT_AUTHORISED",
    });
  });
});

describe("dry runs, re-runs and scans", () => {
  it("a dry run reports the same as an import but stores nothing", async () => {
    const file = h.file("r.csv");
    writeRegister(file, toCsv([[...FOOD_HEADER], row(1), row(2, { 主体业态: "x" }), row(1)]));
    const dry = await h.run({ file, dryRun: true });
    expect(dry.summary.counts).toMatchObject({ imported: 2 - 1, invalid: 1, duplicates: 1 });
    expect(h.licences()).toEqual([]);
    expect(await h.store.auditHead()).toBeNull();
    const real = await h.run({ file });
    expect(real.problems).toEqual(dry.problems);
    expect(real.summary.counts).toEqual(dry.summary.counts);
    expect(h.licences()).toHaveLength(1);
  });

  it("re-running the same file imports nothing new and reports the same problems", async () => {
    const file = h.file("r.csv");
    writeRegister(
      file,
      toCsv([
        [TITLE],
        [...FOOD_HEADER],
        ...[1, 2, 3].map((i) => row(i)),
        row(4, { 投诉举报电话: "?" }),
        row(2),
      ]),
    );
    const first = await h.run({ file, batchSize: 2 });
    expect(first.summary.counts).toMatchObject({
      imported: 3,
      invalid: 1,
      duplicates: 1,
      alreadyImported: 0,
    });
    const head = await h.store.auditHead();
    const second = await h.run({ file, batchSize: 2 });
    expect(second.summary.counts).toMatchObject({
      imported: 0,
      invalid: 1,
      duplicates: 1,
      alreadyImported: 3,
    });
    expect(second.problems).toEqual(first.problems);
    expect(await h.store.auditHead()).toEqual(head);
    expect(h.licences()).toHaveLength(3);

    // The same licences in another file (re-exported, say) are duplicates of what the registry holds.
    const other = h.file("again.csv");
    writeRegister(other, toCsv([[...FOOD_HEADER], row(1), row(3)]));
    const third = await h.run({ file: other });
    expect(third.summary.counts).toMatchObject({ imported: 0, duplicates: 2 });
    expect(third.problems.map((p) => p.message)).toEqual([
      expect.stringContaining("from row 3 of another file"),
      expect.stringContaining("from row 5 of another file"),
    ]);
  });

  it("records the SHA-256 of the scan named after the paper number, and refuses two scans for one", async () => {
    const scans = h.file("scans");
    mkdirSync(scans);
    writeFileSync(`${scans}/${paperNumber(1, 2)}.pdf`, "%PDF-1.4 scan of 1");
    writeFileSync(`${scans}/${paperNumber(2, 2).toLowerCase()}.jpg`, "jpeg scan of 2");
    writeFileSync(`${scans}/${paperNumber(3, 2)}.pdf`, "page 1");
    writeFileSync(`${scans}/${paperNumber(3, 2)}.jpg`, "page 2");
    const file = h.file("r.csv");
    const rows = [1, 2, 3, 4].map((i) => row(i));
    expect(rows.map((r) => r[8])).toEqual([
      paperNumber(1, 2),
      paperNumber(2, 2),
      paperNumber(3, 2),
      paperNumber(4, 2),
    ]);
    writeRegister(file, toCsv([[...FOOD_HEADER], ...rows]));
    const { summary, problems } = await h.run({ file, scansDir: scans });
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [4, "许可证编号", "REG_IMPORT_SCAN_AMBIGUOUS"],
    ]);
    expect(summary.scans).toMatchObject({ files: 4, matched: 2 });
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    expect(h.licences().map((l) => (l.provenance.kind === "paper" ? l.provenance.scanSha256 : "-"))).toEqual([
      sha("%PDF-1.4 scan of 1"),
      sha("jpeg scan of 2"),
      undefined,
    ]);
  });
});

describe("the register's data rules (licences/rules/), reported per row", () => {
  it("refuses a row whose number a live licence has, or whose credit code carries another name, in the registry or an earlier row", async () => {
    const market = { id: "test-issuer", role: "issuer" as const, department: MARKET };
    const example = h.catalogue.get(FOOD)!.example as Record<string, unknown>;
    // In force today: the rules compare live licences only.
    const rows = [1, 2, 3, 4, 5].map((i) => ({ ...goodFoodRow(i), 有效期至: "2028-12-31" }));
    // Born digital, so not found by paper number: only the number rule sees that row 3's number is taken.
    await h.service.issue(
      market,
      {
        typeCode: FOOD,
        holder: { name: "海丰县另一家食品有限公司", code: "91441521MA4W5K2R9P" },
        fields: { ...example, licenceNumber: rows[0]!.许可证编号 },
      },
      null,
    );
    // Row 4's credit code is named otherwise on a live licence.
    await h.service.issue(
      market,
      {
        typeCode: FOOD,
        holder: { name: "海丰县旧名称餐饮店", code: rows[1]!.统一社会信用代码 },
        fields: { ...example, licenceNumber: "JY29999990000019" },
      },
      null,
    );
    // Row 7 repeats row 5's credit code under another name.
    rows[4] = { ...rows[4]!, 统一社会信用代码: rows[2]!.统一社会信用代码, 经营者名称: "海丰县改了名的商行" };
    // Row 8, ended in 2022 under row 4's old name, is history: no conflict.
    rows.push({ ...goodFoodRow(6), 统一社会信用代码: rows[1]!.统一社会信用代码, 有效期至: "2022-06-30" });
    const file = h.file("rules.csv");
    writeRegister(file, toCsv([[TITLE], [...FOOD_HEADER], ...rows.map(rowCells)]));
    const { summary, problems } = await h.run({ file });
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, "许可证编号", "REG_LICENCE_NUMBER_TAKEN"],
      [4, "经营者名称", "REG_HOLDER_NAME_CONFLICT"],
      [7, "经营者名称", "REG_HOLDER_NAME_CONFLICT"],
    ]);
    expect(problems[1]?.message).toContain('named "海丰县旧名称餐饮店"');
    expect(problems[2]?.message).toContain(
      `Row 5 of this file names credit code ${rows[2]!.统一社会信用代码}`,
    );
    expect(summary.counts).toMatchObject({ imported: 3, conflicts: 3 });
  });

  it("refuses at entry what the licence font cannot print (a poison row never reaches the sealing queue), storing the rows around it", async () => {
    const rows = [1, 2, 3, 4, 5].map((i) => goodFoodRow(i));
    rows[1] = { ...rows[1]!, 经营者名称: "海丰县\u{20000}记商行" };
    rows[3] = { ...rows[3]!, 住所: "海丰县海城镇\u0000路1号" };
    const file = h.file("poison.csv");
    writeRegister(file, toCsv([[TITLE], [...FOOD_HEADER], ...rows.map(rowCells)]));
    const { summary, problems } = await h.run({ file });
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [4, "REG_FIELD_UNPRINTABLE"],
      [6, "REG_FIELD_UNPRINTABLE"],
    ]);
    expect(problems[0]?.message).toContain("U+20000");
    expect(problems[1]?.message).toContain("U+0000");
    expect(summary.counts).toMatchObject({ imported: 3, invalid: 2 });
    // Nothing unprintable is stored, so nothing can block the sealing of the others.
    for (const r of await h.store.findUnsealed(100)) {
      expect(r.holder.name).not.toContain("\u{20000}");
      expect(JSON.stringify(r.fields)).not.toContain("\\u0000");
    }
  });

  it("refuses a teacher whose sex or birth date differs from the ID number, naming the column", async () => {
    const header = ["姓名", "身份证号码", "性别", "出生日期", "资格种类", "任教学科", "证书号码", "认定日期"];
    const file = h.file("teachers.csv");
    const person = ["林晓燕", "441521199306180028", "男", "1993-06-18", "初级中学教师资格", "数学"];
    writeRegister(file, toCsv([header, [...person, "20214415232000123", "2021-09-01"]]));
    const { problems } = await h.run({ file, typeCode: TEACHER, department: EDUCATION });
    expect(problems.map((p) => [p.row, p.column, p.code, p.suggestion])).toEqual([
      [2, "性别", "REG_ID_SEX_MISMATCH", "女"],
    ]);
  });
});

describe("person holders (教师资格证书)", () => {
  it("converts 15-digit ID numbers keeping the original, and suggests the fix for swapped digits", async () => {
    const header = ["姓名", "身份证号码", "性别", "出生日期", "资格种类", "任教学科", "证书号码", "认定日期"];
    // 440102750101123: born 1975-01-01, sequence 123 (odd: 男), as the register must say (licences/rules/).
    const base = ["林晓东", "", "男", "1975-01-01", "初级中学教师资格", "数学", "", "2001-09-01"];
    const lines = [
      ["海丰县教师资格认定台账"],
      header,
      base.map((v, i) => (i === 1 ? "440102750101123" : i === 6 ? "20014415232000123" : v)),
      base.map((v, i) => (i === 1 ? "445721196560082394" : i === 6 ? "20014415232000124" : v)),
      base.map((v, i) =>
        i === 1 ? "４４０１０２１９７５０１０１１２３Ｘ" : i === 6 ? "20014415232000125" : v,
      ),
    ];
    const file = h.file("teachers.csv");
    writeRegister(file, toCsv(lines), "gbk");
    const { summary, problems } = await h.run({ file, typeCode: TEACHER, department: EDUCATION });
    expect(summary.counts).toMatchObject({ imported: 1, invalid: 2 });
    expect(h.licences()[0]!.holder).toEqual({
      name: "林晓东",
      code: "440102197501011237",
      codeType: "111",
      originalCode: "440102750101123",
    });
    expect(problems.filter((p) => p.row === 4)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          column: "身份证号码",
          code: "REG_ID_CHECK_MISMATCH",
          suggestion: "445721196506082394",
        }),
      ]),
    );
    expect(problems.filter((p) => p.row === 5).map((p) => [p.column, p.code])).toEqual([
      ["身份证号码", "REG_ID_CHECK_MISMATCH"],
    ]);
  });
});
