// Unit tests of the timestamp step's failure paths: each becomes a reason (and so a B-B fallback), never a throw.

import { describe, expect, it } from "vitest";
import { timestampSignatureValue, unwrapTimestampResponse } from "./signature-timestamp.js";

const sig = Uint8Array.of(1, 2, 3);

describe("timestampSignatureValue", () => {
  it("reports a throwing TSA client", async () => {
    const r = await timestampSignatureValue(async () => Promise.reject(new Error("ETIMEDOUT")), sig);
    expect(r).toEqual({ ok: false, reason: "ETIMEDOUT" });
  });

  it("gives up on a TSA that never answers", async () => {
    const r = await timestampSignatureValue(() => new Promise<Uint8Array>(() => {}), sig, 20);
    expect(r).toEqual({ ok: false, reason: "no answer within 20 ms" });
  });

  it("reports an empty or unparsable token", async () => {
    expect(await timestampSignatureValue(async () => new Uint8Array(0), sig)).toMatchObject({
      ok: false,
      reason: /no token/,
    });
    expect(
      await timestampSignatureValue(async () => Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), sig),
    ).toMatchObject({ ok: false });
  });

  it("turns a rejected TimeStampResp (PKIStatus 2) into an error", () => {
    // TimeStampResp { status PKIStatusInfo { INTEGER 2 } }
    expect(() => unwrapTimestampResponse(Uint8Array.of(0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02))).toThrow(
      /PKIStatus 2/,
    );
  });
});
