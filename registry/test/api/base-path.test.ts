// ELICENCE_BASE_PATH: behind a reverse proxy that maps https://gov.example/elicence/ to the registry, the pages, their
// assets and the API answer under /elicence (and still at the root, for a proxy that strips the prefix), and the
// pages link and fetch under it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, stripBasePath, type RegistryApp } from "../../src/http/app.js";
import { loadCatalogue } from "../../src/catalogue/index.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { TEMPLATES } from "../support/harness.js";

// A build as Vite writes one: root-relative asset URLs and links.
const INDEX = `<!doctype html><html><head><meta charset="utf-8">
<script type="module" crossorigin src="/assets/index-AbC123.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-AbC123.css">
</head><body><a href="/.well-known/elicence/trust-list.json">trust list</a> <a href="/docs">docs</a>
<a href="https://elsewhere.example/x">out</a> <a href="//cdn.example/y">protocol-relative</a></body></html>`;
const DESK = `<!doctype html><html><head><script type="module" crossorigin src="/assets/desk-XyZ.js"></script></head>
<body><a href="/holder">holder</a></body></html>`;

let dir: string;
let store: Store;
let apps: RegistryApp[] = [];
async function app(basePath?: string): Promise<RegistryApp> {
  const catalogue = loadCatalogue(TEMPLATES);
  const built = await buildApp({
    store,
    catalogue,
    baseUrl: `https://gov.example${basePath ?? ""}`,
    ...(basePath !== undefined ? { basePath } : {}),
    webDist: path.join(dir, "dist"),
  });
  apps.push(built);
  return built;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-base-path-"));
  mkdirSync(path.join(dir, "dist", "assets"), { recursive: true });
  writeFileSync(path.join(dir, "dist", "index.html"), INDEX);
  writeFileSync(path.join(dir, "dist", "desk.html"), DESK);
  writeFileSync(path.join(dir, "dist", "holder.html"), DESK);
  writeFileSync(path.join(dir, "dist", "assets", "index-AbC123.js"), "console.log('verifier');\n");
  store = openSqliteStore(path.join(dir, "registry.sqlite"));
  await store.migrate();
});
afterAll(async () => {
  for (const a of apps) await a.app.close();
  apps = [];
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ELICENCE_BASE_PATH=/elicence", () => {
  it("serves the verifier page under the prefix, its links and assets moved under it, the base path given to its code", async () => {
    const { app: a } = await app("/elicence");
    for (const url of ["/elicence/", "/elicence", "/elicence/v", "/elicence/v/q83vEjRWeJCrze8SNFZ4kA"]) {
      const res = await a.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('src="/elicence/assets/index-AbC123.js"');
      expect(res.body).toContain('href="/elicence/assets/index-AbC123.css"');
      expect(res.body).toContain('href="/elicence/docs"');
      expect(res.body).toContain('href="/elicence/.well-known/elicence/trust-list.json"');
      expect(res.body).toContain('<meta name="elicence-base-path" content="/elicence" />');
      // Absolute and protocol-relative URLs are not paths of ours.
      expect(res.body).toContain('href="https://elsewhere.example/x"');
      expect(res.body).toContain('href="//cdn.example/y"');
    }
    const desk = await a.inject({ method: "GET", url: "/elicence/desk" });
    expect(desk.statusCode).toBe(200);
    expect(desk.body).toContain('src="/elicence/assets/desk-XyZ.js"');
    expect(desk.body).toContain('href="/elicence/holder"');
  });

  it("serves a page's asset and the API under the prefix", async () => {
    const { app: a } = await app("/elicence");
    const asset = await a.inject({ method: "GET", url: "/elicence/assets/index-AbC123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toContain("console.log('verifier')");
    const types = await a.inject({ method: "GET", url: "/elicence/api/v1/licence-types?x=1" });
    expect(types.statusCode, types.body).toBe(200);
    expect(types.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    const missing = await a.inject({ method: "GET", url: "/elicence/api/v1/no-such-route" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "REG_NOT_FOUND" });
  });

  it("sends /elicence/docs to /elicence/docs/, whose asset links are relative", async () => {
    const { app: a } = await app("/elicence");
    const docs = await a.inject({ method: "GET", url: "/elicence/docs" });
    expect(docs.statusCode).toBe(302);
    expect(docs.headers.location).toBe("/elicence/docs/");
    const page = await a.inject({ method: "GET", url: "/elicence/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('src="./static/swagger-ui-bundle.js"');
    expect(page.body).not.toMatch(/(src|href)="\/docs\//u);
  });

  it("still answers at the root (a proxy that strips the prefix), and not under a look-alike prefix", async () => {
    const { app: a } = await app("/elicence");
    expect((await a.inject({ method: "GET", url: "/api/v1/licence-types" })).statusCode).toBe(200);
    expect((await a.inject({ method: "GET", url: "/elicencex/api/v1/licence-types" })).statusCode).toBe(404);
  });

  it("without a base path the pages are served as built", async () => {
    const { app: a } = await app();
    const res = await a.inject({ method: "GET", url: "/" });
    expect(res.body).toContain('src="/assets/index-AbC123.js"');
    expect(res.body).not.toContain("elicence-base-path");
    expect((await a.inject({ method: "GET", url: "/elicence/api/v1/licence-types" })).statusCode).toBe(404);
  });
});

describe("stripBasePath", () => {
  it.each([
    ["/elicence", "/"],
    ["/elicence/", "/"],
    ["/elicence?x=1", "/?x=1"],
    ["/elicence/api/v1/status/t", "/api/v1/status/t"],
    ["/api/v1/status/t", "/api/v1/status/t"],
    ["/elicenceX/a", "/elicenceX/a"],
  ])("%s → %s", (url, routed) => {
    expect(stripBasePath("/elicence")({ url })).toBe(routed);
  });
});
