// Unit tests of the PDF object serializer: the bytes it writes are the bytes readers parse.

import type { PDFHexString, PDFString } from "pdf-lib";
import { PDFContext, PDFDict, PDFName, PDFObjectParser } from "pdf-lib";
import { describe, expect, it } from "vitest";
import {
  ByteSink,
  PdfStream,
  dict,
  hex,
  name,
  pdfDate,
  raw,
  ref,
  serializeName,
  serializeNumber,
  serializeValue,
  text,
  writeIndirectObject,
} from "./pdf-syntax.js";

const str = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("pdf-syntax", () => {
  it("writes names with #-escapes for delimiters, spaces and non-ASCII", () => {
    expect(serializeName("ETSI.CAdES.detached")).toBe("/ETSI.CAdES.detached");
    expect(serializeName("A B/C#")).toBe("/A#20B#2FC#23");
    expect(serializeName("印")).toBe("/#E5#8D#B0");
  });

  it("writes numbers without exponents and rejects non-finite ones", () => {
    expect(serializeNumber(3)).toBe("3");
    expect(serializeNumber(-0)).toBe("0");
    expect(serializeNumber(0.5)).toBe("0.5");
    expect(serializeNumber(1e-7)).toBe("0");
    expect(serializeNumber(123456789.125)).toBe("123456789.125");
    expect(() => serializeNumber(Number.NaN)).toThrow(/SIG_BAD_OPTION/);
  });

  it("encodes ASCII text as an escaped literal and Chinese as UTF-16BE with BOM", () => {
    expect(str(serializeValue(text("a(b)\\c")))).toBe("(a\\(b\\)\\\\c)");
    expect(str(serializeValue(text("证照")))).toBe("<FEFF8BC17167>");
    expect(str(serializeValue(text("😀")))).toBe("<FEFFD83DDE00>");
  });

  it("round-trips through pdf-lib's parser", () => {
    const bytes = serializeValue(
      dict({
        Type: name("Sig"),
        Reason: text("颁发电子营业执照"),
        Location: text("Shanghai (PD)"),
        N: [1, 2.5, true, null, ref(12, 0)],
        H: hex(Uint8Array.of(0, 255)),
        Skip: undefined,
      }),
    );
    const parsed = PDFObjectParser.forBytes(bytes, PDFContext.create()).parseObject() as PDFDict;
    expect(parsed).toBeInstanceOf(PDFDict);
    expect(parsed.get(PDFName.of("Type"))).toBe(PDFName.of("Sig"));
    expect((parsed.get(PDFName.of("Reason")) as PDFHexString).decodeText()).toBe("颁发电子营业执照");
    expect((parsed.get(PDFName.of("Location")) as PDFString).decodeText()).toBe("Shanghai (PD)");
    expect(parsed.get(PDFName.of("N"))?.toString()).toBe("[ 1 2.5 true null 12 0 R ]");
    expect(parsed.has(PDFName.of("Skip"))).toBe(false);
  });

  it("copies raw bytes verbatim and computes stream /Length", () => {
    const sink = new ByteSink();
    writeIndirectObject(sink, ref(7), new PdfStream(dict({ Type: name("X") }), Uint8Array.of(0, 1, 2)));
    expect(str(sink.toBytes())).toBe(
      "7 0 obj\n<</Type /X\n/Length 3\n>>\nstream\n\x00\x01\x02\nendstream\nendobj\n",
    );
    expect(str(serializeValue([raw("[0 0000000000]"), 1]))).toBe("[[0 0000000000] 1]");
    expect(() =>
      writeIndirectObject(new ByteSink(), ref(1), new PdfStream(dict({ Length: 9 }), new Uint8Array(0))),
    ).toThrow(/Length/);
  });

  it("formats /M dates in UTC", () => {
    expect(pdfDate(new Date("2025-03-04T05:06:07.890Z"))).toBe("D:20250304050607Z");
  });

  it("refuses object numbers a reader would reject", () => {
    expect(() => ref(0)).toThrow(/SIG_BAD_OPTION/);
    expect(() => ref(1, 70000)).toThrow(/SIG_BAD_OPTION/);
  });
});
