import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { baseUrlProblem, isLoopbackUrl, parseBasePath } from "./base-url.js";

describe("baseUrlProblem", () => {
  it("accepts http(s) URLs with or without a path", () => {
    for (const u of ["https://licences.gov.example", "http://10.0.0.5:8080", "https://gov.example/elicence"])
      expect(baseUrlProblem(u)).toBeNull();
  });
  it.each([
    ["licences.gov.example", /not an absolute URL/u],
    ["ftp://gov.example", /must start with http:\/\/ or https:\/\//u],
    ["https://gov.example/?a=1", /must not have a query/u],
    ["https://gov.example/x?", /must not have a query/u],
    ["https://gov.example/#top", /must not have a fragment/u],
    ["https://me:pw@gov.example", /user name or password/u],
  ])("%s: %s", (url, problem) => {
    expect(baseUrlProblem(url)).toMatch(problem);
  });
});

describe("isLoopbackUrl", () => {
  it.each([
    ["http://127.0.0.1:8080", true],
    ["http://127.1.2.3", true],
    ["http://localhost:3000", true],
    ["http://[::1]:8080", true],
    ["http://0.0.0.0", true],
    ["https://licences.gov.example", false],
    ["http://10.0.0.5", false],
    ["http://128.0.0.1", false],
  ])("%s → %s", (url, loopback) => {
    expect(isLoopbackUrl(url)).toBe(loopback);
  });
});

describe("parseBasePath", () => {
  it("normalises and refuses what is not a plain path", () => {
    expect(parseBasePath("/elicence/")).toEqual({ path: "/elicence" });
    expect(parseBasePath("/")).toEqual({ path: "" });
    expect(parseBasePath("/a/b")).toEqual({ path: "/a/b" });
    for (const bad of ["elicence", "/a b", "/a/../b", "/x?y", '/"><script>'])
      expect(parseBasePath(bad)).toHaveProperty("problem");
  });
});

describe("loadConfig: base URL and base path", () => {
  const load = (env: Record<string, string>) => loadConfig(env, "/repo");

  it("derives the base path from the base URL's path", () => {
    const c = load({ ELICENCE_BASE_URL: "https://gov.example/elicence/" });
    expect(c.baseUrl).toBe("https://gov.example/elicence");
    expect(c.basePath).toBe("/elicence");
    expect(load({ ELICENCE_BASE_URL: "https://gov.example" }).basePath).toBe("");
  });

  it("puts ELICENCE_BASE_PATH into the default base URL", () => {
    const c = load({ ELICENCE_BASE_PATH: "/elicence", PORT: "9000" });
    expect(c.baseUrl).toBe("http://127.0.0.1:9000/elicence");
    expect(c.basePath).toBe("/elicence");
  });

  it("accepts the same path twice and refuses two different ones, naming both", () => {
    expect(
      load({ ELICENCE_BASE_URL: "https://gov.example/elicence", ELICENCE_BASE_PATH: "/elicence/" }).basePath,
    ).toBe("/elicence");
    expect(() =>
      load({ ELICENCE_BASE_URL: "https://gov.example/elicence", ELICENCE_BASE_PATH: "/registry" }),
    ).toThrow(/ELICENCE_BASE_PATH: "\/registry" differs from the path of ELICENCE_BASE_URL .*"\/elicence"/u);
    expect(() => load({ ELICENCE_BASE_URL: "https://gov.example", ELICENCE_BASE_PATH: "/elicence" })).toThrow(
      /differs from the path/u,
    );
  });

  it("refuses a base URL with a query or fragment, and a bad base path, all at once", () => {
    expect(() =>
      load({ ELICENCE_BASE_URL: "https://gov.example/?x=1", ELICENCE_BASE_PATH: "no-slash" }),
    ).toThrow(/ELICENCE_BASE_PATH, ELICENCE_BASE_URL: .*not a URL path.*must not have a query/u);
  });

  it("knows production from NODE_ENV", () => {
    expect(load({ NODE_ENV: "production" }).production).toBe(true);
    expect(load({}).production).toBe(false);
  });
});
