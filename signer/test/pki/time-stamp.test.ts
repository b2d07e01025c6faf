// The dev TSA and the timestamp client, checked with `openssl ts`: tokens verify against the root, carry the nonce
// and ESS signing-certificate-v2, honour certReq, and bad requests get a rejection instead of an exception.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestTimestamp } from "../../src/pki/request-timestamp.js";
import { DAY, FIXED_NOW, createTempPki, openssl, opensslMissingReason, write } from "./fixtures.js";
import type { TempPki } from "./fixtures.js";

if (opensslMissingReason) console.warn(`skipping TSA OpenSSL tests: ${opensslMissingReason}`);

const NOW = new Date(FIXED_NOW.getTime() + DAY);

function parseResponse(der: Uint8Array): {
  status: number;
  failInfo?: asn1js.BitString;
  signedData?: pkijs.SignedData;
  tstInfo?: pkijs.TSTInfo;
} {
  const response = pkijs.TimeStampResp.fromBER(der);
  if (!response.timeStampToken)
    return {
      status: response.status.status,
      ...(response.status.failInfo ? { failInfo: response.status.failInfo } : {}),
    };
  const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent!.valueBlock.valueHexView);
  return { status: response.status.status, signedData, tstInfo };
}

function failBit(failInfo: asn1js.BitString | undefined): number {
  const bytes = failInfo ? new Uint8Array(failInfo.valueBlock.valueHexView) : new Uint8Array();
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0) return i;
  return -1;
}

