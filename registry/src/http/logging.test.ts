import { describe, expect, it } from "vitest";
import { maskUrl } from "./logging.js";

describe("maskUrl", () => {
  it("masks citizen ID numbers and credit codes in paths and drops the query", () => {
    expect(maskUrl("/api/v1/holders/110105199001011234/licences?purpose=x")).toBe(
      "/api/v1/holders/110105********1234/licences?…",
    );
    expect(maskUrl("/api/v1/holders/91441521MA4UJ8KX2N/access-log")).toBe(
      "/api/v1/holders/91441521******KX2N/access-log",
    );
    expect(maskUrl("/api/v1/holders/110105900101123/licences")).toBe(
      "/api/v1/holders/110105******123/licences",
    );
    expect(maskUrl("/api/v1/licence-types")).toBe("/api/v1/licence-types");
  });
});
