import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./attempt-limiter.js";
import { SessionStore } from "./session-store.js";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 29, 2, minutes));

describe("SessionStore", () => {
  const policy = { idleMs: 30 * 60_000, absoluteMs: 120 * 60_000, maxSessions: 3 };

  it("returns a 256-bit id and a CSRF token once, and keeps neither in the clear", () => {
    const store = new SessionStore<{ who: string }>(policy);
    const { id, csrfToken, session, expiresAt } = store.create({ who: "clerk" }, at(0));
    expect(Buffer.from(id, "base64url")).toHaveLength(32);
    expect(Buffer.from(csrfToken, "base64url")).toHaveLength(32);
    expect(expiresAt).toEqual(at(30));
    expect(JSON.stringify(session)).not.toContain(id);
    expect(session.csrfHash.toString("base64url")).not.toBe(csrfToken);
    expect(store.find(id, at(1))?.data).toEqual({ who: "clerk" });
    expect(store.find(`${id}x`, at(1))).toBeNull();
    expect(store.csrfMatches(session, csrfToken)).toBe(true);
    expect(store.csrfMatches(session, `${csrfToken}x`)).toBe(false);
    expect(store.csrfMatches(session, undefined)).toBe(false);
  });

  it("ends a session after the idle time unless touched, and after the absolute time in any case", () => {
    const store = new SessionStore<number>(policy);
    const a = store.create(1, at(0));
    expect(store.find(a.id, at(30))).toBeNull();
    const b = store.create(2, at(0));
    for (let m = 20; m < 120; m += 20) {
      const s = store.find(b.id, at(m));
      expect(s, `minute ${m}`).not.toBeNull();
      store.touch(s!, at(m));
    }
    expect(store.find(b.id, at(120))).toBeNull();
  });

  it("deletes one session or every session matching, and drops the oldest beyond the limit", () => {
    const store = new SessionStore<string>(policy);
    const a = store.create("k1", at(0));
    const b = store.create("k1", at(1));
    const c = store.create("k2", at(2));
    const d = store.create("k3", at(3));
    expect(store.size).toBe(3);
    expect(store.find(a.id, at(4))).toBeNull();
    expect(store.deleteWhere((k) => k === "k1")).toBe(1);
    expect(store.find(b.id, at(4))).toBeNull();
    expect(store.delete(c.id)?.data).toBe("k2");
    expect(store.delete(c.id)).toBeNull();
    expect(store.find(d.id, at(4))?.data).toBe("k3");
  });
});

describe("AttemptLimiter", () => {
  it("refuses a key after max failures until its window ends; a success resets it", () => {
    const limiter = new AttemptLimiter(3, 15 * 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("holder:1", at(i))).toBe(0);
      limiter.fail("holder:1", at(i));
    }
    expect(limiter.retryAfter("holder:1", at(3))).toBe(12 * 60);
    expect(limiter.retryAfter("holder:2", at(3))).toBe(0);
    expect(limiter.retryAfter("holder:1", at(15))).toBe(0);
    limiter.fail("holder:2", at(16));
    limiter.fail("holder:2", at(16));
    limiter.reset("holder:2");
    limiter.fail("holder:2", at(16));
    expect(limiter.retryAfter("holder:2", at(16))).toBe(0);
  });

  it("stays bounded under many keys", () => {
    const limiter = new AttemptLimiter(1, 60_000, 10);
    for (let i = 0; i < 100; i++) limiter.fail(`client:${i}`, at(0));
    expect(limiter.retryAfter("client:99", at(0))).toBeGreaterThan(0);
    expect(limiter.retryAfter("client:0", at(0))).toBe(0);
  });
});
