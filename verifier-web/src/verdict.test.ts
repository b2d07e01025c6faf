// The page's answer for each combination of offline check and live status: the headline users act on.
import { describe, expect, it } from "vitest";
import { t } from "./i18n.js";
import { decide, decideLegacy, type LicenceFacts, type OfflineCheck, type StatusBody } from "./verdict.js";

const NOW = new Date("2026-12-01T08:00:00Z");
const facts: LicenceFacts = {
  identifier: "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.2430599.001.F",
  typeCode: "11100000MB0143028R013",
  issuerCode: "11441521MB2C97310M",
  holderName: "海丰县*****有限公司",
  holderCode: "9144****************",
  validFrom: "2026-11-29",
  validUntil: "2031-11-28",
  version: "001",
  issuedAt: "2026-11-29T02:00:00Z",
  token: "tok",
};
const valid: OfflineCheck = {
  status: "VALID",
  reason: { code: "VER_QR_OK", message: { zh: "签名有效", en: "signature ok" } },
  facts,
  department: { code: "11441521MB2C97310M", name: "海丰县市场监督管理局" },
};
const status = (over: Partial<StatusBody>): StatusBody => ({
  state: "01",
  stateName: { zh: "有效", en: "valid" },
  version: "001",
  supersededBy: null,
  validUntil: "2031-11-28",
  checkedAt: "2026-12-01T08:00:00Z",
  ...over,
});

describe("decide", () => {
  it("says genuine and valid only with a verified signature and a live 01", () => {
    const v = decide(valid, { kind: "ok", body: status({}) }, NOW);
    expect(v.headline).toBe(t.genuine);
    expect(v.tone).toBe("ok");
    expect(v.department).toBe("海丰县市场监督管理局");
    expect(v.facts).toBe(facts);
  });

  it("says not genuine on a bad signature, shows none of the payload's claims and asks nothing live", () => {
    const bad: OfflineCheck = {
      status: "INVALID",
      reason: { code: "VER_QR_BAD_SIGNATURE", message: { zh: "签名错误", en: "bad signature" } },
      facts,
    };
    const v = decide(bad, { kind: "ok", body: status({}) }, NOW);
    expect(v.headline).toBe(t.notGenuine);
    expect(v.facts).toBeUndefined();
    expect(v.lines[0]?.text.en).toBe("bad signature");
  });

  it("never calls a licence genuine on a stale trust list", () => {
    const stale: OfflineCheck = {
      status: "INDETERMINATE",
      reason: { code: "VER_QR_TRUST_LIST_STALE", message: { zh: "过期", en: "stale" } },
      facts,
    };
    const v = decide(
      stale,
      { kind: "ok", body: status({ state: "07", stateName: { zh: "吊销", en: "revoked" } }) },
      NOW,
    );
    expect(v.headline).toBe(t.cannotConfirm);
    expect(v.facts).toBeUndefined();
    // The registry's answer is still shown, and a fresh list is worth another try.
    expect(v.lines.map((l) => l.text.en)).toContain("The registry shows this licence as “revoked”.");
    expect(v.retryable).toBe(true);
  });

  it("gives revoked with its date and its reason code in words", () => {
    const v = decide(
      valid,
      {
        kind: "ok",
        body: status({ state: "07", revokedAt: "2026-11-30T03:00:00Z", reason: "revoked-by-law" }),
      },
      NOW,
    );
    expect(v.headline).toBe(t.revoked);
    expect(v.tone).toBe("bad");
    expect(v.lines).toContainEqual({
      text: t.statusRevoked,
      vars: { date: { date: "2026-11-30T03:00:00Z" } },
    });
    expect(v.lines).toContainEqual({ text: { zh: "原因：依法吊销", en: "Reason: Revoked under the law" } });
  });

  it("never shows a reason that is not a code: free text from elsewhere is left out", () => {
    const v = decide(
      valid,
      {
        kind: "ok",
        body: status({ state: "07", revokedAt: "2026-11-30T03:00:00Z", reason: "举报人张三 13800000000" }),
      },
      NOW,
    );
    expect(v.headline).toBe(t.revoked);
    expect(JSON.stringify(v.lines)).not.toContain("张三");
  });

  it("gives suspended, and a replaced licence's successor before its state", () => {
    const suspended = decide(
      valid,
      {
        kind: "ok",
        body: status({ state: "02", suspendedAt: "2026-11-30T01:00:00Z", reason: "rectification-ordered" }),
      },
      NOW,
    );
    expect(suspended.headline).toBe(t.suspended);
    expect(suspended.lines).toContainEqual({
      text: t.statusSuspended,
      vars: { date: { date: "2026-11-30T01:00:00Z" } },
    });
    const v = decide(
      valid,
      {
        kind: "ok",
        body: status({ state: "99", supersededBy: "1.2.156.3005.2.X.002.Y", supersededByToken: "t2" }),
      },
      NOW,
    );
    expect(v.headline).toBe(t.replaced);
    expect(v.successor).toEqual({ identifier: "1.2.156.3005.2.X.002.Y", token: "t2" });
  });

  it("calls a licence past its valid-until expired, from the live answer or, offline, from the signed claims", () => {
    const past = { ...valid, facts: { ...facts, validUntil: "2026-11-30" } };
    expect(decide(past, { kind: "ok", body: status({ validUntil: "2026-11-30" }) }, NOW).headline).toBe(
      t.expired,
    );
    expect(decide(past, { kind: "offline" }, NOW).headline).toBe(t.expired);
    expect(decide(valid, { kind: "ok", body: status({ state: "05" }) }, NOW).headline).toBe(t.expired);
  });

  it("names the other ended states in both languages from the registry's state name", () => {
    const v = decide(
      valid,
      { kind: "ok", body: status({ state: "04", stateName: { zh: "注销", en: "deregistered" } }) },
      NOW,
    );
    expect(v.headline).toBe(t.deregistered);
    expect(v.lines.map((l) => l.text.en).join(" ")).toContain("“deregistered”");
    expect(v.lines.map((l) => l.text.zh).join(" ")).toContain("“注销”");
  });

  it("keeps the offline answer when live status fails, and marks it for retry", () => {
    const v = decide(valid, { kind: "offline" }, NOW);
    expect(v.headline).toBe(t.genuineNoStatus);
    expect(v.retryable).toBe(true);
    expect(v.lines.map((l) => l.text)).toContain(t.statusOffline);
    expect(decide(valid, { kind: "unknown" }, NOW).headline).toBe(t.unknownToRegistry);
    expect(decide(valid, { kind: "pending" }, NOW).retryable).toBe(false);
  });
});

