// The in-process status rate limiter: a fixed window per client aligned to the clock, Retry-After up to the window's
// end, memory bounded per window, and IPv6 clients counted by their /64.
import { describe, expect, it } from "vitest";
import { MemoryRateLimiter, clientKey, retryAfterSeconds } from "./rate-limiter.js";

const MINUTE = 60_000;
const T0 = Date.parse("2026-11-29T02:00:00.000Z"); // a window boundary

describe("MemoryRateLimiter", () => {
  it("allows max requests per client and window, then refuses until the window ends", () => {
    const l = new MemoryRateLimiter(3, MINUTE);
    for (let i = 0; i < 3; i++) expect(l.hit("10.0.0.1", T0 + i * 1000).ok).toBe(true);
    expect(l.hit("10.0.0.1", T0 + 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(l.hit("10.0.0.2", T0 + 15_000).ok).toBe(true);
    expect(l.hit("10.0.0.1", T0 + MINUTE - 1).ok).toBe(false);
    expect(l.hit("10.0.0.1", T0 + MINUTE).ok).toBe(true);
  });

  it("forgets the oldest clients of a window beyond maxClients, not the newest", () => {
    const l = new MemoryRateLimiter(1, MINUTE, 2);
    l.hit("a", T0);
    l.hit("b", T0);
    l.hit("c", T0); // drops a's count
    expect(l.hit("a", T0).ok).toBe(true);
    expect(l.hit("c", T0).ok).toBe(false);
  });
});

describe("retryAfterSeconds", () => {
  it("rounds the rest of the window up to whole seconds, at least 1", () => {
    expect(retryAfterSeconds(T0, MINUTE)).toBe(60);
    expect(retryAfterSeconds(T0 + 59_001, MINUTE)).toBe(1);
    expect(retryAfterSeconds(T0 + 59_999, MINUTE)).toBe(1);
  });
});

describe("clientKey", () => {
  it("keeps IPv4 addresses, maps IPv4-mapped IPv6 to IPv4 and counts IPv6 per /64", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe(clientKey("2001:db8:1:2:bbbb::9"));
    expect(clientKey("2001:db8:1:2::1")).not.toBe(clientKey("2001:db8:1:3::1"));
  });
});
