// Unit tests of the incremental writer and the revision reader: offsets, xref entry width, /Prev chain, read-back.

import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { appendIncrementalUpdate } from "./incremental-update.js";
import { PdfRevisionReader } from "./pdf-revision-reader.js";
import { PdfRef, dict, name, text } from "./pdf-syntax.js";

async function smallPdf(useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]);
  return doc.save({ useObjectStreams });
}

describe("incremental update", () => {
  it("appends objects with a classic xref section whose entries are 20 bytes and point at the objects", async () => {
    const original = await smallPdf(false);
    const reader = PdfRevisionReader.open(original);
    expect(reader.trailer.xrefKind).toBe("table");
    const n = reader.trailer.size;
    const out = appendIncrementalUpdate(original, reader.trailer, [
      { ref: new PdfRef(n), body: dict({ Type: name("Test"), Note: text("增量") }) },
      { ref: new PdfRef(n + 1), body: 42 },
    ]);
    expect(Buffer.from(out.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    const tail = Buffer.from(out.subarray(original.length)).toString("latin1");
    const section = /xref\n(\d+) (\d+)\n((?:\d{10} \d{5} n \n)+)trailer\n/.exec(tail);
    expect(section?.[1]).toBe(String(n));
    expect(section?.[2]).toBe("2");
    for (const [i, entry] of (section?.[3] ?? "").match(/.{20}/gs)?.entries() ?? []) {
      const offset = Number(entry.slice(0, 10));
      expect(Buffer.from(out.subarray(offset, offset + 12)).toString("latin1")).toMatch(
        new RegExp(`^${n + i} 0 obj`),
      );
    }
    expect(tail).toContain(`/Prev ${reader.trailer.startxref}`);
    expect(tail).toContain(`/Size ${n + 2}`);

    const again = PdfRevisionReader.open(out);
    expect(again.trailer.size).toBe(n + 2);
    const obj = (await again.lookup(new PdfRef(n))) as PDFDict;
    expect(obj.get(PDFName.of("Type"))).toBe(PDFName.of("Test"));
    expect((await again.lookup(new PdfRef(n + 1))) as PDFNumber).toEqual(PDFNumber.of(42));
    // Older objects are still reachable through /Prev.
    expect(await again.lookup(again.trailer.root)).toBeInstanceOf(PDFDict);

    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
  });

  it("replaces an object: the newest revision wins", async () => {
    const original = await smallPdf(false);
    const r = PdfRevisionReader.open(original);
    const catalog = (await r.lookup(r.trailer.root)) as PDFDict;
    expect(catalog).toBeInstanceOf(PDFDict);
    const out = appendIncrementalUpdate(original, r.trailer, [
      {
        ref: r.trailer.root,
        body: dict({ Type: name("Catalog"), Pages: new PdfRef(1), Lang: text("zh-CN") }),
      },
    ]);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.catalog.lookup(PDFName.of("Lang"), PDFString).decodeText()).toBe("zh-CN");
  });

  it("writes a cross-reference stream after a cross-reference stream, readable by pdf-lib", async () => {
    const original = await smallPdf(true);
    const r = PdfRevisionReader.open(original);
    expect(r.trailer.xrefKind).toBe("stream");
    const out = appendIncrementalUpdate(original, r.trailer, [
      { ref: new PdfRef(r.trailer.size), body: dict({ Type: name("Test") }) },
    ]);
    const again = PdfRevisionReader.open(out);
    expect(again.trailer.xrefKind).toBe("stream");
    expect(((await again.lookup(new PdfRef(r.trailer.size))) as PDFDict).get(PDFName.of("Type"))).toBe(
      PDFName.of("Test"),
    );
    expect(await again.lookup(again.trailer.root)).toBeInstanceOf(PDFDict); // the catalog, inside an object stream
    expect((await PDFDocument.load(out, { updateMetadata: false })).getPageCount()).toBe(1);
  });

  it("refuses garbage with SIG_PDF_STRUCTURE", () => {
    expect(() => PdfRevisionReader.open(new Uint8Array(Buffer.from("%PDF-1.7\nnothing here\n")))).toThrow(
      /SIG_PDF_STRUCTURE/,
    );
    expect(() =>
      PdfRevisionReader.open(new Uint8Array(Buffer.from("%PDF-1.7\nstartxref\n999999\n%%EOF"))),
    ).toThrow(/SIG_PDF_STRUCTURE/);
  });
});
