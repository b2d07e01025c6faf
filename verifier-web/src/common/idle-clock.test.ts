import { describe, expect, it } from "vitest";
import { IdleClock } from "./idle-clock.js";

const t0 = new Date("2026-11-29T02:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("IdleClock", () => {
  it("ends after the idle period, and every answered request starts it again", () => {
    const c = new IdleClock(30 * 60_000, null, t0);
    expect(c.endsAt()).toEqual(at(30));
    expect(c.ended(at(29))).toBe(false);
    c.touch(at(20));
    expect(c.ended(at(45))).toBe(false);
    expect(c.ended(at(50))).toBe(true);
    // A late answer about an earlier request does not move the end back.
    c.touch(at(10));
    expect(c.endsAt()).toEqual(at(50));
  });

  it("never outlives the session's absolute expiry", () => {
    const c = new IdleClock(30 * 60_000, at(40), t0);
    c.touch(at(25));
    expect(c.endsAt()).toEqual(at(40));
    expect(c.ended(at(40))).toBe(true);
  });
});
