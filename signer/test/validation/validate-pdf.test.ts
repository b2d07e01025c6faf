// The validation engine on genuine licences: every catalogue type freshly sealed passes with the whole fragment list
// as expected, B-LT passes offline from its embedded revocation data, the updates PAdES permits are accepted, and
// the registry's answers (unknown, another document, current) and the limits show up as they should.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHECK_NAMES,
  REASON_CODES,
  ValidationPool,
  validatePdf,
  type ValidationReport,
} from "../../src/validation/index.js";
import { LicenceSealer } from "../../src/licence-sealer.js";
import { TEMPLATES, identifierFor } from "../render/helpers.js";
import { exampleLicence } from "../sealed-licence/fixtures.js";
import {
  HOUR,
  catalogueTypeCodes,
  createValidationEnv,
  invalidCodes,
  outline,
  type SealedFixture,
  type ValidationEnv,
} from "./fixtures.js";
import { appendDocTimestamp } from "./doc-timestamp.js";

/** The fragment list of a B-T licence validated with every port: all VALID but the trust list (not given). */
const PASSED_B_T: Record<string, string> = {
  size: "VALID:VER_PDF_SIZE_OK",
  structure: "VALID:VER_PDF_STRUCTURE_OK",
  "signature-dictionary": "VALID:VER_PDF_SIGNATURE_FOUND",
  "byte-range": "VALID:VER_PDF_BYTERANGE_OK",
  revisions: "VALID:VER_PDF_COVERS_WHOLE_FILE",
  docmdp: "VALID:VER_PDF_DOCMDP_OK",
  "cms-digest": "VALID:VER_PDF_CMS_DIGEST_OK",
  "cms-signature": "VALID:VER_PDF_CMS_SIGNATURE_OK",
  "signing-certificate": "VALID:VER_PDF_ESS_OK",
  chain: "VALID:VER_PDF_CHAIN_OK",
  "trust-list": "SKIPPED:VER_PDF_TRUST_LIST_NOT_GIVEN",
  "seal-issuer": "VALID:VER_PDF_SEAL_IS_ISSUER",
  timestamp: "VALID:VER_PDF_TIMESTAMP_OK",
  revocation: "VALID:VER_PDF_REVOCATION_GOOD",
  annotation: "SKIPPED:VER_PDF_ANNOTATION_ABSENT",
  "licence-status": "VALID:VER_PDF_LICENCE_CURRENT",
  "document-hash": "VALID:VER_PDF_DOCUMENT_HASH_MATCHES",
};

let env: ValidationEnv;
const sealed = new Map<string, SealedFixture>();
let lt: SealedFixture;

beforeAll(async () => {
  env = await createValidationEnv();
  for (const code of catalogueTypeCodes()) sealed.set(code, await env.seal(code));
  lt = await env.seal(catalogueTypeCodes()[0] as string, { ltv: true, serial: "2430600" });
});
afterAll(() => env?.close());

