// Hardening from the attacker's side: PDF uploads are limited per client; failing share codes on purpose from one
// address does not lock the holder out at theirs; /metrics and /pki/tsa are not served unless configured; every
// answer carries nosniff, /docs and JSON answers cannot be framed, and the pages keep their own policy.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "../../src/config.js";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { handOutShareCode, issueExample } from "../support/sessions.js";

let h: Harness;
let holder: { name: string; code: string };

beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date(), verifyPdf: { rateLimitMax: 3 } });
  ({ holder } = await issueExample(h, TYPES.food, "hardening-0000001"));
});
afterAll(async () => {
  await h.close();
});

describe("POST /api/v1/verify/pdf", () => {
  it("answers 429 REG_RATE_LIMITED with Retry-After past the per-client limit, counting even malformed uploads", async () => {
    const upload = (remoteAddress: string) =>
      h.app.inject({ method: "POST", url: "/api/v1/verify/pdf", payload: {}, remoteAddress });
    for (let i = 0; i < 3; i++) expect((await upload("203.0.113.7")).statusCode).toBe(400);
    const limited = await upload("203.0.113.7");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("REG_RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await upload("198.51.100.9")).statusCode).toBe(400);
  });
});

describe("share-code sign-in", () => {
  it("does not lock the holder out when someone fails on purpose from another address", async () => {
    const { shareCode } = await handOutShareCode(h, holder.code);
    const signIn = (code: string, remoteAddress: string) =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/holder/session",
        payload: { holderCode: holder.code, shareCode: code },
        remoteAddress,
      });
    const wrong = shareCode.replace(/^./, (c) => (c === "2" ? "3" : "2"));
    for (let i = 0; i < 5; i++) expect((await signIn(wrong, "192.0.2.66")).statusCode).toBe(401);
    const locked = await signIn(wrong, "192.0.2.66");
    expect(locked.statusCode).toBe(429);
    expect(locked.headers["retry-after"]).toBeDefined();
    // The holder, at their own address, gets in.
    expect((await signIn(shareCode, "198.51.100.20")).statusCode).toBe(201);
  });
});

describe("operational routes", () => {
  it("/metrics and /pki/tsa are not served by default", async () => {
    expect((await h.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    const tsa = await h.app.inject({
      method: "POST",
      url: "/pki/tsa",
      headers: { "content-type": "application/timestamp-query" },
      payload: Buffer.from([0x30, 0x00]),
    });
    expect(tsa.statusCode).toBe(404);
  });

  it("are switched on by ELICENCE_PUBLIC_METRICS and ELICENCE_PUBLIC_TSA, and a bad value names the variable", () => {
    const root = path.resolve(".");
    expect(loadConfig({}, root)).toMatchObject({ publicMetrics: false, publicTsa: false });
    expect(loadConfig({ ELICENCE_PUBLIC_METRICS: "true", ELICENCE_PUBLIC_TSA: "1" }, root)).toMatchObject({
      publicMetrics: true,
      publicTsa: true,
    });
    expect(() => loadConfig({ ELICENCE_PUBLIC_METRICS: "yes please" }, root)).toThrow(ConfigError);
    expect(() => loadConfig({ ELICENCE_PUBLIC_METRICS: "yes please" }, root)).toThrow(
      /ELICENCE_PUBLIC_METRICS/,
    );
  });

  it("are served when configured", async () => {
    const on = await startHarness({ expose: { metrics: true } });
    try {
      expect((await on.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(200);
    } finally {
      await on.close();
    }
  });
});

describe("headers", () => {
  it("nosniff on every answer: JSON, errors, 404s, PDFs, pages", async () => {
    const answers = [
      await h.app.inject({ method: "GET", url: "/healthz" }),
      await h.app.inject({ method: "GET", url: "/api/v1/licences", headers: auth(h.key.issuer) }),
      await h.app.inject({ method: "GET", url: "/no/such/route" }),
      await h.app.inject({ method: "GET", url: "/docs/json" }),
      await h.app.inject({ method: "GET", url: "/" }),
    ];
    for (const res of answers)
      expect(res.headers["x-content-type-options"], res.body.slice(0, 80)).toBe("nosniff");
    const json = answers[1]!;
    expect(json.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("/docs has a CSP that nobody may frame; the pages keep their own", async () => {
    const docs = await h.app.inject({ method: "GET", url: "/docs/" });
    expect(docs.statusCode).toBeLessThan(400);
    const csp = String(docs.headers["content-security-policy"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(docs.headers["x-content-type-options"]).toBe("nosniff");
    for (const url of ["/", "/desk", "/holder"]) {
      const page = await h.app.inject({ method: "GET", url });
      expect(String(page.headers["content-security-policy"]), url).toContain("script-src 'self'");
      expect(String(page.headers["content-security-policy"]), url).toContain("frame-ancestors 'none'");
    }
  });
});
