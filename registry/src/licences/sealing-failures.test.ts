// Sorting sealing failures out: the record's for good (parked at once), perhaps passing (back-off, then parked), the
// machine's (no record blamed); the reason kept never carries the error's own message, which may hold a value.
import { describe, expect, it } from "vitest";
import { RenderError } from "@elicence/signer";
import { RegistryError } from "../errors.js";
import { StoreError } from "../store/store-error.js";
import { makeLicence } from "../../test/store/licence-fixtures.js";
import { afterFailure, classifySealFailure, documentState, PARK_AFTER_ATTEMPTS } from "./sealing-failures.js";

const sysErr = (code: string) =>
  Object.assign(new Error(`${code}: write /data/documents/ab/王晓明`), { code });

describe("classifySealFailure", () => {
  it("blames the machine for system errors, store, key, TSA, font and pool-closed errors, also as a cause", () => {
    for (const e of [
      sysErr("ENOSPC"),
      sysErr("EIO"),
      new TypeError("fetch failed", { cause: sysErr("ECONNREFUSED") }),
      new StoreError("REG_STORE_WRITE_CONTENTION", "busy"),
      Object.assign(new Error("x"), { code: "SIG_TSA_UNREACHABLE" }),
      Object.assign(new Error("x"), { code: "SIG_KEY_DECRYPT_FAILED" }),
      Object.assign(new Error("x"), { code: "SIG_PKCS11_LOGIN_FAILED" }),
      Object.assign(new Error("x"), { code: "SIG_POOL_CLOSED" }),
      new RenderError("SIG_RENDER_FONT_UNAVAILABLE", "cannot read the licence font"),
    ])
      expect(classifySealFailure(e).kind, String(e)).toBe("environment");
  });

  it("parks at once what only the record's values cause, naming code points, never the value", () => {
    const unprintable = new RegistryError("REG_BAD_REQUEST", undefined, [
      {
        field: "holder.name",
        code: "REG_FIELD_UNPRINTABLE",
        message: "holder.name holds characters the licence font cannot print (U+20000)",
      },
    ]);
    expect(classifySealFailure(unprintable)).toEqual({
      kind: "record",
      code: "REG_FIELD_UNPRINTABLE",
      message: "holder.name holds characters the licence font cannot print (U+20000)",
    });
    for (const code of [
      "SIG_RENDER_FIELD_MISSING",
      "SIG_RENDER_TEXT_OVERFLOW",
      "SIG_RENDER_QR_TOO_LONG",
    ] as const) {
      const f = classifySealFailure(new RenderError(code, "licence of 王晓明 …"));
      expect(f).toMatchObject({ kind: "record", code });
      expect(f.message).not.toContain("王晓明");
    }
  });

  it("retries what may pass (a seal revoked, an unknown error), keeping only the error's class", () => {
    expect(classifySealFailure(new RegistryError("REG_SEAL_UNAVAILABLE", "revoked"))).toMatchObject({
      kind: "retry",
      code: "REG_SEAL_UNAVAILABLE",
    });
    const f = classifySealFailure(new TypeError("Cannot read properties of 王晓明"));
    expect(f).toMatchObject({ kind: "retry", code: "REG_SEAL_FAILED" });
    expect(f.message).toContain("TypeError");
    expect(f.message).not.toContain("王晓明");
  });
});

describe("afterFailure and documentState", () => {
  const now = new Date("2026-11-29T02:00:00.000Z");
  it("counts attempts, backs off 4× each time and parks after the last; the view says so", () => {
    let rec = makeLicence({ serial: "2430599" });
    expect(documentState(rec)).toEqual({ state: "pending" });
    const failure = { kind: "retry" as const, code: "REG_SEAL_FAILED", message: "sealing failed with Error" };
    rec = afterFailure(rec, failure, now);
    expect(rec.sealing).toEqual({
      attempts: 1,
      lastError: { code: "REG_SEAL_FAILED", message: "sealing failed with Error" },
      lastAttemptAt: now.toISOString(),
      retryAt: "2026-11-29T02:00:30.000Z",
    });
    expect(documentState(rec)).toMatchObject({
      state: "retrying",
      attempts: 1,
      retryAt: "2026-11-29T02:00:30.000Z",
    });
    for (let i = 2; i <= PARK_AFTER_ATTEMPTS; i++) rec = afterFailure(rec, failure, now);
    expect(rec.sealing).toMatchObject({ attempts: PARK_AFTER_ATTEMPTS, parkedAt: now.toISOString() });
    expect(rec.sealing?.retryAt).toBeUndefined();
    expect(documentState(rec)).toMatchObject({ state: "parked", reason: { code: "REG_SEAL_FAILED" } });
    expect(documentState({ ...rec, documentSha256: "ab".repeat(32) })).toEqual({ state: "sealed" });
  });

  it("parks a record failure at the first attempt", () => {
    const rec = afterFailure(
      makeLicence({ serial: "2430600" }),
      { kind: "record", code: "REG_FIELD_UNPRINTABLE", message: "holder.name … (U+0000)" },
      now,
    );
    expect(rec.sealing).toMatchObject({ attempts: 1, parkedAt: now.toISOString() });
  });
});
