// Red-team variants of issue 11's classes that the first fuzz suite did not try: each case here was a 5xx or an
// answer off the documented error body against a running server before its fix. Same property as the rest of the
// suite: never a 5xx, and every 4xx is JSON `{ code, message, details[] }`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.js";
import { expectClientErrorOrSuccess } from "./error-shape.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true });
});
afterAll(async () => {
  await h?.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const r = await h.app.inject({ method: "GET", url, headers });
  return { status: r.statusCode, contentType: r.headers["content-type"] as string | undefined, body: r.body };
}

describe("routes added by plugins answer with the registry's error body", () => {
  // Class: a route takes the error handler in force when it is added; the swagger plugin's routes were added before
  // ours was set, so a malformed query on /docs* got fastify's { statusCode, error, message } without details.
  for (const url of ["/docs/json?%", "/docs/yaml?a=%zz", "/docs/?%E0%A4%A", "/docs/static/index.html?x=%"]) {
    it(`GET ${url}`, async () => {
      const a = await get(url);
      expectClientErrorOrSuccess(a, url);
      expect(a.status).toBe(400);
      expect(JSON.parse(a.body)).toMatchObject({ code: "REG_URL_NOT_ENCODED" });
      expect(JSON.parse(a.body)).not.toHaveProperty("statusCode");
    });
  }
});
