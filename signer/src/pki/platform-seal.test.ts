// The registry's annotation seal (certs/pki.json "platform"): described with a checked credit code, issued with its
// policy OID, kept apart from the departments' seals yet listed in the trust list, and issued, refused and reissued
// as the PKI's state changes.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DAY, DEPARTMENTS, FAST_SCRYPT, FIXED_NOW } from "../../test/pki/fixtures.js";
import { FileKeyStore } from "../keys/file-key-store.js";
import { trustListBody } from "../trust-list/build-trust-list.js";
import { createDevPki } from "./create-dev-pki.js";
import { isUsccWithValidCheck } from "./department.js";
import { OID } from "./oids.js";
import { PkiError } from "./pki-error.js";
import { parsePkiSpec, readPkiSpec, type PkiSpec } from "./pki-spec.js";

const PLATFORM = "11441521MB2D0316X9";
const dirs: string[] = [];

async function pkiIn(spec: PkiSpec, now = FIXED_NOW, dir?: string) {
  const d = dir ?? mkdtempSync(join(tmpdir(), "elicence-platform-"));
  if (!dir) dirs.push(d);
  const keyStore = new FileKeyStore(join(d, "keys"), "test passphrase", { scrypt: FAST_SCRYPT });
  const pki = await createDevPki({
    dir: d,
    spec,
    departments: DEPARTMENTS,
    baseUrl: "http://127.0.0.1:9",
    now,
    keyStore,
  });
  return { dir: d, pki };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the platform entry of certs/pki.json", () => {
  it("names 海丰县政务服务数据管理局 with a credit code whose check character is right", async () => {
    const spec = await readPkiSpec();
    expect(spec.platform).toMatchObject({
      department: { name: "海丰县政务服务数据管理局", code: PLATFORM },
      role: "annotation",
      validityDays: 1095,
    });
    expect(isUsccWithValidCheck(PLATFORM)).toBe(true);
    expect(isUsccWithValidCheck("11441521MB2D0316X8")).toBe(false);
  });

  it("is rejected with a wrong check character or role, naming each field", async () => {
    const spec = structuredClone(await readPkiSpec());
    const broken = {
      ...spec,
      platform: { department: { name: "", code: "11441521MB2D0316X8" }, role: "licence", validityDays: 0 },
    };
    let error: unknown;
    try {
      parsePkiSpec(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).details.map((d) => d.field)).toEqual([
      "platform.department.name",
      "platform.department.code",
      "platform.role",
      "platform.validityDays",
    ]);
  });
});

describe("the annotation seal in the dev PKI", () => {
  it("is an e-seal with the annotation policy, apart from the departments, and on the trust list", async () => {
    const { pki } = await pkiIn(await readPkiSpec());
    const platform = pki.platform();
    expect(platform).toMatchObject({ code: PLATFORM, name: "海丰县政务服务数据管理局" });
    expect(pki.departments().map((d) => d.code)).toEqual(DEPARTMENTS.map((d) => d.code));
    await expect(pki.sealFor(PLATFORM)).rejects.toMatchObject({ code: "SIG_PKI_DEPARTMENT_UNKNOWN" });

    const seal = await pki.platformSeal();
    const policies = seal.certificate.getExtension(x509.CertificatePolicyExtension);
    expect(policies?.policies).toEqual([OID.annotationSealPolicy]);
    expect(seal.certificate.subject).toContain(`NTRCN-${PLATFORM}`);
    // Department seals carry no policy: that is what tells the two apart.
    const department = await pki.sealFor(DEPARTMENTS[0]!.code);
    expect(department.certificate.getExtension(x509.CertificatePolicyExtension)).toBeNull();

    const list = await trustListBody(pki, new Date(FIXED_NOW.getTime() + DAY));
    const listed = list.seals.find((s) => s.department.code === PLATFORM);
    expect(listed?.serial).toBe(platform?.serial);
    expect(listed?.status).toBe("good");
  });

  it("is added to a PKI made before it, refused once revoked, and reissued on the next run", async () => {
    const full = await readPkiSpec();
    const { platform: _, ...older } = full;
    const first = await pkiIn(older);
    expect(first.pki.platform()).toBeUndefined();
    await expect(first.pki.platformSeal()).rejects.toMatchObject({
      code: "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE",
    });

    const later = new Date(FIXED_NOW.getTime() + DAY);
    const second = await pkiIn(full, later, first.dir);
    const issued = second.pki.platform();
    expect(issued?.code).toBe(PLATFORM);
    expect((await second.pki.platformSeal()).certificate.serialNumber.toLowerCase()).toBe(issued?.serial);

    await second.pki.revokeCertificate(issued?.serial ?? "", "keyCompromise", later);
    await expect(second.pki.platformSeal()).rejects.toMatchObject({
      code: "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE",
    });
    const third = await pkiIn(full, new Date(later.getTime() + DAY), first.dir);
    const reissued = third.pki.platform();
    expect(reissued?.serial).not.toBe(issued?.serial);
    await expect(third.pki.platformSeal()).resolves.toBeDefined();
  });
});
