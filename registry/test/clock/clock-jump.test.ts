// Issue 11: a registry started with its clock six years ahead expired every licence (with audit events) and renewed
// every certificate dated 2032; back on the real clock, issuance answered 500. Now a clock jump expires nothing,
// /readyz names it (REG_CLOCK_IMPLAUSIBLE), the start refuses to renew the PKI by it, a certificate dated in the future
// is a named 503, and an administrator's audited confirmation brings everything back.
import "reflect-metadata";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type RegistryApp } from "../../src/http/app.js";
import { loadConfig } from "../../src/config.js";
import { DocumentStore } from "../../src/documents/document-store.js";
import { CLOCK_CONFIRM_ACTION } from "../../src/health/clock-guard.js";
import { openSigning, type SigningRuntime } from "../../src/signing/signing-runtime.js";
import {
  auth,
  BASE_URL,
  DEPTS,
  exampleIssue,
  startHarness,
  TEMPLATES,
  TYPES,
  type Harness,
} from "../support/harness.js";

const DAY = 86_400_000;
const SIX_YEARS = Math.round(6 * 365.25) * DAY;
let counter = 0;

async function issueRoad(app: RegistryApp["app"], h: Harness) {
  return app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.transportIssuer, { "idempotency-key": `clock-jump-${++counter}` }),
    payload: exampleIssue(h.catalogue, TYPES.road),
  });
}

async function readyz(app: RegistryApp["app"]) {
  const res = await app.inject({ method: "GET", url: "/readyz" });
  return { status: res.statusCode, body: res.json() };
}

async function confirm(h: Harness, key: string) {
  return h.app.inject({
    method: "POST",
    url: "/api/v1/admin/clock/confirm",
    headers: auth(key),
    payload: { reason: "clock checked against the national time service" },
  });
}

const actions = async (h: Harness, action: string) =>
  (await h.store.auditByAction(action, "2000-01-01T00:00:00Z", "9999-01-01T00:00:00Z", 500)).items;

describe("clock jump: six years ahead while running, then back", () => {
  let h: Harness;
  const ids: string[] = [];
  let real: Date;
  beforeAll(async () => {
    h = await startHarness({ signing: true });
    real = h.clock.now;
  });
  afterAll(() => h.close());

  it("a sweep at a clock six years ahead expires nothing, and /readyz answers 503 REG_CLOCK_IMPLAUSIBLE", async () => {
    for (let i = 0; i < 4; i++) {
      const res = await issueRoad(h.app, h);
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().identifier);
    }
    h.clock.now = new Date(real.getTime() + SIX_YEARS);
    // Every one of them has lapsed by this clock: the bug expired them all.
    expect((await h.store.findLapsed(h.service.today(), 100)).length).toBe(4);
    expect(await h.service.sweepExpired()).toBe(0);
    for (const id of ids) expect((await h.store.getLicence(id))?.state).toBe("01");
    expect(await actions(h, "licence.expire")).toHaveLength(0);

    const r = await readyz(h.app);
    expect(r.status).toBe(503);
    expect(r.body.code).toBe("REG_NOT_READY");
    expect(r.body.checks.clock).toMatchObject({ state: "down", code: "REG_CLOCK_IMPLAUSIBLE" });
    expect(r.body.checks.clock.message).toContain("ELICENCE_CLOCK_MAX_AHEAD_DAYS");
    expect(r.body.details).toContainEqual(
      expect.objectContaining({ field: "checks.clock", code: "REG_CLOCK_IMPLAUSIBLE" }),
    );
  });

  it("events recorded by the wrong clock do not make it look right", async () => {
    const read = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${ids[0]}?purpose=inspection`,
      headers: auth(h.key.auditor),
    });
    expect(read.statusCode).toBe(200);
    // The read's audit event is dated six years ahead; the guard still judges against the time it was found wrong at.
    expect(await h.service.sweepExpired()).toBe(0);
    expect((await readyz(h.app)).body.checks.clock.code).toBe("REG_CLOCK_IMPLAUSIBLE");
  });

  it("back on the real clock the events dated ahead are reported (the clock went back) until an admin confirms", async () => {
    h.clock.now = new Date(real.getTime() + 3600_000);
    const r = await readyz(h.app);
    expect(r.status).toBe(503);
    expect(r.body.checks.clock).toMatchObject({ state: "down", code: "REG_CLOCK_IMPLAUSIBLE" });
    expect(r.body.checks.clock.message).toContain("before the latest audit event");
    // Issuing still works meanwhile (the PKI was not touched), and does not hide the problem.
    expect((await issueRoad(h.app, h)).statusCode).toBe(201);
    expect((await readyz(h.app)).status).toBe(503);

    expect((await confirm(h, h.key.issuer)).statusCode).toBe(403);
    const ok = await confirm(h, h.key.admin);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ clock: { state: "behind" }, swept: 0, check: { state: "ok" } });
    const [event] = await actions(h, CLOCK_CONFIRM_ACTION);
    expect(event).toMatchObject({
      action: CLOCK_CONFIRM_ACTION,
      role: "admin",
      purpose: "clock checked against the national time service",
      at: h.clock.now.toISOString(),
    });

    expect(await readyz(h.app)).toMatchObject({ status: 200, body: { status: "ready" } });
    const issued = await issueRoad(h.app, h);
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().documentSha256).toMatch(/^[0-9a-f]{64}$/u);
    for (const id of ids) expect((await h.store.getLicence(id))?.state).toBe("01");
  });
});

describe("a mass expiry with a believable clock", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ limits: { sweepExpiryMax: 2 } });
  });
  afterAll(() => h.close());

  it("is held (degraded REG_SWEEP_HELD, nothing expired) until an admin confirms, then recorded and audited", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await issueRoad(h.app, h);
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().identifier);
    }
    // A clock jump that an audited request at the jumped clock made believable: the count bound still holds.
    h.clock.now = new Date(h.clock.now.getTime() + SIX_YEARS);
    await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${ids[0]}?purpose=inspection`,
      headers: auth(h.key.auditor),
    });
    expect(await h.service.sweepExpired()).toBe(0);
    for (const id of ids) expect((await h.store.getLicence(id))?.state).toBe("01");
    const r = await readyz(h.app);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("degraded");
    expect(r.body.checks.clock).toMatchObject({ state: "degraded", code: "REG_SWEEP_HELD" });
    expect(r.body.checks.clock.message).toContain("ELICENCE_SWEEP_EXPIRY_MAX");

    const ok = await confirm(h, h.key.admin);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ clock: { state: "ok" }, swept: 3, check: { state: "ok" } });
    for (const id of ids) expect((await h.store.getLicence(id))?.state).toBe("05");
    expect(await actions(h, "licence.expire")).toHaveLength(3);
    expect(await actions(h, CLOCK_CONFIRM_ACTION)).toHaveLength(1);
    // The confirmation covered that sweep only.
    expect((await readyz(h.app)).body.status).toBe("ready");
  });
});

