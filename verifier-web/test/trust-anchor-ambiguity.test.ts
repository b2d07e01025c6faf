// A second trust-anchor meta element, from the forger's side. The page reads its pin from the document; a leftover
// element from a build (attributes in another order, other quotes) sat before the registry's and was the one read,
// and an element slipped into the page would be read if it came first. The registry now removes every such element
// before adding its own, and the page takes no anchor at all when it finds more than one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "@elicence/registry";
import { anchorFromServedPage } from "@elicence/signer/browser";

const PIN = "ab".repeat(32);
const FORGED = "cd".repeat(32);

describe("the page's anchor (anchorFromServedPage, what pinnedAnchor reads every meta element with)", () => {
  it("is the one element's pin", () => {
    expect(anchorFromServedPage([PIN])?.fingerprint).toBe(PIN);
    expect(anchorFromServedPage([` ${PIN.toUpperCase()} `])?.fingerprint).toBe(PIN);
  });

  it("is none when there are two, even the same twice, or none", () => {
    expect(anchorFromServedPage([FORGED, PIN])).toBeNull();
    expect(anchorFromServedPage([PIN, FORGED])).toBeNull();
    expect(anchorFromServedPage([PIN, PIN])).toBeNull();
    expect(anchorFromServedPage([])).toBeNull();
    expect(anchorFromServedPage(["not a pin"])).toBeNull();
  });
});

describe("the registry's served page", () => {
  let dir: string;
  let app: FastifyInstance;
  const leftovers = [
    `<meta content="${FORGED}" name="elicence-trust-anchor">`,
    `<meta name='elicence-trust-anchor' content='${FORGED}'>`,
    `<meta name=elicence-trust-anchor content=${FORGED}>`,
    `<META NAME="elicence-trust-anchor" CONTENT="${FORGED}" />`,
    `<meta\n  name="elicence-trust-anchor"\n  content="${FORGED}"\n/>`,
  ];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "elicence-anchor-ambiguity-"));
    const dist = path.join(dir, "dist");
    mkdirSync(path.join(dist, "assets"), { recursive: true });
    writeFileSync(
      path.join(dist, "index.html"),
      `<!doctype html><html><head><title>verifier</title>${leftovers.join("\n")}\n<meta name="elicence-trust-anchor-note" content="kept">\n</head><body></body></html>`,
    );
    app = Fastify();
    webRoutes(app, { distDir: dist, trustAnchor: PIN });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("carries no leftover anchor however it is written, only the server's", async () => {
    const res = await app.inject({ method: "GET", url: "/v" });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(FORGED);
    expect(res.body.match(/elicence-trust-anchor"/gu)).toHaveLength(1);
    expect(res.body).toContain(`<meta name="elicence-trust-anchor" content="${PIN}" />`);
    // A meta element of another name is not touched.
    expect(res.body).toContain('<meta name="elicence-trust-anchor-note" content="kept">');
  });
});
