// When a revocation counts against a seal: revoked at or before the signing time always; afterwards only for
// reasons that mean the key could have been misused; and the worst answer of all sources wins.
import { describe, expect, it } from "vitest";
import { checkRevocation, type RevocationInput } from "./revocation.js";

const cert = { serialNumber: "01", der: new Uint8Array([1]) };
const input = (facts: RevocationInput["facts"] = []): RevocationInput => ({
  seal: cert,
  cas: [{ serialNumber: "02", der: new Uint8Array([2]) }],
  signingTime: "2026-06-01T09:00:00.000Z",
  timeSource: "timestamp",
  facts,
});
const code = async (i: RevocationInput | undefined, port?: Parameters<typeof checkRevocation>[1]) =>
  (await checkRevocation(i, port)).reason.code;

describe("checkRevocation", () => {
  it("judges a revocation by its time and reason", async () => {
    const live = (revokedAt: string, reason: string) => async (c: { serialNumber: string }) =>
      c.serialNumber === "01"
        ? { status: "revoked" as const, revokedAt, reason }
        : { status: "good" as const };
    expect(await code(input(), live("2026-06-01T08:00:00Z", "superseded"))).toBe("VER_PDF_SEAL_REVOKED");
    expect(await code(input(), live("2026-06-01T09:00:00Z", "superseded"))).toBe("VER_PDF_SEAL_REVOKED");
    expect(await code(input(), live("2026-06-02T00:00:00Z", "keyCompromise"))).toBe(
      "VER_PDF_SEAL_KEY_COMPROMISED",
    );
    expect(await code(input(), live("2026-06-02T00:00:00Z", "superseded"))).toBe(
      "VER_PDF_REVOCATION_REVOKED_AFTER_SIGNING",
    );
    expect(await code(input(), live("2026-06-02T00:00:00Z", "cessationOfOperation"))).toBe(
      "VER_PDF_REVOCATION_REVOKED_AFTER_SIGNING",
    );
  });

  it("lets a revocation from any source win over a good answer from another", async () => {
    const facts = [
      { source: "trust-list" as const, status: "revoked" as const, revokedAt: "2026-01-01T00:00:00Z" },
    ];
    expect(await code(input(facts), async () => ({ status: "good" }))).toBe("VER_PDF_SEAL_REVOKED");
  });

  it("reports a revoked CA, an unknown certificate, a failing port and no information apart", async () => {
    const caRevoked = async (c: { serialNumber: string }) =>
      c.serialNumber === "02"
        ? { status: "revoked" as const, revokedAt: new Date("2026-05-01T00:00:00Z"), reason: "cACompromise" }
        : { status: "good" as const };
    expect(await code(input(), caRevoked)).toBe("VER_PDF_CA_REVOKED");
    expect(await code(input(), async () => ({ status: "unknown" }))).toBe("VER_PDF_REVOCATION_UNKNOWN");
    const failing = await checkRevocation(input(), async () => {
      throw new Error("down");
    });
    expect([failing.status, failing.reason.code]).toEqual(["SKIPPED", "VER_PDF_REVOCATION_UNAVAILABLE"]);
    expect(await code(input())).toBe("VER_PDF_REVOCATION_UNAVAILABLE");
    expect(await code(input([{ source: "embedded-ocsp", status: "good" }]))).toBe("VER_PDF_REVOCATION_GOOD");
    expect(await code(undefined)).toBe("VER_PDF_NOT_CHECKED");
  });

  it("gives up on a port that does not answer", async () => {
    const never = () => new Promise<never>(() => undefined);
    const r = await checkRevocation(input(), never, 20);
    expect(r.reason.code).toBe("VER_PDF_REVOCATION_UNAVAILABLE");
  });
});
