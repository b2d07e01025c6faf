// A renewal made before the licence ends (inside the type's renewal window, 90 days for the food licence) takes
// effect on its validFrom, not at once. With a frozen clock: before
// that day the old version is the one in force and the new one is "not yet in force" on every surface (status API,
// licence read, holder lookup, materials check); from 00:00 that day in China the new one is valid and the old one
// names it. The two status answers agree at every instant, and the sweep only records the switch (audit event).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierSha256 } from "@elicence/signer";
import { completeCreditCode } from "@elicence/core";
import { auth, DEPTS, exampleIssue, TYPES } from "../support/harness.js";
import { startStatusHarness, type StatusHarness } from "./status-harness.js";

let h: StatusHarness;
const START = new Date("2026-11-29T02:00:00Z");
/** The licences here end 63 days after START: inside the food licence's renewal window (90 days before the end). */
const TERM_END = "2027-01-31";

beforeAll(async () => {
  h = await startStatusHarness({ start: START });
});
afterAll(async () => {
  await h?.close();
});

const status = async (token: string) => {
  const res = await h.app.inject({ method: "GET", url: `/api/v1/status/${token}` });
  expect(res.statusCode).toBe(200);
  return res.json<Record<string, unknown>>();
};
const post = (identifier: string, action: string, payload: Record<string, unknown>) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/${action}`,
    headers: auth(h.issuerKey),
    payload,
  });
const at = (iso: string) => {
  h.clock.now = new Date(iso);
};
let holders = 0;
/** Issues a food-business licence to a holder of its own, so that the materials check sees only this test's licences. */
async function issueToOwnHolder(extra: Record<string, unknown> = {}) {
  const code = completeCreditCode(`91441521MA55C${String(++holders).padStart(3, "0")}`);
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.issuerKey, { "idempotency-key": `renewal-in-advance-${holders}` }),
    payload: {
      ...exampleIssue(h.catalogue, TYPES.food, { name: "海丰县某某食品店", code }),
      validUntil: TERM_END,
      ...extra,
    },
  });
  expect(res.statusCode).toBe(201);
  const record = await h.store.getLicence(res.json<{ identifier: string }>().identifier);
  if (!record) throw new Error("not stored");
  return record;
}

describe("a renewal made before the licence ends", () => {
  it("leaves the old version in force until the new validFrom; both answers switch at the same instant", async () => {
    at(START.toISOString());
    const { identifier: oldId, token: oldToken } = await h.issue({ validUntil: TERM_END });
    const old = await h.store.getLicence(oldId);
    const renew = await post(oldId, "renew", { reason: "提前申请延续" });
    expect(renew.statusCode).toBe(201);
    const newId = renew.json<{ identifier: string }>().identifier;
    const renewed = await h.store.getLicence(newId);
    const validFrom = renewed?.validFrom ?? "";
    // The default: from the day after the old version ends.
    expect(old?.validUntil && validFrom > old.validUntil).toBe(true);
    expect(validFrom).toBe("2027-02-01");
    expect(renew.json()).toMatchObject({
      state: "99",
      stateName: { zh: "尚未生效", en: "not yet in force" },
    });
    const newToken = renewed?.publicToken ?? "";

    // Today, and on the last evening before validFrom in China: the old version is current, the new one is not.
    const lastMoment = new Date(new Date(`${validFrom}T00:00:00+08:00`).getTime() - 1).toISOString();
    for (const now of [START.toISOString(), lastMoment]) {
      at(now);
      expect(await status(oldToken)).toMatchObject({
        state: "01",
        status: "valid",
        supersededBy: null,
        supersededByToken: null,
        identifierSha256: await identifierSha256(oldId),
      });
      expect(await status(newToken)).toMatchObject({
        state: "99",
        status: "not-yet-in-force",
        stateName: { zh: "尚未生效", en: "not yet in force" },
        validFrom,
        identifierSha256: await identifierSha256(newId),
      });
    }
    // The old version cannot be renewed or amended a second time meanwhile: it has its successor.
    expect((await post(oldId, "renew", { reason: "再次延续" })).json()).toMatchObject({
      code: "REG_ILLEGAL_TRANSITION",
    });

    // From 00:00 on validFrom in China, before any sweep: the new version is valid, the old one names it.
    const effective = new Date(`${validFrom}T00:00:00+08:00`).toISOString();
    at(effective);
    expect(await status(newToken)).toMatchObject({ state: "01", status: "valid", supersededBy: null });
    const superseded = await status(oldToken);
    expect(superseded).toMatchObject({
      state: "99",
      status: "superseded",
      supersededBy: newId,
      supersededByToken: newToken,
      supersededAt: effective,
    });

    // The sweep (days later) records the switch as of that instant, with an audit event; no answer changes.
    at(new Date(new Date(effective).getTime() + 3 * 86_400_000).toISOString());
    const before = { old: await status(oldToken), next: await status(newToken) };
    expect(await h.service.sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await status(oldToken)).toEqual(before.old);
    expect(await status(newToken)).toEqual(before.next);
    const stored = await h.store.getLicence(oldId);
    expect(stored).toMatchObject({ state: "99", stateText: "superseded", nextIdentifier: newId });
    const history = await h.store.transitions(stored?.lineage ?? "");
    expect(history.filter((t) => t.identifier === oldId).at(-1)).toMatchObject({
      fromState: "01",
      toState: "99",
      actor: "system",
      at: effective,
    });
    const events = await h.store.readAudit(0, 10_000);
    expect(events.filter((e) => e.action === "licence.succession" && e.target === oldId)).toHaveLength(1);
    // A second sweep finds nothing more to record for it.
    await h.service.sweepExpired();
    const again = await h.store.readAudit(0, 10_000);
    expect(again.filter((e) => e.action === "licence.succession" && e.target === oldId)).toHaveLength(1);
    at(START.toISOString());
  });

  it("shows clerks the version in force: the old one exempts the material until validFrom, then the new one", async () => {
    at(START.toISOString());
    const old = await issueToOwnHolder();
    const oldId = old.identifier;
    const holderCode = old.holder.code;
    const renew = await post(oldId, "renew", { reason: "提前申请延续" });
    const newId = renew.json<{ identifier: string }>().identifier;
    const validFrom = (await h.store.getLicence(newId))?.validFrom ?? "";
    const admin = { id: "cli", role: "admin", department: null } as const;
    const clerk = (await h.keys.create(admin, { role: "clerk", department: DEPTS.market })).key;
    const check = () =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/materials/check",
        headers: auth(clerk),
        payload: { holderCode, purpose: "食品经营许可变更", required: [old.typeCode] },
      });
    const lookup = () =>
      h.app.inject({
        method: "GET",
        url: `/api/v1/holders/${holderCode}/licences?purpose=${encodeURIComponent("食品经营许可变更")}`,
        headers: auth(clerk),
      });
    const mine = (body: { licences: { identifier: string }[] }) =>
      body.licences.map((l) => l.identifier).filter((i) => i === oldId || i === newId);

    expect((await check()).json()).toMatchObject({ results: [{ status: "exempt", identifier: oldId }] });
    expect(mine((await lookup()).json())).toEqual([oldId]);
    at(new Date(`${validFrom}T00:00:00+08:00`).toISOString());
    expect((await check()).json()).toMatchObject({ results: [{ status: "exempt", identifier: newId }] });
    expect(mine((await lookup()).json())).toEqual([newId]);
    at(START.toISOString());
  });

  it("a renewal whose validFrom is today replaces the old version at once, as before", async () => {
    at(START.toISOString());
    const { identifier: oldId, token: oldToken } = await h.issue({ validUntil: TERM_END });
    const today = "2026-11-29";
    const renew = await post(oldId, "renew", { reason: "当日延续", validFrom: today });
    expect(renew.statusCode).toBe(201);
    expect(await status(oldToken)).toMatchObject({ state: "99", status: "superseded" });
    expect(renew.json()).toMatchObject({ state: "01" });
  });

  it("a licence issued for a later date does not exempt the material before it: not_yet_in_force, with the date", async () => {
    at(START.toISOString());
    const record = await issueToOwnHolder({ validFrom: "2027-03-01", validUntil: "2032-02-29" });
    const admin = { id: "cli", role: "admin", department: null } as const;
    const clerk = (await h.keys.create(admin, { role: "clerk", department: DEPTS.market })).key;
    const check = () =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/materials/check",
        headers: auth(clerk),
        payload: { holderCode: record?.holder.code, purpose: "食品经营许可变更", required: [TYPES.food] },
      });
    const early = (await check()).json<{
      exemptCount: number;
      results: { status: string; message: string }[];
    }>();
    expect(early.results[0]).toMatchObject({ status: "not_yet_in_force", identifier: record?.identifier });
    expect(early.results[0]?.message).toContain("2027-03-01");
    expect(early.exemptCount).toBe(0);
    expect(await status(record?.publicToken ?? "")).toMatchObject({
      status: "not-yet-in-force",
      state: "99",
    });
    at("2027-02-28T16:00:00Z"); // 00:00 on 1 March in China
    expect((await check()).json()).toMatchObject({ exemptCount: 1, results: [{ status: "exempt" }] });
    at(START.toISOString());
  });

  it("cancelling a renewal before it takes effect gives the old version back its own term, with an audit event", async () => {
    at(START.toISOString());
    const old = await issueToOwnHolder();
    // Renewed with a validFrom well inside the old term, then the renewal is cancelled (撤销) before that day.
    const renew = await post(old.identifier, "renew", { reason: "提前延续", validFrom: "2027-01-01" });
    expect(renew.statusCode, renew.body).toBe(201);
    const newId = renew.json<{ identifier: string }>().identifier;
    const newToken = (await h.store.getLicence(newId))?.publicToken ?? "";
    expect(
      (await post(newId, "cancel", { reason: "wrong-information", note: "延续决定撤销" })).statusCode,
    ).toBe(200);
    const restored = await h.store.getLicence(old.identifier);
    expect(restored?.nextIdentifier).toBeNull();
    expect(restored).not.toHaveProperty("supersededOn");
    const events = await h.store.readAudit(0, 100_000);
    expect(
      events.filter((e) => e.action === "licence.renewal-withdrawn" && e.target === old.identifier),
    ).toHaveLength(1);
    // On and after the day the renewal would have taken effect, the old version is still the one in force.
    at("2027-01-01T00:00:00+08:00");
    expect(await status(old.publicToken)).toMatchObject({ state: "01", status: "valid", supersededBy: null });
    expect(await status(newToken)).toMatchObject({ state: "03", status: "cancelled" });
    expect(await h.service.sweepExpired()).toBeGreaterThanOrEqual(0);
    expect((await h.store.getLicence(old.identifier))?.state).toBe("01");
    // And it can be renewed again.
    const again = await post(old.identifier, "renew", { reason: "重新申请延续" });
    expect(again.statusCode, again.body).toBe(201);
    at(START.toISOString());
  });

  // An office revokes (or suspends) the version it sees in force, forgetting the renewal already issued for later:
  // the renewal's PDF and QR code are in the holder's hands, so it must not come into force on its validFrom.
  for (const [action, reason, state, name] of [
    ["revoke", "revoked-by-law", "07", "revoked"],
    ["suspend", "rectification-ordered", "02", "suspended"],
  ] as const)
    it(`${action} of the version in force while a renewal waits carries to the renewal: it never becomes valid`, async () => {
      at(START.toISOString());
      const old = await issueToOwnHolder();
      const renew = await post(old.identifier, "renew", { reason: "提前延续", validFrom: "2027-01-01" });
      expect(renew.statusCode, renew.body).toBe(201);
      const newId = renew.json<{ identifier: string }>().identifier;
      const newToken = (await h.store.getLicence(newId))?.publicToken ?? "";
      expect(await status(newToken)).toMatchObject({ status: "not-yet-in-force" });
      const res = await post(old.identifier, action, { reason, note: "内部说明" });
      expect(res.statusCode, res.body).toBe(200);
      expect(await status(old.publicToken)).toMatchObject({ state, status: name, reason });
      expect(await status(newToken)).toMatchObject({ state, status: name, reason });
      const events = await h.store.readAudit(0, 100_000);
      expect(events.filter((e) => e.target === newId && e.action === `licence.${action}`)).toHaveLength(1);
      // Across the midnight the renewal would have taken effect, and after a sweep: never valid.
      for (const now of ["2026-12-31T15:59:59.999Z", "2026-12-31T16:00:00.000Z", "2027-03-01T00:00:00Z"]) {
        at(now);
        await h.service.sweepExpired();
        expect(await status(newToken), now).toMatchObject({ state, status: name });
        expect((await status(old.publicToken)).status, now).not.toBe("valid");
      }
      if (action === "suspend") {
        // Reinstated after the day: the renewal is the one in force, valid; the old one names it.
        const back = await post(old.identifier, "reinstate", { reason: "rectified" });
        expect(back.statusCode).toBe(409);
        expect((await post(newId, "reinstate", { reason: "rectified" })).statusCode).toBe(200);
        expect(await status(newToken)).toMatchObject({ state: "01", status: "valid" });
        expect(await status(old.publicToken)).toMatchObject({ status: "superseded", supersededBy: newId });
      }
      at(START.toISOString());
    });

  it("a renewal still waiting cannot be amended or renewed: the replacement would escape what happens to the old version", async () => {
    at(START.toISOString());
    const old = await issueToOwnHolder();
    const renew = await post(old.identifier, "renew", { reason: "提前延续", validFrom: "2027-01-01" });
    expect(renew.statusCode, renew.body).toBe(201);
    const newId = renew.json<{ identifier: string }>().identifier;
    // Before: an amendment made a third version that did not wait, so revoking the old version then let it come
    // into force valid on the day; a renewal of the renewal waited behind it, out of reach the same way.
    for (const [action, payload] of [
      ["amend", { reason: "更正名称", holder: { name: "海丰县某某食品商店" } }],
      ["renew", { reason: "再次延续" }],
    ] as const) {
      const res = await post(newId, action, payload);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: "REG_ILLEGAL_TRANSITION" });
      expect(res.json<{ message: string }>().message).toContain("takes effect on 2027-01-01");
    }
    expect((await post(old.identifier, "revoke", { reason: "revoked-by-law" })).statusCode).toBe(200);
    at("2027-01-01T00:00:00+08:00");
    const lineage = await h.store.lineage(old.lineage);
    expect(lineage.map((v) => v.identifier).sort()).toEqual([old.identifier, newId].sort());
    for (const v of lineage) expect((await status(v.publicToken)).status).toBe("revoked");
    at(START.toISOString());
  });

  it("two sweeps at once record a succession once", async () => {
    at(START.toISOString());
    const old = await issueToOwnHolder();
    const renew = await post(old.identifier, "renew", { reason: "提前延续", validFrom: "2027-01-01" });
    expect(renew.statusCode, renew.body).toBe(201);
    at("2027-01-01T00:00:00+08:00");
    await Promise.all([h.service.sweepExpired(), h.service.sweepExpired(), h.service.sweepExpired()]);
    const events = await h.store.readAudit(0, 100_000);
    expect(
      events.filter((e) => e.action === "licence.succession" && e.target === old.identifier),
    ).toHaveLength(1);
    const history = await h.store.transitions(old.lineage);
    expect(history.filter((t) => t.identifier === old.identifier && t.toState === "99")).toHaveLength(1);
    at(START.toISOString());
  });
});
