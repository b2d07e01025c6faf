// Keys on a throwaway SoftHSM2 token: generated on the token, signatures verifiable by node:crypto, never extractable.
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pkcs11KeyStore } from "../../src/keys/pkcs11-key-store.js";
import { SOFTHSM_LIBRARY, createTestToken, softHsmMissingReason } from "./softhsm.js";
import type { TestToken } from "./softhsm.js";

if (softHsmMissingReason) console.warn(`skipping PKCS#11 key store tests: ${softHsmMissingReason}`);

describe.skipIf(softHsmMissingReason !== undefined)("Pkcs11KeyStore on SoftHSM2", () => {
  let token: TestToken;
  let store: Pkcs11KeyStore;

  beforeAll(() => {
    token = createTestToken("test", "1234");
    // A second token nobody logs in to: a wrong PIN is only detectable there (PKCS#11 login is per token and process).
    token.addToken("spare", "4321");
    store = new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "test", pin: "1234" });
  });

  afterAll(async () => {
    await store?.close();
    token?.remove();
  });

  it("generates a P-256 key on the token whose DER signatures node:crypto verifies", async () => {
    const handle = await store.generate("seal-test", "ECDSA-P256");
    expect(handle.algorithm).toBe("ECDSA-P256");
    const data = new TextEncoder().encode("电子证照 signed bytes");
    const signature = await handle.sign(data);
    expect(signature[0]).toBe(0x30); // DER ECDSA-Sig-Value, not WebCrypto's r||s
    const publicKey = createPublicKey({ key: Buffer.from(handle.publicKey), format: "der", type: "spki" });
    expect(verify("sha256", data, publicKey, signature)).toBe(true);
    expect(verify("sha256", new TextEncoder().encode("other bytes"), publicKey, signature)).toBe(false);
  });

  it("keeps the private key on the token: not extractable, sensitive, and export is refused", async () => {
    const handle = await store.get("seal-test");
    expect(handle.privateKey.extractable).toBe(false);
    await expect(handle.crypto.subtle.exportKey("pkcs8", handle.privateKey)).rejects.toThrow();
    await expect(handle.crypto.subtle.exportKey("jwk", handle.privateKey)).rejects.toThrow();
    expect(await store.protectionOf("seal-test")).toEqual({
      sensitive: true,
      extractable: false,
      neverExtractable: true,
      alwaysSensitive: true,
    });
  });

  it("finds keys by label in a new session, refuses duplicates and reports missing labels", async () => {
    const other = new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "test", pin: "1234" });
    try {
      const again = await other.get("seal-test");
      const first = await store.get("seal-test");
      expect(Buffer.from(again.publicKey).equals(Buffer.from(first.publicKey))).toBe(true);
      expect(await other.has("seal-test")).toBe(true);
      expect(await other.has("nope")).toBe(false);
      await expect(other.get("nope")).rejects.toMatchObject({ code: "SIG_KEY_NOT_FOUND" });
      await expect(other.generate("seal-test", "ECDSA-P256")).rejects.toMatchObject({
        code: "SIG_KEY_EXISTS",
      });
    } finally {
      await other.close();
    }
  });

  it("serialises concurrent signatures on one session", async () => {
    const handle = await store.get("seal-test");
    const publicKey = createPublicKey({ key: Buffer.from(handle.publicKey), format: "der", type: "spki" });
    const messages = Array.from({ length: 8 }, (_, i) => new TextEncoder().encode(`message ${i}`));
    const signatures = await Promise.all(messages.map((m) => handle.sign(m)));
    signatures.forEach((s, i) => expect(verify("sha256", messages[i]!, publicKey, s)).toBe(true));
  });

  it("rejects a wrong PIN and an unknown token label with stable codes", () => {
    expect(() => new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "spare", pin: "0000" })).toThrow(
      expect.objectContaining({ code: "SIG_PKCS11_LOGIN_FAILED" }) as Error,
    );
    expect(() => new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "absent", pin: "1234" })).toThrow(
      expect.objectContaining({ code: "SIG_PKCS11_TOKEN_NOT_FOUND" }) as Error,
    );
  });
});
