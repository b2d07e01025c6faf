// The limits an operator sets in the environment (limits.ts, read by loadConfig) are the ones the app enforces: the
// JSON body size, PDF upload size and rate, live-status rate and desk sign-in failures; and a bad value names its
// variable and the allowed range, all bad values at once.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { DEFAULT_LIMITS } from "../../src/limits.js";
import { startHarness, type Harness } from "../support/harness.js";
import { deskSignIn, holderSignIn } from "../support/sessions.js";

const root = path.resolve(".");
const UNKNOWN_KEY = `ek_abcdefabcdef_${"B".repeat(22)}`;

describe("limits in the configuration", () => {
  it("default when unset, and read with or without a size suffix", () => {
    expect(loadConfig({}, root).limits).toEqual(DEFAULT_LIMITS);
    const limits = loadConfig(
      {
        ELICENCE_BODY_LIMIT: "256KiB",
        ELICENCE_VERIFY_PDF_MAX_SIZE: "5 MiB",
        ELICENCE_IMPORT_MAX_SIZE: "1GiB",
        ELICENCE_VERIFY_PDF_RATE: "30",
        ELICENCE_STATUS_RATE: "600",
        ELICENCE_SHARE_CODE_FAILURES: "3",
        ELICENCE_SHARE_CODE_FAILURES_PER_ADDRESS: "50",
        ELICENCE_DESK_SIGN_IN_FAILURES: "10",
        ELICENCE_SIGN_IN_WINDOW_MINUTES: "60",
        ELICENCE_IMPORT_QUOTA: "3GiB",
        ELICENCE_DISK_MIN_FREE: "0",
        ELICENCE_CLOCK_MAX_AHEAD_DAYS: "400",
        ELICENCE_SWEEP_EXPIRY_MAX_PERCENT: "25",
      },
      root,
    ).limits;
    expect(limits).toEqual({
      bodyBytes: 256 * 1024,
      verifyPdfBytes: 5 * 1024 * 1024,
      importBytes: 1024 * 1024 * 1024,
      verifyPdfPerMinute: 30,
      verifyPdfConcurrency: DEFAULT_LIMITS.verifyPdfConcurrency,
      verifyPdfQueue: DEFAULT_LIMITS.verifyPdfQueue,
      xlsxPartBytes: DEFAULT_LIMITS.xlsxPartBytes,
      xlsxInflatedBytes: DEFAULT_LIMITS.xlsxInflatedBytes,
      xlsxRatio: DEFAULT_LIMITS.xlsxRatio,
      xlsxSharedStrings: DEFAULT_LIMITS.xlsxSharedStrings,
      statusPerMinute: 600,
      shareCodeFailuresPerHolder: 3,
      shareCodeFailuresPerAddress: 50,
      deskSignInFailuresPerAddress: 10,
      signInWindowMinutes: 60,
      importQuotaBytes: 3 * 1024 * 1024 * 1024,
      diskMinFreeBytes: 0,
      clockToleranceMinutes: 10,
      clockMaxAheadDays: 400,
      sweepExpiryMax: 1000,
      sweepExpiryMaxPercent: 25,
    });
    expect(loadConfig({ ELICENCE_BODY_LIMIT: "2000000" }, root).limits.bodyBytes).toBe(2_000_000);
  });

  it("refuses every bad value at once, naming the variable and the allowed range", () => {
    let error: unknown;
    try {
      loadConfig(
        {
          ELICENCE_BODY_LIMIT: "1KiB",
          ELICENCE_VERIFY_PDF_RATE: "0",
          ELICENCE_IMPORT_MAX_SIZE: "lots",
          ELICENCE_SIGN_IN_WINDOW_MINUTES: "15MiB",
          ELICENCE_STATUS_RATE: "2.5",
        },
        root,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const expected of [
      /ELICENCE_BODY_LIMIT: "1KiB" is not a size in 16 KiB–64 MiB/u,
      /ELICENCE_VERIFY_PDF_RATE: "0" is not a whole number in 1–10000/u,
      /ELICENCE_IMPORT_MAX_SIZE: "lots" is not a size in 1 MiB–4 GiB/u,
      /ELICENCE_SIGN_IN_WINDOW_MINUTES: "15MiB" is not a whole number in 1–1440/u,
      /ELICENCE_STATUS_RATE: "2.5"/u,
    ])
      expect(message).toMatch(expected);
  });
});

describe("the app enforces the configured limits", () => {
  let h: Harness;
  let defaults: Harness;
  beforeAll(async () => {
    const { limits } = loadConfig(
      {
        ELICENCE_BODY_LIMIT: "16KiB",
        ELICENCE_VERIFY_PDF_MAX_SIZE: "1MiB",
        ELICENCE_VERIFY_PDF_RATE: "1",
        ELICENCE_STATUS_RATE: "2",
        ELICENCE_DESK_SIGN_IN_FAILURES: "1",
        ELICENCE_SHARE_CODE_FAILURES: "1",
        ELICENCE_SIGN_IN_WINDOW_MINUTES: "1",
      },
      root,
    );
    [h, defaults] = await Promise.all([
      startHarness({ signing: true, start: new Date(), limits }),
      startHarness({ signing: true, start: new Date() }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([h?.close(), defaults?.close()]);
  });

  const bigSignIn = (x: Harness) =>
    x.app.inject({
      method: "POST",
      url: "/api/v1/desk/session",
      payload: { key: "k".repeat(20_000) },
      remoteAddress: "203.0.113.90",
    });

  it("JSON bodies: 413 over ELICENCE_BODY_LIMIT, and the same body passes the default limit", async () => {
    const over = await bigSignIn(h);
    expect([over.statusCode, over.json().code]).toEqual([413, "REG_PAYLOAD_TOO_LARGE"]);
    expect((await bigSignIn(defaults)).statusCode).not.toBe(413);
  });

  it("PDF uploads: ELICENCE_VERIFY_PDF_RATE per address, ELICENCE_VERIFY_PDF_MAX_SIZE per upload", async () => {
    const upload = (x: Harness, remoteAddress: string) =>
      x.app.inject({ method: "POST", url: "/api/v1/verify/pdf", payload: {}, remoteAddress });
    const codes = [];
    for (let i = 0; i < 2; i++) codes.push((await upload(h, "203.0.113.91")).statusCode);
    expect(codes).toEqual([400, 429]);
    expect((await upload(defaults, "203.0.113.91")).statusCode).toBe(400);
    expect((await upload(defaults, "203.0.113.91")).statusCode).toBe(400);

    const boundary = "----elicence-limit";
    const pdf = Buffer.alloc(1024 * 1024 + 100_000, 0x20);
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.7\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const big = await h.app.inject({
      method: "POST",
      url: "/api/v1/verify/pdf",
      payload: body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      remoteAddress: "203.0.113.92",
    });
    expect([big.statusCode, big.json().code]).toEqual([413, "REG_PAYLOAD_TOO_LARGE"]);
    expect(big.json().message).toContain("at most 1 MiB");
  });

  it("live status: ELICENCE_STATUS_RATE per address", async () => {
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (
          await h.app.inject({
            method: "GET",
            url: "/api/v1/status/AAAAAAAAAAAAAAAAAAAAAA",
            remoteAddress: "203.0.113.93",
          })
        ).statusCode,
      );
    expect(codes[2]).toBe(429);
    expect(codes.slice(0, 2)).not.toContain(429);
  });

  it("desk sign-in: ELICENCE_DESK_SIGN_IN_FAILURES per address", async () => {
    const first = await deskSignIn(h, UNKNOWN_KEY);
    expect(first.res.statusCode).toBe(401);
    expect((await deskSignIn(h, UNKNOWN_KEY)).res.statusCode).toBe(429);
    // The default allows more than one failure.
    expect((await deskSignIn(defaults, UNKNOWN_KEY)).res.statusCode).toBe(401);
    expect((await deskSignIn(defaults, UNKNOWN_KEY)).res.statusCode).toBe(401);
  });

  it("holder sign-in: ELICENCE_SHARE_CODE_FAILURES per holder and address, in windows of ELICENCE_SIGN_IN_WINDOW_MINUTES", async () => {
    const holder = "91441521MA55C7TBXR";
    expect((await holderSignIn(h, holder, "ZZZZZ-ZZZZZ")).res.statusCode).toBe(401);
    expect((await holderSignIn(h, holder, "ZZZZZ-ZZZZZ")).res.statusCode).toBe(429);
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    expect((await holderSignIn(h, holder, "ZZZZZ-ZZZZZ")).res.statusCode).toBe(401);
    // The default allows more than one failure.
    expect((await holderSignIn(defaults, holder, "ZZZZZ-ZZZZZ")).res.statusCode).toBe(401);
    expect((await holderSignIn(defaults, holder, "ZZZZZ-ZZZZZ")).res.statusCode).toBe(401);
  });
});
