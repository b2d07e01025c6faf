import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inspectFile } from "./file-facts.js";
import { openRows } from "./row-source.js";

const dir = mkdtempSync(path.join(tmpdir(), "file-facts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe("the encoding of a CSV register", () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const header = Buffer.from("姓名,身份证件号码\n");

  // Red team (issue 11 variants): a CSV UTF-8 file with one damaged byte (an overlong or surrogate sequence) was
  // taken for GBK, every header read as mojibake, and the whole register refused as having no header.
  it("a BOM keeps a file UTF-8 though one cell holds a damaged byte: the header still reads, the cell shows U+FFFD", async () => {
    const p = file(
      "damaged.csv",
      Buffer.concat([
        BOM,
        header,
        Buffer.from("张"),
        Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]),
        Buffer.from(",x\n"),
      ]),
    );
    const facts = await inspectFile(p);
    expect(facts.encoding).toBe("utf-8-bom");
    const rows: string[][] = [];
    for await (const row of openRows(facts)) rows.push(row.cells);
    expect(rows[0]).toEqual(["姓名", "身份证件号码"]);
    expect(rows[1]?.[0]).toContain("\uFFFD");
  });

  it("without a BOM, bytes that are not UTF-8 are still read as GBK", async () => {
    const gbkName = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // 张三 in GBK
    const facts = await inspectFile(file("gbk.csv", Buffer.concat([gbkName, Buffer.from(",x\n")])));
    expect(facts.encoding).toBe("gbk");
  });
});
