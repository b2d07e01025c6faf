// The dev file key store: scrypt-encrypted PKCS#8 that OpenSSL can open, DER signatures node:crypto verifies,
// and clear refusals (empty passphrase, wrong passphrase, taken or unsafe labels).
import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { FAST_SCRYPT, openssl, opensslMissingReason } from "./fixtures.js";

const data = new TextEncoder().encode("bytes covered by the ByteRange");

describe("FileKeyStore", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "elicence-keys-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses an empty passphrase", () => {
    expect(() => new FileKeyStore(dir, "")).toThrow(
      expect.objectContaining({ code: "SIG_KEY_PASSPHRASE_REQUIRED" }) as Error,
    );
  });

  it("generates a P-256 key whose DER signatures verify, and loads it back in a new store", async () => {
    const store = new FileKeyStore(dir, "correct horse");
    const handle = await store.generate("seal-a", "ECDSA-P256");
    const signature = await handle.sign(data);
    expect(signature[0]).toBe(0x30);
    const publicKey = createPublicKey({ key: Buffer.from(handle.publicKey), format: "der", type: "spki" });
    expect(verify("sha256", data, publicKey, signature)).toBe(true);

    const reopened = await new FileKeyStore(dir, "correct horse").get("seal-a");
    expect(Buffer.from(reopened.publicKey)).toEqual(Buffer.from(handle.publicKey));
    expect(verify("sha256", data, publicKey, await reopened.sign(data))).toBe(true);
    expect(reopened.privateKey.extractable).toBe(false);
    // The WebCrypto key is the same key: a signature made through it verifies too.
    const raw = await reopened.crypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      reopened.privateKey,
      data,
    );
    expect(verify("sha256", data, { key: publicKey, dsaEncoding: "ieee-p1363" }, new Uint8Array(raw))).toBe(
      true,
    );
  });

  it("writes owner-only files and never the same label twice", async () => {
    const store = new FileKeyStore(dir, "correct horse", { scrypt: FAST_SCRYPT });
    expect(statSync(store.pathOf("seal-a")).mode & 0o777).toBe(0o600);
    await expect(store.generate("seal-a", "ECDSA-P256")).rejects.toMatchObject({ code: "SIG_KEY_EXISTS" });
    expect(await store.has("seal-a")).toBe(true);
    expect(await store.has("seal-b")).toBe(false);
    await expect(store.get("seal-b")).rejects.toMatchObject({ code: "SIG_KEY_NOT_FOUND" });
    for (const label of ["../escape", "a/b", "", "x".repeat(65)]) {
      await expect(store.generate(label, "ECDSA-P256")).rejects.toMatchObject({
        code: "SIG_KEY_LABEL_INVALID",
      });
    }
  });

  it("reports a wrong passphrase as SIG_KEY_DECRYPT_FAILED", async () => {
    await expect(new FileKeyStore(dir, "wrong horse").get("seal-a")).rejects.toMatchObject({
      code: "SIG_KEY_DECRYPT_FAILED",
    });
  });

  it.skipIf(opensslMissingReason !== undefined)(
    "stores standard encrypted PKCS#8 (PBES2, scrypt, AES-256-CBC) OpenSSL can open",
    async () => {
      const store = new FileKeyStore(dir, "correct horse");
      const handle = await store.get("seal-a");
      const parsed = openssl(dir, ["asn1parse", "-in", "seal-a.key.pem"]).out;
      expect(parsed).toContain("PBES2");
      expect(parsed).toMatch(/OBJECT\s+:scrypt/);
      expect(parsed).toContain("aes-256-cbc");
      const pub = openssl(dir, [
        "pkey",
        "-in",
        "seal-a.key.pem",
        "-passin",
        "pass:correct horse",
        "-pubout",
        "-outform",
        "DER",
        "-out",
        "seal-a.pub.der",
      ]);
      expect(pub.status).toBe(0);
      expect(readFileSync(join(dir, "seal-a.pub.der"))).toEqual(Buffer.from(handle.publicKey));
      expect(
        openssl(dir, ["pkey", "-in", "seal-a.key.pem", "-passin", "pass:wrong", "-noout"]).status,
      ).not.toBe(0);
    },
  );

  it("generates RSA-3072 keys that sign PKCS#1 v1.5 with SHA-256", async () => {
    const store = new FileKeyStore(dir, "correct horse", { scrypt: FAST_SCRYPT });
    const handle = await store.generate("rsa", "RSA-3072");
    expect(handle.algorithm).toBe("RSA-3072");
    const publicKey = createPublicKey({ key: Buffer.from(handle.publicKey), format: "der", type: "spki" });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const signature = await handle.sign(data);
    expect(signature).toHaveLength(384);
    expect(verify("sha256", data, publicKey, signature)).toBe(true);
    expect((await new FileKeyStore(dir, "correct horse").get("rsa")).algorithm).toBe("RSA-3072");
  });
});
