// The registry's word in a PDF verdict: a licence the registry does not know fails (a genuine seal over an identifier
// nobody issued), a registry that cannot answer (error, or no answer in time) leaves it undecided, and a withdrawn,
// replaced or not yet valid licence never reads as current.
import { describe, expect, it } from "vitest";
import { checkRegistry } from "./registry.js";
import type { LiveStatus, LiveStatusPort } from "../types.js";

const ID = "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.2430599.001.F";
const SHA = "ab".repeat(32);
const answer =
  (over: Partial<LiveStatus>): LiveStatusPort =>
  async () => ({ state: "01", documentSha256: SHA, supersededBy: null, validUntil: "2031-01-01", ...over });

describe("checkRegistry", () => {
  it("fails a licence the registry does not know, and is undecided when the registry cannot answer", async () => {
    const [unknown] = await checkRegistry(ID, SHA, async () => null);
    expect(unknown).toMatchObject({ status: "INVALID", reason: { code: "VER_PDF_LICENCE_UNKNOWN" } });
    const [down] = await checkRegistry(ID, SHA, async () => {
      throw new Error("ECONNREFUSED");
    });
    expect(down).toMatchObject({ status: "ERROR", reason: { code: "VER_PDF_LIVE_STATUS_UNAVAILABLE" } });
    const started = Date.now();
    const [hung] = await checkRegistry(ID, SHA, () => new Promise<never>(() => undefined), 50);
    expect(hung).toMatchObject({ status: "ERROR", reason: { code: "VER_PDF_LIVE_STATUS_UNAVAILABLE" } });
    expect(Date.now() - started).toBeLessThan(2000);
    const [missing] = await checkRegistry(undefined, SHA, answer({}));
    expect(missing).toMatchObject({ status: "ERROR", reason: { code: "VER_PDF_IDENTIFIER_MISSING" } });
  });

  it("reads current only for 01 without a successor and in force; every other answer fails with its own code", async () => {
    expect((await checkRegistry(ID, SHA, answer({})))[0]).toMatchObject({
      status: "VALID",
      reason: { code: "VER_PDF_LICENCE_CURRENT" },
    });
    for (const [over, code] of [
      [{ state: "01", supersededBy: "next" }, "VER_PDF_LICENCE_SUPERSEDED"],
      [{ state: "99", notYetInForce: true }, "VER_PDF_LICENCE_NOT_YET_IN_FORCE"],
      // A registry that says "not yet in force" beside a 01 is still not current.
      [{ state: "01", notYetInForce: true }, "VER_PDF_LICENCE_NOT_YET_IN_FORCE"],
      [{ state: "07" }, "VER_PDF_LICENCE_REVOKED"],
      [{ state: "02" }, "VER_PDF_LICENCE_SUSPENDED"],
      [{ state: "03" }, "VER_PDF_LICENCE_CANCELLED"],
      [{ state: "04" }, "VER_PDF_LICENCE_DEREGISTERED"],
      [{ state: "05" }, "VER_PDF_LICENCE_EXPIRED"],
      [{ state: "99" }, "VER_PDF_LICENCE_NOT_CURRENT"],
      [{ state: "1" }, "VER_PDF_LICENCE_NOT_CURRENT"],
    ] as const) {
      const [state] = await checkRegistry(ID, SHA, answer(over));
      expect(state, JSON.stringify(over)).toMatchObject({ status: "INVALID", reason: { code } });
    }
  });

  it("matches the stored document hash whatever its case, and fails another file", async () => {
    const [, same] = await checkRegistry(ID, SHA, answer({ documentSha256: SHA.toUpperCase() }));
    expect(same).toMatchObject({ status: "VALID", reason: { code: "VER_PDF_DOCUMENT_HASH_MATCHES" } });
    const [, other] = await checkRegistry(ID, "cd".repeat(32), answer({}));
    expect(other).toMatchObject({ status: "INVALID", reason: { code: "VER_PDF_DOCUMENT_HASH_MISMATCH" } });
  });
});
