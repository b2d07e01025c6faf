import { describe, expect, it } from "vitest";
import { renewalWindowProblem } from "./renewal-window.js";

const type = { renewalWindow: { beforeExpiryDays: 90, afterExpiryDays: 10 } };
const END = "2031-03-11";

describe("renewalWindowProblem", () => {
  it("accepts a renewal from the window's first to its last day", () => {
    expect(renewalWindowProblem(type, END, "2030-12-11")).toBeNull();
    expect(renewalWindowProblem(type, END, END)).toBeNull();
    expect(renewalWindowProblem(type, END, "2031-03-21")).toBeNull();
  });

  it("refuses a renewal one day early or late, naming the window's dates", () => {
    const early = renewalWindowProblem(type, END, "2030-12-10");
    expect(early?.code).toBe("REG_RENEWAL_OUTSIDE_WINDOW");
    expect(early?.message).toContain("renewal opens on 2030-12-11");
    expect(early?.message).toContain("2030-12-11 to 2031-03-21");
    const late = renewalWindowProblem(type, END, "2031-03-22");
    expect(late?.message).toContain("renewal closed on 2031-03-21");
    expect(late?.message).toContain("issue a new licence");
  });

  it("does not apply to a type without a window or a long-term licence", () => {
    expect(renewalWindowProblem({}, END, "2026-01-01")).toBeNull();
    expect(renewalWindowProblem(type, null, "2026-01-01")).toBeNull();
  });
});