function expectWellFormed(r: ValidationReport): void {
  expect(r.checks.map((c) => c.name)).toEqual([...CHECK_NAMES]);
  for (const c of r.checks) {
    expect(REASON_CODES[c.reason.code], c.reason.code).toBeDefined();
    expect(c.reason.message).toEqual(REASON_CODES[c.reason.code]);
  }
  // The report travels as JSON (API, CLI): nothing in it may be lost on the way.
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

describe("genuine licences", () => {
  it("every catalogue type, freshly sealed (B-T), is TOTAL-PASSED with every check VALID", async () => {
    expect(sealed.size).toBeGreaterThanOrEqual(4);
    for (const [code, f] of sealed) {
      expect(f.level, code).toBe("B-T");
      const r = await validatePdf(f.bytes, env.ctx());
      expectWellFormed(r);
      expect(outline(r), code).toEqual(PASSED_B_T);
      expect(r.verdict).toBe("TOTAL-PASSED");
      expect(r.identifier).toBe(f.identifier);
      expect(r.sha256).toBe(f.sha256);
      expect(r.answers).toEqual({ intact: true, trusted: true, coverage: "whole-file", current: true });
      expect(r.summary.zh).toMatch(/^真实有效/);
    }
  });

  it("B-LT passes with the DSS revision accepted, and offline from its embedded OCSP response alone", async () => {
    expect(lt.level).toBe("B-LT");
    const online = await validatePdf(lt.bytes, env.ctx());
    expect(online.verdict).toBe("TOTAL-PASSED");
    expect(outline(online).revisions).toBe("VALID:VER_PDF_LATER_REVISIONS_PERMITTED");
    expect(online.answers.coverage).toBe("permitted-updates");

    const offline = await validatePdf(lt.bytes, env.ctx({ offline: true, noRevocation: true }));
    expect(offline.verdict).toBe("TOTAL-PASSED");
    const revocation = offline.checks.find((c) => c.name === "revocation");
    expect(revocation?.reason.code).toBe("VER_PDF_REVOCATION_GOOD");
    expect(revocation?.data).toMatchObject({ sources: ["embedded-ocsp"], timeSource: "timestamp" });
    expect(outline(offline)["licence-status"]).toBe("SKIPPED:VER_PDF_LIVE_STATUS_NOT_REQUESTED");
  });

  it("B-T without any revocation source is INDETERMINATE, not passed", async () => {
    const f = sealed.values().next().value as SealedFixture;
    const r = await validatePdf(f.bytes, env.ctx({ offline: true, noRevocation: true }));
    expect(r.verdict).toBe("INDETERMINATE");
    expect(r.reason?.code).toBe("VER_PDF_REVOCATION_UNAVAILABLE");
  });

  it("checks the seal against a trust list when one is given", async () => {
    const list = await env.trustList();
    const f = sealed.values().next().value as SealedFixture;
    const r = await validatePdf(f.bytes, env.ctx({ trustList: list }));
    expect(r.verdict).toBe("TOTAL-PASSED");
    expect(outline(r)["trust-list"]).toBe("VALID:VER_PDF_TRUST_LIST_LISTED");
    // A list that marks the seal revoked before the seal was applied wins over a PKI that says "good".
    const revoked = {
      ...list,
      seals: list.seals.map((s) => ({
        ...s,
        status: "revoked" as const,
        revokedAt: new Date(env.t0.getTime() - 60_000).toISOString(),
        revocationReason: "keyCompromise",
      })),
    };
    const r2 = await validatePdf(f.bytes, env.ctx({ trustList: revoked }));
    expect(invalidCodes(r2)).toEqual(["VER_PDF_SEAL_REVOKED"]);
  });

  it("accepts a later document timestamp in an invisible field, and rejects a visible one", async () => {
    const f = sealed.values().next().value as SealedFixture;
    const tsa = (req: Uint8Array) => env.pki.timestamp(req, env.t0);
    const hidden = await validatePdf(await appendDocTimestamp(f.bytes, tsa), env.ctx({ offline: true }));
    expect(outline(hidden).revisions).toBe("VALID:VER_PDF_LATER_REVISIONS_PERMITTED");
    expect(hidden.checks.find((c) => c.name === "revisions")?.data).toMatchObject({ documentTimestamps: 1 });
    expect(hidden.verdict).toBe("TOTAL-PASSED");
    const shown = await validatePdf(
      await appendDocTimestamp(f.bytes, tsa, { visible: true }),
      env.ctx({ offline: true }),
    );
    expect(invalidCodes(shown)).toEqual(["VER_PDF_REVISION_VISIBLE_SIGNATURE_ADDED"]);
  });
});

describe("time", () => {
  it("a B-B seal (no timestamp) passes while its certificate is valid; after it expires only a timestamp can vouch for it", async () => {
    const code = catalogueTypeCodes()[0] as string;
    const ex = await exampleLicence(code, "https://verify.example");
    ex.licence.identifier = identifierFor(code, ex.licence.issuer.code, "2430601");
    const bb = await new LicenceSealer({ templatesDir: TEMPLATES, pki: env.pki, tsaUrl: null }).seal({
      typeCode: code,
      licence: ex.licence,
      qrText: ex.qrText,
      now: env.t0,
    });
    expect(bb.level).toBe("B-B");
    const today = await validatePdf(bb.bytes, env.ctx({ offline: true }));
    expect(today.verdict).toBe("TOTAL-PASSED");
    expect(outline(today).timestamp).toBe("SKIPPED:VER_PDF_TIMESTAMP_ABSENT");

    const later = new Date(env.t0.getTime() + 4 * 365 * 24 * HOUR);
    const bbLater = await validatePdf(bb.bytes, env.ctx({ offline: true, now: later }));
    expect(bbLater.verdict).toBe("INDETERMINATE");
    expect(outline(bbLater).chain).toBe("ERROR:VER_PDF_CHAIN_EXPIRED_NO_TIMESTAMP");
    const bt = sealed.get(code) as SealedFixture;
    const btLater = await validatePdf(bt.bytes, env.ctx({ offline: true, now: later }));
    expect(btLater.verdict).toBe("TOTAL-PASSED");
    expect(btLater.checks.find((c) => c.name === "chain")?.data).toMatchObject({ timeSource: "timestamp" });
  });
});

describe("the registry's answers", () => {
  it("an identifier the registry does not know, and a file that is not the stored document, are INDETERMINATE", async () => {
    const f = sealed.values().next().value as SealedFixture;
    const unknown = await validatePdf(f.bytes, { ...env.ctx(), liveStatus: async () => null });
    expect(unknown.verdict).toBe("INDETERMINATE");
    expect(invalidCodes(unknown)).toEqual(["VER_PDF_LICENCE_UNKNOWN"]);
    const other = await validatePdf(f.bytes, {
      ...env.ctx(),
      liveStatus: async (id) => ({ ...env.registry.get(id)!, documentSha256: "0".repeat(64) }),
    });
    expect(invalidCodes(other)).toEqual(["VER_PDF_DOCUMENT_HASH_MISMATCH"]);
    expect(other.summary.en).toBe(
      "The seal is genuine, but: The file is not the document the registry issued for this licence.",
    );
    const down = await validatePdf(f.bytes, {
      ...env.ctx(),
      liveStatus: async () => {
        throw new Error("connection refused");
      },
    });
    expect(down.verdict).toBe("INDETERMINATE");
    expect(outline(down)["licence-status"]).toBe("ERROR:VER_PDF_LIVE_STATUS_UNAVAILABLE");
  });
});

describe("limits and the worker pool", () => {
  it("stops at the time limit with an ERROR, never a verdict it could not reach", async () => {
    const f = sealed.values().next().value as SealedFixture;
    const r = await validatePdf(f.bytes, { ...env.ctx(), limits: { timeMs: 1e-6 } });
    expect(r.verdict).toBe("INDETERMINATE");
    expect(r.checks.some((c) => c.status === "ERROR" && c.reason.code === "VER_PDF_TIME_LIMIT")).toBe(true);
  });

  it("gives the same report in a worker as in this thread, and a job over its time limit answers VER_PDF_TIME_LIMIT", async () => {
    const pool = new ValidationPool({ size: 1 });
    try {
      for (const f of [...sealed.values(), lt]) {
        const here = await validatePdf(f.bytes, env.ctx());
        const there = await pool.validate(f.bytes, env.ctx());
        expect(outline(there)).toEqual(outline(here));
        expect(there.verdict).toBe(here.verdict);
      }
    } finally {
      await pool.close();
    }
    // No grace and a budget too small to start the worker: the pool's own timer terminates it.
    const strict = new ValidationPool({ size: 1, graceMs: 0, limits: { timeMs: 1 } });
    try {
      const f = sealed.values().next().value as SealedFixture;
      const r = await strict.validate(f.bytes, env.ctx());
      expect(r.verdict).toBe("INDETERMINATE");
      expect(outline(r).structure).toMatch(/^ERROR:VER_PDF_TIME_LIMIT$/);
    } finally {
      await strict.close();
    }
  });
});