describe("the PKI at a start with an implausible clock", () => {
  let h: Harness;
  const runtimes: SigningRuntime[] = [];
  const apps: RegistryApp[] = [];
  let real: Date;
  beforeAll(async () => {
    h = await startHarness({ signing: true });
    real = h.clock.now;
  });
  afterAll(async () => {
    for (const a of apps) await a.app.close();
    for (const r of runtimes) await r.close();
    await h.close();
  });
  const config = () =>
    loadConfig(
      {
        ELICENCE_DATA_DIR: h.dir,
        ELICENCE_BASE_URL: BASE_URL,
        ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
      },
      path.resolve(TEMPLATES, ".."),
    );
  const open = async (now: Date, confirmClock = false) => {
    const s = await openSigning(config(), h.catalogue, now, { store: h.store, confirmClock });
    runtimes.push(s);
    return s;
  };
  const appWith = async (s: SigningRuntime, now: Date) => {
    const a = await buildApp({
      store: h.store,
      catalogue: h.catalogue,
      clock: () => now,
      baseUrl: BASE_URL,
      signing: { pki: s.pki, sealer: s.sealer, documents: new DocumentStore(path.join(h.dir, "documents")) },
    });
    apps.push(a);
    return a;
  };
  const sealSerial = () => h.signing?.pki.departments().find((d) => d.code === DEPTS.transport)?.serial;

  it("refuses to renew anything six years ahead (REG_CLOCK_IMPLAUSIBLE, 503) and renews when confirmed", async () => {
    const before = sealSerial();
    const ahead = new Date(real.getTime() + SIX_YEARS);
    await expect(open(ahead)).rejects.toMatchObject({ code: "REG_CLOCK_IMPLAUSIBLE", status: 503 });
    await h.signing?.pki.refresh();
    expect(sealSerial()).toBe(before);

    // Confirmed (the operator says 2032 is right): the expired seals are renewed, dated by that clock.
    const renewed = await open(ahead, true);
    const seal = renewed.pki.departments().find((d) => d.code === DEPTS.transport);
    expect(seal?.serial).not.toBe(before);
    expect(renewed.pki.certificateBySerial(seal?.serial ?? "")?.notBefore.getTime()).toBeGreaterThan(
      real.getTime() + SIX_YEARS - DAY,
    );
  });

  it("back on the real clock a seal dated in the future is a named 503, never a 500, and /readyz says why", async () => {
    const renewed = runtimes[runtimes.length - 1];
    if (!renewed) throw new Error("no renewed runtime");
    const a = await appWith(renewed, real);
    const res = await issueRoad(a.app, h);
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().code).toBe("REG_SIGNING_CERT_NOT_VALID_NOW");
    expect(res.json().message).toContain("--confirm-clock");
    const r = await readyz(a.app);
    expect(r.status).toBe(503);
    expect(r.body.checks.clock).toMatchObject({ state: "down", code: "REG_CLOCK_IMPLAUSIBLE" });
    expect(r.body.checks.clock.message).toContain("certificate");
  });

  it("a start on the real clock is refused until confirmed, which issues the future-dated certificates again", async () => {
    await expect(open(real)).rejects.toMatchObject({
      code: "REG_CLOCK_IMPLAUSIBLE",
      message: expect.stringMatching(/before the [a-z-]+ certificate .* issued at .*--confirm-clock/u),
    });
    const fixed = await open(real, true);
    for (const d of fixed.pki.departments())
      expect(fixed.pki.certificateBySerial(d.serial)?.notBefore.getTime()).toBeLessThanOrEqual(
        real.getTime(),
      );
    const a = await appWith(fixed, real);
    const res = await issueRoad(a.app, h);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().documentSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(await readyz(a.app)).toMatchObject({ status: 200, body: { status: "ready" } });
    // A plain start now passes the check.
    await expect(open(real)).resolves.toBeDefined();
  });
});
