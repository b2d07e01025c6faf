// Issue 11, "poison row among good rows": records that can never be sealed (stored before the entry check refused
// such values, inserted here straight through the store) stand at the head of the registry-wide sealing queue, in
// three departments, ahead of good records of every department. Background sealing, run as `elicence serve` runs it
// (sealInBackground, as background-work.ts calls it) with small rounds so that whole rounds hold only poison, must seal every good record and park
// each poison one with a visible reason (API view, /readyz, /metrics), logged once, never naming the holder. Amending
// one replaces it with a version that is sealed; a restart (unparkAll) tries the parked ones once more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LicenceRecord } from "../../src/domain/licence.js";
import { buildLicenceIdentifier } from "@elicence/core";
import type { Actor, IssuePlan } from "../../src/licences/licence-service.js";
import { newPublicToken, newSerial } from "../../src/licences/random-ids.js";
import { sealInBackground, type SealingLog } from "../../src/background/seal-pending-loop.js";
import { unparkAll } from "../../src/licences/seal-pending.js";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true, expose: { metrics: true } });
});
afterAll(async () => {
  await h?.close();
});

const issuer = (department: string): Actor => ({ id: "import-test", role: "issuer", department });

function plan(typeCode: string, department: string): IssuePlan {
  const check = h.service.checkIssue(issuer(department), exampleIssue(h.catalogue, typeCode));
  if (!check.ok) throw new Error(JSON.stringify(check.details));
  return check.plan;
}

/** A record as an old release stored it, its holder's name one no font of the registry draws. */
function poisonRecord(p: IssuePlan, name: string, createdAt: string): LicenceRecord {
  const serial = newSerial();
  return {
    identifier: buildLicenceIdentifier({
      typeCode: p.typeCode,
      issuerCode: p.issuer.code,
      serial,
      version: 1,
    }),
    lineage: `${p.typeCode}.${p.issuer.code}.${serial}`,
    typeCode: p.typeCode,
    serial,
    version: 1,
    holder: { ...p.holder, name },
    issuer: p.issuer,
    issuedOn: p.issuedOn,
    validFrom: p.validFrom,
    validUntil: p.validUntil,
    state: "01",
    lastOperation: "01",
    previousIdentifier: null,
    nextIdentifier: null,
    fields: p.fields,
    provenance: p.provenance,
    ...(p.licenceNumber !== null ? { licenceNumber: p.licenceNumber } : {}),
    documentSha256: null,
    publicToken: newPublicToken(),
    createdAt,
    updatedAt: createdAt,
    revision: 1,
  };
}

interface Line {
  level: "info" | "warn" | "error";
  obj: object;
  msg: string;
}
function captureLog(): SealingLog & { lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: "info", obj, msg }),
    warn: (obj, msg) => lines.push({ level: "warn", obj, msg }),
    error: (obj, msg) => lines.push({ level: "error", obj, msg }),
  };
}

