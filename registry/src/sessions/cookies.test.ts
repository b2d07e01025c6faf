import { describe, expect, it } from "vitest";
import { parseCookies, serializeCookie } from "./cookies.js";

describe("parseCookies", () => {
  it("reads name=value pairs, the first of a repeated name, and skips malformed pairs", () => {
    const c = parseCookies('a=1; elicence_desk=abc-_DEF; b="quoted"; =x; novalue; a=2; bad name=3; c=sp ace');
    expect([...c]).toEqual([
      ["a", "1"],
      ["elicence_desk", "abc-_DEF"],
      ["b", "quoted"],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies(["x=1", "y=2"]).get("y")).toBe("2");
  });
});

describe("serializeCookie", () => {
  it("always writes Path=/ and SameSite=Strict; HttpOnly and Secure as asked", () => {
    expect(serializeCookie("s", "v1", { maxAgeSeconds: 3600, httpOnly: true, secure: true })).toBe(
      "s=v1; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict",
    );
    expect(serializeCookie("t", "v2", { maxAgeSeconds: 60, httpOnly: false, secure: false })).toBe(
      "t=v2; Path=/; Max-Age=60; SameSite=Strict",
    );
  });

  it("deletes with Max-Age=0 and a past Expires, and refuses values a cookie cannot carry", () => {
    expect(serializeCookie("s", "", { maxAgeSeconds: 0, httpOnly: true, secure: false })).toBe(
      "s=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict",
    );
    expect(() => serializeCookie("s", "a;b", { maxAgeSeconds: 1, httpOnly: true, secure: false })).toThrow();
    expect(() => serializeCookie("s s", "a", { maxAgeSeconds: 1, httpOnly: true, secure: false })).toThrow();
  });
});
