import { describe, expect, it } from "vitest";
import { judgeClock, newestReference } from "./clock-check.js";
import { pkiReference } from "./recorded-times.js";
import { massExpiryProblem, SHARE_FLOOR } from "./sweep-bound.js";

const bounds = { toleranceMinutes: 10, maxAheadDays: 180 };
const ref = (iso: string) => ({
  at: new Date(iso),
  kind: "event" as const,
  source: "the latest audit event (#1, key.create)",
});

describe("judgeClock", () => {
  it("believes a clock near or somewhat after the newest recorded time, and any clock with nothing recorded", () => {
    const r = ref("2026-11-29T02:00:00Z");
    expect(judgeClock(new Date("2026-11-29T01:55:00Z"), r, bounds).state).toBe("ok");
    expect(judgeClock(new Date("2027-05-01T00:00:00Z"), r, bounds).state).toBe("ok");
    expect(judgeClock(new Date("2040-01-01T00:00:00Z"), null, bounds).state).toBe("ok");
  });

  it("names a clock that went back beyond the tolerance, and one far ahead, with both times", () => {
    const r = ref("2026-11-29T02:00:00Z");
    const back = judgeClock(new Date("2026-11-29T01:49:00Z"), r, bounds);
    expect(back.state).toBe("behind");
    const ahead = judgeClock(new Date("2032-11-29T02:00:00Z"), r, bounds);
    expect(ahead).toMatchObject({ state: "ahead", reference: r });
    if (ahead.state === "ok") throw new Error("unreachable");
    expect(ahead.message).toContain("2026-11-29T02:00:00.000Z");
    expect(ahead.message).toContain("ELICENCE_CLOCK_MAX_AHEAD_DAYS");
  });

  it("judges against the newest of several references", () => {
    const a = ref("2026-01-01T00:00:00Z");
    const b = ref("2032-01-01T00:00:00Z");
    expect(newestReference(a, null, b)).toBe(b);
    expect(newestReference(null, null)).toBeNull();
  });
});

describe("pkiReference", () => {
  const cert = (serial: string, role: string, notBefore: string, department?: string) =>
    ({
      serial,
      role,
      issuer: "issuing",
      keyLabel: serial,
      file: serial,
      subject: serial,
      notBefore,
      notAfter: "2099-01-01T00:00:00Z",
      ...(department ? { department: { code: department, name: "d" } } : {}),
    }) as never;

  it("counts only the certificates in use: one issued again from an earlier clock replaces a future-dated one", () => {
    const issued = [
      cert("01", "root", "2026-11-28T00:00:00Z"),
      cert("02", "seal", "2032-11-28T00:00:00Z", "A"),
      cert("03", "seal", "2026-12-07T00:00:00Z", "A"),
    ];
    expect(pkiReference(issued)?.at.toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(pkiReference(issued.slice(0, 2))?.at.toISOString()).toBe("2032-11-28T00:00:00.000Z");
    expect(pkiReference([])).toBeNull();
  });
});

describe("massExpiryProblem", () => {
  const b = { max: 1000, maxPercent: 10 };

  it("lets a day's lapses through and a small registry's few", () => {
    expect(massExpiryProblem(3, 10_000, b)).toBeNull();
    expect(massExpiryProblem(SHARE_FLOOR, SHARE_FLOOR, b)).toBeNull();
    expect(massExpiryProblem(0, 0, b)).toBeNull();
  });

  it("holds more than the count bound, and more than the share of live licences above the floor", () => {
    expect(massExpiryProblem(1001, 1_000_000, b)).toContain("ELICENCE_SWEEP_EXPIRY_MAX");
    expect(massExpiryProblem(770, 770, b)).toContain("770 of 770");
    expect(massExpiryProblem(101, 1000, b)).toContain("ELICENCE_SWEEP_EXPIRY_MAX_PERCENT");
    expect(massExpiryProblem(100, 1000, b)).toBeNull();
  });
});