const read = (identifier: string, key = h.key.auditor) =>
  h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}?purpose=${encodeURIComponent("核验")}`,
    headers: auth(key),
  });

describe("a poison row among good rows", () => {
  const good: LicenceRecord[] = [];
  const poison: Record<"nul" | "extB" | "emoji", LicenceRecord> = {} as never;
  const log = captureLog();
  // Rounds of two, as a busy queue would give: the first rounds hold nothing but poison.
  const serve = { sealRound: () => h.service.sealRound(2) };
  /** One background-sealing run as serve's timer makes it, with what it sealed and set aside. */
  const serveSealing = async (service: typeof serve, to: SealingLog) => {
    const run = await sealInBackground({ service, log: to });
    if (run.error) throw run.error;
    return { sealed: run.sealed, failed: run.failed };
  };

  it("seals every good record, in every department, and parks each poison one with its reason", async () => {
    for (const [typeCode, department, n] of [
      [TYPES.business, DEPTS.market, 2],
      [TYPES.food, DEPTS.market, 1],
      [TYPES.road, DEPTS.transport, 2],
      [TYPES.teacher, DEPTS.education, 2],
    ] as const) {
      const plans = Array.from({ length: n }, () => plan(typeCode, department));
      good.push(...(await h.service.issueMany(issuer(department), plans)));
    }
    expect(good.every((r) => r.documentSha256 === null)).toBe(true);

    // At the queue's head (older than every good record), in three departments.
    const business = plan(TYPES.business, DEPTS.market);
    const road = plan(TYPES.road, DEPTS.transport);
    const teacher = plan(TYPES.teacher, DEPTS.education);
    poison.nul = poisonRecord(business, `${business.holder.name}\u0000`, "2026-11-28T01:00:00.000Z");
    poison.extB = poisonRecord(road, `${road.holder.name}\u{20000}`, "2026-11-28T01:00:01.000Z");
    poison.emoji = poisonRecord(teacher, `${teacher.holder.name}\u{1F600}`, "2026-11-28T01:00:02.000Z");
    const all = Object.values(poison);
    const stored = await h.store.apply({
      insertLicences: all,
      audit: all.map((r) => ({
        actor: "old-release",
        role: "issuer",
        department: r.issuer.code,
        action: "licence.issue",
        target: r.identifier,
        holderCode: r.holder.code,
        purpose: null,
        at: r.createdAt,
      })),
    });
    expect(stored.ok).toBe(true);
    expect((await h.store.findUnsealed(3)).map((r) => r.identifier)).toEqual(all.map((r) => r.identifier));

    const settled = await serveSealing(serve, log);
    expect(settled.sealed).toBe(good.length);
    for (const r of good)
      expect((await h.store.getLicence(r.identifier))?.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await h.store.findUnsealed(100)).toEqual([]);

    for (const [r, point] of [
      [poison.nul, "U+0000"],
      [poison.extB, "U+20000"],
      [poison.emoji, "U+1F600"],
    ] as const) {
      const res = await read(r.identifier);
      expect(res.statusCode).toBe(200);
      const { document } = res.json();
      expect(document).toMatchObject({
        state: "parked",
        attempts: 1,
        reason: { code: "REG_FIELD_UNPRINTABLE" },
      });
      expect(document.reason.message).toContain("holder.name");
      expect(document.reason.message).toContain(point);
      // The reason never repeats the value.
      expect(JSON.stringify(document)).not.toContain(r.holder.name.slice(0, 2));
    }
    // A good one says sealed.
    expect((await read(good[0]!.identifier)).json().document).toEqual({ state: "sealed" });
  });

  it("logs each poison record once, naming neither holder nor name, and not again on later rounds", async () => {
    const parkedLines = log.lines.filter((l) => l.level === "error");
    expect(parkedLines.map((l) => (l.obj as { identifier: string }).identifier).sort()).toEqual(
      Object.values(poison)
        .map((r) => r.identifier)
        .sort(),
    );
    expect(log.lines.filter((l) => l.level === "warn")).toEqual([]);
    const text = JSON.stringify(log.lines);
    for (const r of [...Object.values(poison), ...good]) {
      expect(text).not.toContain(r.holder.code);
      expect(text).not.toContain(r.holder.name);
    }
    const before = log.lines.length;
    // What serve does every 5 s: nothing to seal, nothing to say.
    for (let i = 0; i < 3; i++) expect(await serveSealing(serve, log)).toEqual({ sealed: 0, failed: [] });
    expect(log.lines).toHaveLength(before);
  });

  it("shows the parked records in /readyz (degraded, still 200) and /metrics", async () => {
    const ready = await h.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    const body = ready.json();
    expect(body).toMatchObject({
      status: "degraded",
      checks: { sealing: { state: "degraded", code: "REG_SEALING_PARKED" } },
    });
    expect(body.checks.sealing.message).toContain("3 licence versions");
    expect(body.checks.sealing.message).toContain(poison.nul.identifier);
    const metrics = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toContain('elicence_sealing_parked{scope="current"} 3');
  });

  it("amending a parked record gives a version that is sealed; the replaced one no longer counts", async () => {
    const exampleName = h.catalogue.get(TYPES.road)!.exampleHolder!.name;
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${poison.extB.identifier}/amend`,
      headers: auth(h.key.transportIssuer),
      payload: { reason: "更正持证人名称", holder: { name: exampleName } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().document).toEqual({ state: "sealed" });
    expect(res.json().documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const old = (await read(poison.extB.identifier)).json();
    expect(old).toMatchObject({ superseded: true, document: { state: "parked" } });

    const ready = (await h.app.inject({ method: "GET", url: "/readyz" })).json();
    expect(ready.checks.sealing.message).toContain("2 licence versions");
    const metrics = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toContain('elicence_sealing_parked{scope="current"} 2');
    expect(metrics).toContain('elicence_sealing_parked{scope="all"} 3');
  });

  it("a restart tries every parked record once more: still unsealable, each is parked and logged once again", async () => {
    expect(await unparkAll(h.store, () => h.clock.now)).toBe(3);
    expect(await h.store.countSealingParked()).toBe(0);
    const again = captureLog();
    const settled = await serveSealing(serve, again);
    expect(settled.sealed).toBe(0);
    expect(settled.failed.map((f) => f.parked)).toEqual([true, true, true]);
    expect(again.lines.filter((l) => l.level === "error")).toHaveLength(3);
    expect(await h.store.countSealingParked({ current: true })).toBe(2);
    const audit = (await h.store.readAudit(0, 10_000)).map((e) => e.action);
    expect(audit.filter((a) => a === "licence.seal-failed")).toHaveLength(6);
    expect(audit.filter((a) => a === "licence.seal-unparked")).toHaveLength(3);
  });
});