describe("decideLegacy", () => {
  it("never says genuine for a QR code without signed data", () => {
    const v = decideLegacy({ kind: "ok", body: status({}) }, NOW);
    expect(v.headline).toBe(t.registryValid);
    expect(v.lines.map((l) => l.text)).not.toContain(t.sealedBy);
    expect(decideLegacy({ kind: "offline" }, NOW).headline).toBe(t.cannotConfirm);
    expect(decideLegacy({ kind: "unknown" }, NOW).headline).toBe(t.unknownToRegistry);
    expect(decideLegacy({ kind: "ok", body: status({ state: "07" }) }, NOW).headline).toBe(t.revoked);
  });
});

describe("decide: not yet in force, and a status about another licence", () => {
  it("says not yet in force (never genuine and valid) for a registry answer before validFrom, with the date", () => {
    const v = decide(
      valid,
      {
        kind: "ok",
        body: status({
          state: "99",
          status: "not-yet-in-force",
          stateName: { zh: "尚未生效", en: "not yet in force" },
          validFrom: "2031-11-29",
        }),
      },
      NOW,
    );
    expect(v.headline).toBe(t.notYetInForce);
    expect(v.tone).toBe("warn");
    expect(v.lines.at(-1)).toEqual({ text: t.statusNotYetInForce, vars: { date: { date: "2031-11-29" } } });
    // Offline, the signed validFrom tells the same.
    const offline = decide(
      { ...valid, facts: { ...facts, validFrom: "2031-11-29" } },
      { kind: "offline" },
      NOW,
    );
    expect(offline.headline).toBe(t.notYetInForce);
  });

  it("counts days in China's calendar: a licence valid from today (China) is in force at 01:00 China time", () => {
    // 2026-12-07T17:00Z is 01:00 on the 8th in China, still the 7th in UTC.
    const at = new Date("2026-12-07T17:00:00Z");
    const fromToday = { ...valid, facts: { ...facts, validFrom: "2026-12-08", validUntil: "2031-12-07" } };
    expect(decide(fromToday, { kind: "offline" }, at).headline).not.toBe(t.notYetInForce);
    const endedYesterday = {
      ...valid,
      facts: { ...facts, validFrom: "2021-12-08", validUntil: "2026-12-07" },
    };
    expect(decide(endedYesterday, { kind: "offline" }, at).headline).toBe(t.expired);
  });

  it("refuses a status answer about another licence: no facts, not retried, never valid", () => {
    for (const code of ["VER_QR_STATUS_OTHER_LICENCE", "VER_QR_STATUS_UNNAMED"] as const) {
      const message = { zh: "拒绝采信", en: "refused" };
      const v = decide(valid, { kind: "mismatch", code, message }, NOW);
      expect(v.headline).toBe(t.statusRefused);
      expect(v.tone).toBe("bad");
      expect(v.facts).toBeUndefined();
      expect(v.retryable).toBe(false);
      expect(v.lines).toEqual([{ text: message }]);
    }
  });
});
