// nosniff (and, for JSON, a CSP that forbids rendering and framing) on every answer, including those fastify gives
// before any route or hook runs: a URL with a bad %-escape and a parameter past maxParamLength. fastify's own answer
// to those echoed the raw path into a JSON body without nosniff. Also the other answers a route table forgets: 404,
// HEAD, OPTIONS, a schema error, an authentication error, a page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
});
afterAll(async () => {
  await h.close();
});

describe("security headers", () => {
  it("are on answers made before routing, which carry our error shape and not the path", async () => {
    const cases = [
      { url: "/api/v1/licences/%E0%A4%A%3Cscript%3E", status: 400, code: "REG_URL_NOT_ENCODED" },
      { url: "/%", status: 400, code: "REG_URL_NOT_ENCODED" },
      { url: `/api/v1/licence-types/${"A".repeat(1100)}`, status: 414, code: "REG_BAD_REQUEST" },
    ];
    for (const { url, status, code } of cases) {
      const res = await h.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["content-security-policy"], url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.json(), url).toMatchObject({ code });
      expect(res.body, url).not.toContain("script");
    }
  });

  it("are on 404s, HEAD, OPTIONS, schema and authentication errors", async () => {
    const cases = [
      { method: "GET", url: "/nothing-here" },
      { method: "HEAD", url: "/api/v1/reason-codes" },
      { method: "OPTIONS", url: "/api/v1/reason-codes" },
      { method: "GET", url: "/api/v1/licences?limit=abc" },
      { method: "GET", url: "/api/v1/audit/events" },
    ] as const;
    for (const c of cases) {
      const res = await h.app.inject(c);
      expect(res.headers["x-content-type-options"], `${c.method} ${c.url}`).toBe("nosniff");
    }
  });
});
