// QR matrix and version reporting for licence payloads.
import { describe, expect, it } from "vitest";
import { qrMatrix, qrVersion } from "./qr.js";
import { RenderError } from "./render-errors.js";

describe("qr", () => {
  it("reports the version a payload needs at level M", () => {
    expect(qrVersion("https://v.example/1")).toBe(2);
    const url = `https://verify.elicence.example/v/1.2.156.3005.2.11100000MB0143028R001.11441521MB2C97310M.2430599.001.U#k=${"A".repeat(43)}`;
    const m = qrMatrix(url);
    expect(m.size).toBe(17 + 4 * m.version);
    expect(m.version).toBeGreaterThanOrEqual(6);
    // Finder pattern corner is dark.
    expect(m.isDark(0, 0)).toBe(true);
  });

  it("throws SIG_RENDER_QR_TOO_LONG for a payload beyond version 40", () => {
    expect(() => qrMatrix("x".repeat(5000))).toThrow(RenderError);
  });
});
