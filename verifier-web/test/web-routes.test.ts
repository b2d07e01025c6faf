// The registry serving the verifier-web pages: index.html at /, /v and /v/<token>, desk.html at /desk, issue.html at
// /issue, holder.html at /holder, all with a strict CSP; hashed assets with long caching, a hint page when the pages were never built, and
// nothing outside dist reachable.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "@elicence/registry";

let dir: string;
let built: FastifyInstance;
let missing: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-web-"));
  const dist = path.join(dir, "dist");
  mkdirSync(path.join(dist, "assets"), { recursive: true });
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>verifier</title>");
  writeFileSync(path.join(dist, "desk.html"), "<!doctype html><title>desk</title>");
  writeFileSync(path.join(dist, "issue.html"), "<!doctype html><title>issue</title>");
  writeFileSync(path.join(dist, "holder.html"), "<!doctype html><title>holder</title>");
  writeFileSync(path.join(dist, "assets", "index-abc123.js"), "console.log('page')");
  writeFileSync(path.join(dir, "secret.txt"), "outside dist");
  built = Fastify();
  webRoutes(built, { distDir: dist });
  missing = Fastify();
  webRoutes(missing, { distDir: path.join(dir, "never-built") });
  await Promise.all([built.ready(), missing.ready()]);
});

afterAll(async () => {
  await Promise.all([built?.close(), missing?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("the verifier page routes", () => {
  it.each(["/", "/v", "/v/AbCdEf0123456789_-xyz"])(
    "serves index.html at %s with the page's security headers",
    async (url) => {
      const res = await built.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.body).toContain("<title>verifier</title>");
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["cache-control"]).toBe("no-cache");
    },
  );

  it.each([
    ["/desk", "desk"],
    ["/issue", "issue"],
    ["/holder", "holder"],
  ])("serves the %s page with the same security headers", async (url, title) => {
    const res = await built.inject({ method: "GET", url });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain(`<title>${title}</title>`);
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("serves hashed assets with a year of immutable caching, and 404s the rest without leaving dist/assets", async () => {
    const js = await built.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toMatch(/javascript/);
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await built.inject({ method: "GET", url: "/assets/nope.js" })).statusCode).toBe(404);
    for (const url of [
      "/assets/..%2F..%2Fsecret.txt",
      "/assets/%2e%2e%2findex.html",
      "/assets/..%5c..%5csecret.txt",
    ]) {
      const res = await built.inject({ method: "GET", url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.body, url).not.toContain("outside dist");
    }
  });

  it("says how to build the page when verifier-web/dist is missing", async () => {
    for (const url of ["/", "/v", "/desk", "/issue", "/holder"]) {
      const res = await missing.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("npm run build -w verifier-web");
    }
  });

  it("leaves other URLs to the app's 404", async () => {
    const res = await built.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
  });
});
