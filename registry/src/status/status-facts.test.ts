// The public status view: the effective state on the day asked, the superseded name, and the details that go with
// suspension and termination only.
import { describe, expect, it } from "vitest";
import { statusView, type StatusFacts } from "./status-facts.js";

const base: StatusFacts = {
  identifierSha256: "digest-of-the-identifier",
  state: "01",
  superseded: false,
  version: 2,
  nextIdentifier: null,
  nextToken: null,
  supersededAt: null,
  validFrom: "2021-12-31",
  validUntil: "2026-12-31",
  supersededOn: null,
  since: null,
  reason: null,
};
const at = (iso: string) => new Date(iso);

describe("statusView", () => {
  it("turns valid into expired from the next day in China (UTC+8), and pads the version", () => {
    expect(statusView(base, at("2026-12-31T15:59:59Z"))).toMatchObject({ state: "01", version: "002" });
    expect(statusView(base, at("2026-12-31T16:00:00Z"))).toMatchObject({
      state: "05",
      stateName: { zh: "失效", en: "expired" },
    });
    expect(statusView({ ...base, validUntil: null }, at("2099-01-01T00:00:00Z")).state).toBe("01");
  });

  it("gives a suspension its date and reason, but a suspension that lapsed into expiry neither", () => {
    const suspended = { ...base, state: "02", since: "2026-06-01T00:00:00.000Z", reason: "整改" } as const;
    expect(statusView(suspended, at("2026-07-01T00:00:00Z"))).toMatchObject({
      state: "02",
      suspendedAt: "2026-06-01T00:00:00.000Z",
      reason: "整改",
    });
    const lapsed = statusView(suspended, at("2027-01-02T00:00:00Z"));
    expect(lapsed.state).toBe("05");
    expect(lapsed).not.toHaveProperty("reason");
    expect(lapsed).not.toHaveProperty("suspendedAt");
  });

  it("dates cancelled, deregistered and revoked licences as revokedAt, and names a superseded version", () => {
    for (const state of ["03", "04", "07"] as const)
      expect(
        statusView(
          { ...base, state, since: "2026-06-01T00:00:00.000Z", reason: "r" },
          at("2026-07-01T00:00:00Z"),
        ),
      ).toMatchObject({ state, revokedAt: "2026-06-01T00:00:00.000Z", reason: "r" });
    const superseded = statusView(
      { ...base, state: "99", superseded: true, nextIdentifier: "1.2.156.3005.2.x" },
      at("2026-07-01T00:00:00Z"),
    );
    expect(superseded).toMatchObject({
      state: "99",
      stateName: { en: "superseded" },
      supersededBy: "1.2.156.3005.2.x",
    });
    expect(superseded).not.toHaveProperty("reason");
  });

  it("never answers 01 before validFrom: 99 with the status not-yet-in-force, named in zh and en", () => {
    const renewed = { ...base, validFrom: "2031-03-02", validUntil: "2036-03-01" };
    expect(statusView(renewed, at("2031-03-01T15:59:59Z"))).toMatchObject({
      state: "99",
      status: "not-yet-in-force",
      stateName: { zh: "尚未生效", en: "not yet in force" },
      validFrom: "2031-03-02",
    });
    expect(statusView(renewed, at("2031-03-01T16:00:00Z"))).toMatchObject({ state: "01", status: "valid" });
  });

  it("keeps a version renewed in advance current until supersededOn, then names its successor from that instant", () => {
    const old = {
      ...base,
      validUntil: "2031-03-01",
      nextIdentifier: "1.2.156.3005.2.next",
      nextToken: "next-token",
      supersededOn: "2031-03-02",
    };
    expect(statusView(old, at("2031-03-01T15:59:59Z"))).toMatchObject({
      state: "01",
      status: "valid",
      supersededBy: null,
      supersededByToken: null,
    });
    const after = statusView(old, at("2031-03-01T16:00:00Z"));
    expect(after).toMatchObject({
      state: "99",
      status: "superseded",
      supersededBy: "1.2.156.3005.2.next",
      supersededByToken: "next-token",
      supersededAt: "2031-03-01T16:00:00.000Z",
    });
    // Recorded by the sweep at that same instant: the answer does not change.
    const swept = {
      ...old,
      state: "99",
      superseded: true,
      supersededAt: "2031-03-01T16:00:00.000Z",
    } as const;
    expect(statusView(swept, at("2031-03-05T00:00:00Z"))).toEqual({
      ...after,
      checkedAt: "2031-03-05T00:00:00.000Z",
    });
  });

  it("names the latest successor in force, skipping intermediate versions and renewals not yet in force", () => {
    const v = (n: number, validFrom: string) => ({
      identifier: `id-00${n}`,
      token: `token-00${n}`,
      validFrom,
    });
    const replaced = {
      ...base,
      state: "99" as const,
      superseded: true,
      nextIdentifier: "id-002",
      nextToken: "token-002",
      successors: [v(2, "2024-01-01"), v(3, "2025-06-01"), v(4, "2027-01-01")],
    };
    expect(statusView(replaced, at("2026-03-01T00:00:00Z"))).toMatchObject({
      status: "superseded",
      supersededBy: "id-003",
      supersededByToken: "token-003",
    });
    // From 2027-01-01 in China, the renewal made in advance is the one in force.
    expect(statusView(replaced, at("2026-12-31T16:00:00Z"))).toMatchObject({ supersededBy: "id-004" });
    // Facts cached by an earlier release carry no successors: the immediate one, as before.
    const { successors: _omit, ...legacy } = replaced;
    expect(statusView(legacy, at("2026-03-01T00:00:00Z"))).toMatchObject({ supersededBy: "id-002" });
  });
});
