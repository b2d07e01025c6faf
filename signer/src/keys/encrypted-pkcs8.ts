// Encrypted PKCS#8 (RFC 8018 PBES2 with scrypt and AES-256-CBC): the on-disk form of dev private keys.
// Node can only write PBES2/PBKDF2 with OpenSSL's 2048 iterations, so the structure is built here.
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, scrypt } from "node:crypto";
import type { KeyObject } from "node:crypto";
import * as asn1js from "asn1js";

const OID_PBES2 = "1.2.840.113549.1.5.13";
const OID_SCRYPT = "1.3.6.1.4.1.11591.4.11";
const OID_AES256_CBC = "2.16.840.1.101.3.4.1.42";

export interface ScryptCost {
  /** log2 of scrypt's N. 14 (16 MiB) is the default: it is the largest OpenSSL's CLI will decrypt (32 MiB cap). */
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 14, r: 8, p: 1 };

function deriveKey(passphrase: string, salt: Uint8Array, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize("NFC"),
      salt,
      32,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** PKCS#8 DER (unencrypted) → "ENCRYPTED PRIVATE KEY" PEM. */
export async function encryptPkcs8(
  pkcs8Der: Uint8Array,
  passphrase: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = await deriveKey(passphrase, salt, cost);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const encrypted = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID_PBES2 }),
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({
                value: [
                  new asn1js.ObjectIdentifier({ value: OID_SCRYPT }),
                  new asn1js.Sequence({
                    value: [
                      new asn1js.OctetString({ valueHex: salt }),
                      new asn1js.Integer({ value: 2 ** cost.log2N }),
                      new asn1js.Integer({ value: cost.r }),
                      new asn1js.Integer({ value: cost.p }),
                      new asn1js.Integer({ value: 32 }),
                    ],
                  }),
                ],
              }),
              new asn1js.Sequence({
                value: [
                  new asn1js.ObjectIdentifier({ value: OID_AES256_CBC }),
                  new asn1js.OctetString({ valueHex: iv }),
                ],
              }),
            ],
          }),
        ],
      }),
      new asn1js.OctetString({ valueHex: encrypted }),
    ],
  });
  const b64 = Buffer.from(info.toBER()).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${lines.join("\n")}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}

interface ScryptParams {
  salt: Uint8Array;
  cost: ScryptCost;
  iv: Uint8Array;
  encrypted: Uint8Array;
}

function oidOf(block: asn1js.AsnType | undefined): string | undefined {
  return block instanceof asn1js.ObjectIdentifier ? block.valueBlock.toString() : undefined;
}

function seq(block: asn1js.AsnType | undefined): asn1js.AsnType[] | undefined {
  return block instanceof asn1js.Sequence ? block.valueBlock.value : undefined;
}

function octets(block: asn1js.AsnType | undefined): Uint8Array | undefined {
  return block instanceof asn1js.OctetString ? new Uint8Array(block.valueBlock.valueHexView) : undefined;
}

function int(block: asn1js.AsnType | undefined): number | undefined {
  return block instanceof asn1js.Integer ? Number(block.toBigInt()) : undefined;
}

/** Recognises our own PBES2/scrypt/AES-256-CBC layout; anything else is left to OpenSSL. */
function parseScryptPbes2(der: Uint8Array): ScryptParams | undefined {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) return undefined;
  const top = seq(parsed.result);
  const alg = seq(top?.[0]);
  if (oidOf(alg?.[0]) !== OID_PBES2) return undefined;
  const pbes2 = seq(alg?.[1]);
  const kdf = seq(pbes2?.[0]);
  const enc = seq(pbes2?.[1]);
  if (oidOf(kdf?.[0]) !== OID_SCRYPT || oidOf(enc?.[0]) !== OID_AES256_CBC) return undefined;
  const params = seq(kdf?.[1]);
  const salt = octets(params?.[0]);
  const N = int(params?.[1]);
  const r = int(params?.[2]);
  const p = int(params?.[3]);
  const iv = octets(enc?.[1]);
  const encrypted = octets(top?.[1]);
  if (!salt || !N || !r || !p || !iv || !encrypted || (N & (N - 1)) !== 0) return undefined;
  // Refuse absurd costs from a tampered file rather than allocating gigabytes.
  if (N > 2 ** 20 || r > 32 || p > 16) return undefined;
  return { salt, cost: { log2N: Math.log2(N), r, p }, iv, encrypted };
}

/** "ENCRYPTED PRIVATE KEY" PEM → private KeyObject. Throws on a wrong passphrase or a damaged file. */
export async function decryptPkcs8(pem: string, passphrase: string): Promise<KeyObject> {
  const body = /-----BEGIN ENCRYPTED PRIVATE KEY-----([\s\S]*?)-----END ENCRYPTED PRIVATE KEY-----/.exec(
    pem,
  )?.[1];
  if (body === undefined) throw new Error("not an ENCRYPTED PRIVATE KEY PEM");
  const der = new Uint8Array(Buffer.from(body.replace(/\s+/g, ""), "base64"));
  const params = parseScryptPbes2(der);
  if (!params) return createPrivateKey({ key: pem, format: "pem", passphrase });
  const key = await deriveKey(passphrase, params.salt, params.cost);
  const decipher = createDecipheriv("aes-256-cbc", key, params.iv);
  const plain = Buffer.concat([decipher.update(params.encrypted), decipher.final()]);
  return createPrivateKey({ key: plain, format: "der", type: "pkcs8" });
}
