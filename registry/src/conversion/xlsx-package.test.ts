// The packaging rules and the text a part becomes: relationship targets resolved as OPC says, and the same rewritten
// text whatever the chunks the part arrives in (one byte at a time splits every tag, prefix and character).
import { describe, expect, it } from "vitest";
import { relsPartOf, resolveTarget, XmlText } from "./xlsx-package.js";

describe("relationship targets", () => {
  it.each([
    ["xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"],
    ["xl/workbook.xml", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"],
    ["xl/workbook.xml", "../xl/worksheets/./a%20b.xml", "xl/worksheets/a b.xml"],
    ["", "xl/workbook.xml", "xl/workbook.xml"],
    ["", "/xl/workbook.xml", "xl/workbook.xml"],
    ["xl/workbook.xml", "..\\xl\\styles.xml", "xl/styles.xml"],
  ])("from %s, %s is %s", (source, target, part) => {
    expect(resolveTarget(source, target)).toBe(part);
  });

  it("refuses targets outside the package", () => {
    expect(resolveTarget("xl/workbook.xml", "../../etc/passwd")).toBeNull();
    expect(resolveTarget("xl/workbook.xml", "https://example.com/x.xml")).toBeNull();
    expect(resolveTarget("xl/workbook.xml", "file:///etc/passwd")).toBeNull();
  });

  it("names the relationships part of a part", () => {
    expect(relsPartOf("")).toBe("_rels/.rels");
    expect(relsPartOf("xl/workbook.xml")).toBe("xl/_rels/workbook.xml.rels");
    expect(relsPartOf("book/main.xml")).toBe("book/_rels/main.xml.rels");
  });
});

const SHEET =
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="urn:mc">' +
  '<x:cols><x:col min="1" max="2"/></x:cols><x:sheetData>' +
  '<x:row><x:c t="inlineStr"><x:is><x:r><x:t>海丰县</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>鸿运来</x:t></x:r>' +
  '<x:rPh sb="0" eb="1"><x:t>フリガナ</x:t></x:rPh></x:is></x:c><x:c/><x:c t="d"><x:v>2020-01-02T00:00:00</x:v></x:c></x:row>' +
  '<x:row r="5"><x:c r="C5"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>' +
  "</x:sheetData><mc:AlternateContent/></x:worksheet>";

const EXPECTED =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="urn:mc">' +
  '<cols><col min="1" max="2"/></cols><sheetData>' +
  '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">海丰县鸿运来</t></is></c><c r="B1"/><c r="C1" t="str"><v>2020-01-02T00:00:00</v></c></row>' +
  '<row r="5"><c r="C5"><v>1</v></c><c r="D5"><v>2</v></c></row>' +
  "</sheetData><mc:AlternateContent/></worksheet>";

async function through(chunks: Buffer[]): Promise<string> {
  const text = new XmlText();
  const out: string[] = [];
  text.on("data", (s: string) => out.push(s));
  const done = new Promise((resolve) => text.on("end", resolve));
  for (const c of chunks) text.write(c);
  text.end();
  await done;
  return out.join("");
}

describe("XmlText", () => {
  const bytes = Buffer.from(SHEET, "utf8");
  it("rewrites a part in one chunk", async () => {
    expect(await through([bytes])).toBe(EXPECTED);
  });

  it("gives the same text when every byte comes on its own", async () => {
    expect(await through([...bytes].map((b) => Buffer.from([b])))).toBe(EXPECTED);
  });

  it("gives the same text in chunks of 7 bytes", async () => {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    expect(await through(chunks)).toBe(EXPECTED);
  });

  it("addresses cells without r in rows with r, whatever the chunks", async () => {
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="3" spans="1:2"><c t="s"><v>0</v></c><c><v>1</v></c></row><row r="7"><c/><c><v>2</v></c></row>' +
      "</sheetData></worksheet>";
    const expected = sheet
      .replace('<c t="s">', '<c r="A3" t="s">')
      .replace("<c><v>1", '<c r="B3"><v>1')
      .replace("<c/>", '<c r="A7"/>')
      .replace("<c><v>2", '<c r="B7"><v>2');
    const b = Buffer.from(sheet);
    expect(await through([b])).toBe(expected);
    expect(await through([...b].map((x) => Buffer.from([x])))).toBe(expected);
  });

  it("leaves a part without a prefix and with addresses as it is", async () => {
    const plain =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>';
    expect(await through([Buffer.from(plain)])).toBe(plain);
  });
});
