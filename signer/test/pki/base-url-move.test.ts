// A PKI whose public base URL changes: every end-entity certificate (seals, the platform seal, TSA, both OCSP
// responders, the trust-list signer) is issued again carrying the new CRL/OCSP/CA-issuer URLs; the old ones stay
// valid (documents sealed with them still verify); the CA certificates are kept as they are.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import { readState } from "../../src/pki/pki-state.js";
import type { PkiState } from "../../src/pki/pki-state.js";
import {
  CATALOGUE_TYPE_CODES,
  DAY,
  DEPARTMENTS,
  FIXED_NOW,
  createTempPki,
  type TempPki,
} from "./fixtures.js";

const NEW_BASE = "https://licences.gov.example/elicence";
const current = (s: PkiState, role: string) => s.certificates.filter((c) => c.role === role);

let t: TempPki;
let before: PkiState;
let after: PkiState;
beforeAll(async () => {
  t = await createTempPki();
  before = (await readState(t.dir)) as PkiState;
  await createDevPki({
    dir: t.dir,
    spec: await readPkiSpec(),
    departments: DEPARTMENTS.map((d) => ({ ...d, licenceTypes: d.licenceTypes ?? CATALOGUE_TYPE_CODES })),
    baseUrl: `${NEW_BASE}/`,
    now: new Date(FIXED_NOW.getTime() + DAY),
    keyStore: t.keyStore,
  });
  after = (await readState(t.dir)) as PkiState;
});
afterAll(() => t?.remove());

const der = (file: string) => {
  const pem = readFileSync(join(t.dir, file), "utf8");
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/gu, ""), "base64").toString("latin1");
};

describe("a PKI given a new base URL", () => {
  it("records it", () => {
    expect(before.baseUrl).toBe("http://localhost:3000");
    expect(after.baseUrl).toBe(NEW_BASE);
  });

  it("issues every end-entity certificate again, carrying the new URL and not the old one", () => {
    const added = after.certificates.slice(before.certificates.length);
    const roles = added.map((c) => c.role).sort();
    expect(roles).toEqual(
      before.certificates
        .filter((c) => c.role !== "root" && c.role !== "issuing")
        .map((c) => c.role)
        .sort(),
    );
    for (const c of added) {
      expect(der(c.file), c.role).toContain(`${NEW_BASE}/pki/`);
      expect(der(c.file), c.role).not.toContain("localhost:3000");
    }
    for (const d of DEPARTMENTS) expect(der(join("certs", `seal-${d.code}.pem`))).toContain(NEW_BASE);
  });

  it("revokes nothing and keeps the CA certificates", () => {
    expect(after.revocations).toEqual(before.revocations);
    for (const role of ["root", "issuing"]) expect(current(after, role)).toEqual(current(before, role));
  });

  it("changes nothing when opened again with the same URL", async () => {
    await createDevPki({
      dir: t.dir,
      spec: await readPkiSpec(),
      departments: DEPARTMENTS.map((d) => ({ ...d, licenceTypes: d.licenceTypes ?? CATALOGUE_TYPE_CODES })),
      baseUrl: NEW_BASE,
      now: new Date(FIXED_NOW.getTime() + 2 * DAY),
      keyStore: t.keyStore,
    });
    expect((await readState(t.dir))?.certificates).toHaveLength(after.certificates.length);
  });
});
