// The sealing path with every key of the dev PKI on a SoftHSM2 token (Pkcs11KeyStore): each catalogue type sealed
// at B-T is valid and trusted for pdfsig and verifies with openssl cms and openssl ts; the seal key stays on the token.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pkcs11KeyStore } from "../../src/keys/pkcs11-key-store.js";
import { run } from "../pades/fixtures/external-tools.js";
import { SOFTHSM_LIBRARY, createTestToken, softHsmMissingReason } from "../pki/softhsm.js";
import type { TestToken } from "../pki/softhsm.js";
import {
  catalogueTypeCodes,
  cmsParts,
  createSealingEnv,
  expectTrusted,
  opensslCmsVerify,
  opensslTsVerify,
  pdfsig,
  sealExample,
  toolsFor,
  type SealingEnv,
} from "./fixtures.js";

const SUITE = "sealed licences with SoftHSM2 keys";
let ok = toolsFor(SUITE, "softhsm2-util");
if (ok && !existsSync(SOFTHSM_LIBRARY)) {
  const msg = `${SUITE}: skipped because ${softHsmMissingReason ?? `${SOFTHSM_LIBRARY} is missing`} (apt-get install softhsm2)`;
  if (process.env.ELICENCE_REQUIRE_TOOLS === "1") throw new Error(msg.replace("skipped", "cannot run"));
  console.warn(msg);
  ok = false;
}

describe.skipIf(!ok)(SUITE, () => {
  let token: TestToken;
  let store: Pkcs11KeyStore;
  let env: SealingEnv;

  beforeAll(async () => {
    token = createTestToken("seal", "1234");
    store = new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "seal", pin: "1234" });
    env = await createSealingEnv(() => store);
  });
  afterAll(async () => {
    await env?.close();
    await store?.close();
    token?.remove();
  });

  it.each(catalogueTypeCodes())("type %s: pdfsig valid and trusted, openssl cms and ts OK", async (code) => {
    const { ex, sealed: r } = await sealExample(env, code);
    expect(r.level).toBe("B-T");
    expect(r.warnings).toEqual([]);
    const file = join(env.dir, `${code}.pdf`);
    await writeFile(file, r.bytes);

    const sig = await pdfsig(env, file);
    expectTrusted(sig);
    expect(sig).toContain("Total document signed");
    expect(sig).toContain(`Signer Certificate Common Name: ${ex.licence.issuer.name}`);
    expect((await run("qpdf", ["--check", file])).code).toBe(0);

    const parts = await cmsParts(env.dir, code, r.bytes);
    expect((await opensslCmsVerify(env, parts)).out).toContain("Verification successful");
    expect((await opensslTsVerify(env, parts)).out).toContain("Verification: OK");

    // The key that signed is the department's token key: sensitive, never extractable; none was written to disk.
    const issued = env.pki.issued().find((c) => c.serial === r.seal.certificateSerial);
    expect(issued?.department?.code).toBe(ex.licence.issuer.code);
    expect(await store.protectionOf(issued!.keyLabel)).toMatchObject({
      sensitive: true,
      extractable: false,
      neverExtractable: true,
    });
    expect(existsSync(join(env.pkiDir, "keys"))).toBe(false);
  });
});
