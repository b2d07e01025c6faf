// The registry serves the verifier page with its PKI's trust anchor in it: one meta element carrying the root's SPKI
// SHA-256, replacing any a build baked in (the served PKI is the one whose lists the page must accept); the desk and
// holder pages, which verify no list, are served as built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "@elicence/registry";

const PIN = "ab".repeat(32);
const BAKED = "cd".repeat(32);
let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-web-anchor-"));
  const dist = path.join(dir, "dist");
  mkdirSync(path.join(dist, "assets"), { recursive: true });
  writeFileSync(
    path.join(dist, "index.html"),
    `<!doctype html><html><head><title>verifier</title><meta name="elicence-trust-anchor" content="${BAKED}" />\n</head><body></body></html>`,
  );
  writeFileSync(path.join(dist, "desk.html"), "<!doctype html><html><head><title>desk</title></head></html>");
  app = Fastify();
  webRoutes(app, { distDir: dist, trustAnchor: PIN });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the verifier page carries the served PKI's trust anchor", () => {
  it.each(["/", "/v", "/v/AbCdEf0123456789"])(
    "%s: exactly one anchor, the server's, with the page's headers",
    async (url) => {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      const metas = res.body.match(/<meta name="elicence-trust-anchor"[^>]*>/gu) ?? [];
      expect(metas).toEqual([`<meta name="elicence-trust-anchor" content="${PIN}" />`]);
      expect(res.body).not.toContain(BAKED);
      expect(res.body).toContain("<title>verifier</title>");
      expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(res.headers["cache-control"]).toBe("no-cache");
    },
  );

  it("leaves the desk page as built", async () => {
    const res = await app.inject({ method: "GET", url: "/desk" });
    expect(res.body).not.toContain("elicence-trust-anchor");
  });
});
