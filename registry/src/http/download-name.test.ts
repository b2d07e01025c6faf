// Download names: readable UTF-8 (RFC 6266 filename*, RFC 8187 encoding) with an ASCII fallback a header can carry.
import { describe, expect, it } from "vitest";
import { annotatedCopyDisposition, attachmentDisposition, licencePdfDisposition } from "./download-name.js";

/** The filename* value decoded as a browser does. */
function readable(header: string): string {
  const m = /filename\*=UTF-8''([^;]+)$/u.exec(header);
  if (!m?.[1]) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(m[1]);
}

describe("download names", () => {
  it("names an annotated copy by type and the day it was made", () => {
    const h = annotatedCopyDisposition("食品经营许可证", "2026-12-08");
    expect(readable(h)).toBe("食品经营许可证-加注件-2026年12月08日.pdf");
    expect(h).toMatch(/^attachment; filename="annotated-copy-2026-12-08\.pdf"; filename\*=UTF-8''/u);
  });

  it("names a sealed licence by type and issue date", () => {
    const h = licencePdfDisposition("营业执照", "2024-03-15");
    expect(readable(h)).toBe("营业执照-2024年03月15日.pdf");
    expect(h).toContain('filename="licence-2024-03-15.pdf"');
  });

  it("keeps the header one ASCII line: no quotes, backslashes, control or non-ASCII characters unescaped", () => {
    const h = attachmentDisposition('a/b\\c"d\r\ne:证*.pdf', 'x"y\\z\u00e9.pdf');
    expect(h).toMatch(/^[\x20-\x7e]+$/u);
    expect(h).toContain('filename="x_y_z_.pdf"');
    expect(readable(h)).toBe("a_b_c_d__e_证_.pdf");
  });
});
