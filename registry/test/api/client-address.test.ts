// Whose address a per-client limit counts. By default X-Forwarded-For is ignored: a client cannot pick a fresh
// address per request and slip past the PDF-upload limit or the sign-in failure counts. Behind a reverse proxy,
// ELICENCE_TRUST_PROXY names it, and only its X-Forwarded-For is believed; anyone else sending the header is still
// counted by their own address.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startHarness, type Harness } from "../support/harness.js";

const upload = (h: Harness, remoteAddress: string, forwardedFor?: string) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/verify/pdf",
    payload: {},
    remoteAddress,
    ...(forwardedFor ? { headers: { "x-forwarded-for": forwardedFor } } : {}),
  });

describe("without ELICENCE_TRUST_PROXY", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ signing: true, start: new Date(), verifyPdf: { rateLimitMax: 2 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("a spoofed X-Forwarded-For does not give a client a fresh allowance", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await upload(h, "203.0.113.40", `198.51.100.${i}`)).statusCode);
    expect(codes).toEqual([400, 400, 429, 429]);
  });
});

describe("with a named proxy", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      signing: true,
      start: new Date(),
      verifyPdf: { rateLimitMax: 2 },
      trustProxy: ["10.0.0.0/8"],
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it("counts the clients behind it by their forwarded address, each on its own", async () => {
    const a = [];
    for (let i = 0; i < 3; i++) a.push((await upload(h, "10.0.0.2", "198.51.100.7")).statusCode);
    expect(a).toEqual([400, 400, 429]);
    // Another client through the same proxy is not limited by the first.
    expect((await upload(h, "10.0.0.2", "198.51.100.8")).statusCode).toBe(400);
  });

  it("believes the header only from the proxy", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await upload(h, "203.0.113.41", `198.51.100.${20 + i}`)).statusCode);
    expect(codes).toEqual([400, 400, 429]);
  });
});

describe("ELICENCE_TRUST_PROXY", () => {
  const root = path.resolve(".");
  it("is empty by default and takes addresses and CIDR ranges", () => {
    expect(loadConfig({}, root).trustProxy).toEqual([]);
    expect(loadConfig({ ELICENCE_TRUST_PROXY: " 10.0.0.5, 172.16.0.0/12 ,::1" }, root).trustProxy).toEqual([
      "10.0.0.5",
      "172.16.0.0/12",
      "::1",
    ]);
  });

  it("refuses anything else, naming the variable (never 'true': that would believe everyone)", () => {
    for (const bad of ["true", "*", "10.0.0.0/33", "proxy.local", "10.0.0.1/8/1"])
      expect(() => loadConfig({ ELICENCE_TRUST_PROXY: bad }, root), bad).toThrow(ConfigError);
  });
});
