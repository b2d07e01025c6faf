import { describe, expect, it } from "vitest";
import { dispositionFileName } from "./content-disposition.js";

describe("dispositionFileName", () => {
  it("prefers the UTF-8 filename* and falls back to the plain filename", () => {
    expect(
      dispositionFileName(
        `attachment; filename="L-2026-11-29.pdf"; filename*=UTF-8''${encodeURIComponent("食品经营许可证-2026-11-29.pdf")}`,
      ),
    ).toBe("食品经营许可证-2026-11-29.pdf");
    expect(dispositionFileName(`attachment; filename="L-2026-11-29.pdf"`)).toBe("L-2026-11-29.pdf");
    expect(dispositionFileName(`attachment; filename=plain.pdf`)).toBe("plain.pdf");
    expect(dispositionFileName(`attachment; filename="a.pdf"; filename*=UTF-8''%E0%A4%A`)).toBe("a.pdf");
  });

  it("keeps only the last path segment, and gives null without a name", () => {
    expect(dispositionFileName(`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`)).toBe("passwd");
    expect(dispositionFileName("attachment")).toBeNull();
    expect(dispositionFileName(null)).toBeNull();
  });
});
