// Revoking a department's e-seal certificate (issue 3 "Must show"): OCSP over HTTP (openssl ocsp -url) and the CRL
// served at /pki/crl/issuing.crl show it at once, pdfsig's online OCSP check turns a licence sealed before the
// revocation from trusted to revoked, the sealer refuses the revoked seal, and createDevPki issues a fresh one.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import { run } from "../pades/fixtures/external-tools.js";
import { FAST_SCRYPT } from "../pki/fixtures.js";
import {
  catalogueIssuers,
  catalogueTypeCodes,
  createSealingEnv,
  expectTrusted,
  pdfsig,
  sealExample,
  toolsFor,
  type ExampleLicence,
  type SealingEnv,
} from "./fixtures.js";

const ok = toolsFor("seal revocation");

describe.skipIf(!ok)("revoking a department's e-seal certificate", () => {
  let env: SealingEnv;
  let ex: ExampleLicence;
  let sealedBefore: string;
  let serial: string;
  /** The serial as OpenSSL prints it (x509 -serial, crl -text and ocsp share the formatting). */
  let opensslSerial: string;
  let sealPem: string;
  let chainFile: string;

  beforeAll(async () => {
    env = await createSealingEnv(
      (dir) => new FileKeyStore(join(dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT }),
    );
    const code = catalogueTypeCodes()[0]!;
    const sealed = await sealExample(env, code);
    ex = sealed.ex;
    const r = sealed.sealed;
    expect(r.level).toBe("B-T");
    serial = r.seal.certificateSerial;
    sealedBefore = join(env.dir, "sealed-before-revocation.pdf");
    await writeFile(sealedBefore, r.bytes);
    sealPem = env.sealPem(ex.licence.issuer.code);
    opensslSerial = (await run("openssl", ["x509", "-in", sealPem, "-noout", "-serial"])).stdout
      .trim()
      .replace(/^serial=/u, "");
    chainFile = join(env.dir, "chain.pem");
    await writeFile(chainFile, env.pki.issuingPem + env.pki.rootPem);
  });
  afterAll(async () => {
    await env?.close();
  });

  /** `openssl ocsp` as a client of the test server's responder, verifying the response against the dev root. */
  function ocspOverHttp() {
    return run("openssl", [
      "ocsp",
      "-issuer",
      env.issuingPem,
      "-cert",
      sealPem,
      "-url",
      `${env.server.baseUrl}/pki/ocsp`,
      "-CAfile",
      env.rootPem,
      "-resp_text",
    ]);
  }

  async function crlText(name: string): Promise<string> {
    const res = await fetch(`${env.server.baseUrl}/pki/crl/issuing.crl`);
    expect(res.status).toBe(200);
    const file = join(env.dir, name);
    await writeFile(file, new Uint8Array(await res.arrayBuffer()));
    const r = await run("openssl", [
      "crl",
      "-inform",
      "DER",
      "-in",
      file,
      "-CAfile",
      chainFile,
      "-noout",
      "-text",
    ]);
    expect(r.out).toContain("verify OK");
    return r.out;
  }

  it("before: OCSP says good, the CRL does not list the seal, pdfsig trusts the licence", async () => {
    expect(opensslSerial).toMatch(/^[0-9A-F]{16,}$/u);
    expect(BigInt(`0x${opensslSerial}`)).toBe(BigInt(`0x${serial}`));
    const ocsp = await ocspOverHttp();
    expect(ocsp.out).toContain("Response verify OK");
    expect(ocsp.out).toContain(`${sealPem}: good`);
    expect(await crlText("before.crl")).not.toContain(opensslSerial);
    const sig = await pdfsig(env, sealedBefore);
    expectTrusted(sig);
  });

  it("after: OCSP over HTTP says revoked (keyCompromise), the served CRL lists the serial, pdfsig reports it revoked", async () => {
    const entry = await env.pki.revokeCertificate(ex.licence.issuer.code, "keyCompromise", new Date());
    expect(entry.serial).toBe(serial);

    const ocsp = await ocspOverHttp();
    expect(ocsp.out).toContain("Response verify OK");
    expect(ocsp.out).toContain(`${sealPem}: revoked`);
    expect(ocsp.out).toContain("Reason: keyCompromise");

    const crl = await crlText("after.crl");
    const listed = crl.slice(crl.indexOf("Revoked Certificates:"));
    expect(listed).toContain(`Serial Number: ${opensslSerial}`);
    expect(listed).toContain("Key Compromise");

    // The signature's bytes are untouched; the certificate is what NSS now rejects, having asked our responder.
    const sig = await pdfsig(env, sealedBefore);
    expect(sig).toContain("Signature Validation: Signature is Valid.");
    expect(sig).toContain("Certificate Validation: Certificate has been Revoked.");
    expect(sig).not.toContain("Certificate is Trusted.");
  });

  it("the sealer refuses the revoked seal once told, and createDevPki issues the department a new, trusted one", async () => {
    const seal = () =>
      env.sealer.seal({ typeCode: ex.typeCode, licence: ex.licence, qrText: ex.qrText, now: new Date() });
    env.sealer.forgetSeals();
    await expect(seal()).rejects.toMatchObject({ code: "SIG_PKI_SEAL_REVOKED" });

    await createDevPki({
      dir: env.pkiDir,
      spec: await readPkiSpec(),
      departments: catalogueIssuers(),
      baseUrl: env.server.baseUrl,
      now: new Date(),
      keyStore: env.keyStore,
    });
    env.sealer.forgetSeals();
    const r = await seal();
    expect(r.seal.certificateSerial).not.toBe(serial);
    const file = join(env.dir, "sealed-after-reissue.pdf");
    await writeFile(file, r.bytes);
    const sig = await pdfsig(env, file);
    expectTrusted(sig);
    // The licence sealed with the revoked certificate stays revoked.
    expect(await pdfsig(env, sealedBefore)).toContain("Certificate has been Revoked.");
  });
});