describe.skipIf(opensslMissingReason !== undefined)("dev TSA checked with openssl ts", () => {
  let t: TempPki;
  const ts = async (query: string, reply: string): Promise<Uint8Array> => {
    const response = await t.pki.timestamp(new Uint8Array(readFileSync(join(t.dir, query))), NOW);
    write(t.dir, reply, response);
    return response;
  };
  const verify = (...args: string[]) =>
    openssl(t.dir, ["ts", "-verify", ...args, "-CAfile", "certs/root.pem", "-untrusted", "tsa-chain.pem"]);

  beforeAll(async () => {
    t = await createTempPki({ departments: [] });
    write(t.dir, "f.txt", "电子证照 licence bytes\n");
    write(t.dir, "other.txt", "something else\n");
    write(t.dir, "tsa-chain.pem", t.pki.tsa.toString("pem") + "\n" + t.pki.issuingPem);
  });
  afterAll(() => t?.remove());

  it("issues a token that openssl ts -verify accepts (query with nonce and -cert)", async () => {
    openssl(t.dir, ["ts", "-query", "-data", "f.txt", "-sha256", "-cert", "-out", "q.tsq"]);
    const parsed = parseResponse(await ts("q.tsq", "r.tsr"));
    const r = verify("-in", "r.tsr", "-queryfile", "q.tsq");
    expect(r.out).toContain("Verification: OK");
    expect(parsed.status).toBe(0);
    expect(parsed.tstInfo!.policy).toBe("2.999.8.1");
    expect(parsed.tstInfo!.genTime.toISOString()).toBe(NOW.toISOString());
    // certReq honoured: TSA certificate first, then its issuing CA.
    expect(parsed.signedData!.certificates).toHaveLength(2);
  });

  it("echoes the request nonce and binds the TSA certificate with ESS signing-certificate-v2", async () => {
    const query = pkijs.TimeStampReq.fromBER(readFileSync(join(t.dir, "q.tsq")));
    const { tstInfo, signedData } = parseResponse(await ts("q.tsq", "r2.tsr"));
    expect(Buffer.from(tstInfo!.nonce!.valueBlock.valueHexView)).toEqual(
      Buffer.from(query.nonce!.valueBlock.valueHexView),
    );
    const attrs = signedData!.signerInfos[0]!.signedAttrs!.attributes;
    const ess = attrs.find((a) => a.type === "1.2.840.113549.1.9.16.2.47");
    expect(ess).toBeDefined();
    const certHash = (ess!.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const hash = ((certHash.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.OctetString)
      .valueBlock.valueHexView;
    expect(Buffer.from(hash)).toEqual(createHash("sha256").update(Buffer.from(t.pki.tsa.rawData)).digest());
    // Attributes in DER order: contentType (…9.3), messageDigest (…9.4), signingCertificateV2 (…9.16.2.47).
    expect(attrs.map((a) => a.type)).toEqual([
      "1.2.840.113549.1.9.3",
      "1.2.840.113549.1.9.4",
      "1.2.840.113549.1.9.16.2.47",
    ]);
  });

  it("leaves certificates out without certReq, gives every token a fresh serial, and omits an absent nonce", async () => {
    openssl(t.dir, ["ts", "-query", "-data", "f.txt", "-sha256", "-no_nonce", "-out", "bare.tsq"]);
    const a = parseResponse(await ts("bare.tsq", "bare.tsr"));
    const b = parseResponse(await ts("bare.tsq", "bare2.tsr"));
    expect(a.signedData!.certificates).toBeUndefined();
    expect(a.tstInfo!.nonce).toBeUndefined();
    expect(a.tstInfo!.serialNumber.valueBlock.valueHexView).not.toEqual(
      b.tstInfo!.serialNumber.valueBlock.valueHexView,
    );
    expect(verify("-in", "bare.tsr", "-queryfile", "bare.tsq").out).toContain("Verification: OK");
  });

  it("fails verification for different data", () => {
    const r = verify("-in", "r.tsr", "-data", "other.txt");
    expect(r.out).not.toContain("Verification: OK");
    expect(r.out).toContain("message imprint mismatch");
  });

  it("rejects bad requests with the RFC 3161 failInfo instead of throwing", async () => {
    openssl(t.dir, ["ts", "-query", "-data", "f.txt", "-sha1", "-out", "sha1.tsq"]);
    openssl(t.dir, [
      "ts",
      "-query",
      "-data",
      "f.txt",
      "-sha256",
      "-tspolicy",
      "1.2.3.4",
      "-out",
      "policy.tsq",
    ]);
    const sha1 = parseResponse(await ts("sha1.tsq", "sha1.tsr"));
    expect(sha1.status).toBe(2);
    expect(failBit(sha1.failInfo)).toBe(0); // badAlg
    expect(failBit(parseResponse(await ts("policy.tsq", "policy.tsr")).failInfo)).toBe(15); // unacceptedPolicy
    const garbage = parseResponse(await t.pki.timestamp(new TextEncoder().encode("not DER"), NOW));
    expect(garbage.status).toBe(2);
    expect(failBit(garbage.failInfo)).toBe(5); // badDataFormat
    expect(openssl(t.dir, ["ts", "-reply", "-in", "sha1.tsr", "-text"]).out).toContain("Status: Rejected");
  });

  describe("requestTimestamp", () => {
    const imprint = (): Uint8Array =>
      new Uint8Array(
        createHash("sha256")
          .update(readFileSync(join(t.dir, "f.txt")))
          .digest(),
      );
    const verifyToken = (name: string) =>
      verify("-in", name, "-token_in", "-digest", Buffer.from(imprint()).toString("hex"));

    it("uses the local TSA function when no URL is configured", async () => {
      const token = await requestTimestamp(imprint(), { local: (q) => t.pki.timestamp(q, NOW) });
      write(t.dir, "local.tst", token);
      expect(verifyToken("local.tst").out).toContain("Verification: OK");
    });

    it("POSTs application/timestamp-query to a TSA URL", async () => {
      const seen: string[] = [];
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          seen.push(`${req.method} ${req.headers["content-type"]}`);
          void t.pki.timestamp(new Uint8Array(Buffer.concat(chunks)), NOW).then((reply) => {
            res.writeHead(200, { "content-type": "application/timestamp-reply" });
            res.end(reply);
          });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
        const token = await requestTimestamp(imprint(), { tsaUrl: url });
        write(t.dir, "http.tst", token);
        expect(seen).toEqual(["POST application/timestamp-query"]);
        expect(verifyToken("http.tst").out).toContain("Verification: OK");
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("reports a refusing, unreachable, confused or missing TSA with stable codes", async () => {
      const wrongImprint = new Uint8Array(32).fill(7);
      await expect(requestTimestamp(imprint(), {})).rejects.toMatchObject({ code: "SIG_TSA_NOT_CONFIGURED" });
      await expect(
        requestTimestamp(imprint(), {
          local: (q) =>
            t.pki.timestamp(
              q.map((b, i) => (i === 0 ? 0 : b)),
              NOW,
            ),
        }),
      ).rejects.toMatchObject({ code: "SIG_TSA_REJECTED" });
      // A TSA answering some other request (different imprint and nonce) is caught.
      await expect(
        requestTimestamp(imprint(), {
          local: () => t.pki.timestamp(readFileSync(join(t.dir, "q.tsq")), NOW),
        }),
      ).rejects.toMatchObject({ code: "SIG_TSA_BAD_RESPONSE" });
      await expect(
        requestTimestamp(wrongImprint, {
          tsaUrl: "http://tsa.invalid/",
          fetch: async () => new Response("nope", { status: 503 }),
        }),
      ).rejects.toMatchObject({ code: "SIG_TSA_UNREACHABLE" });
    });
  });
});
