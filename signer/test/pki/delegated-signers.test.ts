// CA keys sign certificates and CRLs, nothing else: OCSP answers come from each CA's delegated responder (OCSPSigning,
// ocsp-nocheck) and the trust list from its own signer (id-tsl-kp-tslSigning). An OCSP response signed with a CA key
// is not what this PKI produces. A PKI made by an earlier version (no root responder, no trust-list signer, no
// licence types) gets them at its next start, with everything it had left as it was.
import { createPublicKey, verify } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as x509 from "@peculiar/x509";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import type { DevPki } from "../../src/pki/dev-pki.js";
import { buildOcspRequest } from "../../src/pki/ocsp-request.js";
import { OID } from "../../src/pki/oids.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import type { PkiState } from "../../src/pki/pki-state.js";
import { buildTrustList } from "../../src/trust-list/build-trust-list.js";
import { certificatePurpose } from "../../src/trust-list/certificate-extensions.js";
import { verifyTrustList } from "../../src/trust-list/verify-trust-list.js";
import { createTempPki, DEPARTMENTS, DAY, FIXED_NOW, type TempPki } from "./fixtures.js";

const der = (c: x509.X509Certificate): Uint8Array => new Uint8Array(c.rawData);

/** The signed part, signature and enclosed certificate of an OCSP response, and which key made the signature. */
function responseSigner(response: Uint8Array, candidates: Record<string, x509.X509Certificate>): string[] {
  const outer = pkijs.OCSPResponse.fromBER(response);
  const bytes = outer.responseBytes?.response.valueBlock.valueHexView;
  if (!bytes) throw new Error("no response bytes");
  const basic = pkijs.BasicOCSPResponse.fromBER(bytes);
  const tbs = new Uint8Array(basic.tbsResponseData.tbsView);
  const signature = new Uint8Array(basic.signature.valueBlock.valueHexView);
  return Object.entries(candidates)
    .filter(([, cert]) =>
      verify(
        "sha256",
        tbs,
        createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: "der", type: "spki" }),
        signature,
      ),
    )
    .map(([name]) => name);
}

function enclosed(response: Uint8Array): Uint8Array[] {
  const outer = pkijs.OCSPResponse.fromBER(response);
  const basic = pkijs.BasicOCSPResponse.fromBER(outer.responseBytes?.response.valueBlock.valueHexView ?? []);
  return (basic.certs ?? []).map((c) => new Uint8Array(c.toSchema().toBER()));
}

let t: TempPki;
const later = new Date(FIXED_NOW.getTime() + DAY);

beforeAll(async () => {
  t = await createTempPki();
});
afterAll(() => t?.remove());

describe("OCSP is answered by delegated responders, never by a CA key", () => {
  it("a seal's status is signed by the issuing CA's responder, not by the issuing CA", async () => {
    const seal = (await t.pki.sealFor(DEPARTMENTS[0]?.code ?? "")).certificate;
    const r = await t.pki.respondOcsp(buildOcspRequest(seal, t.pki.issuing, { nonce: false }), later);
    const signers = responseSigner(r, { issuing: t.pki.issuing, root: t.pki.root, responder: t.pki.ocsp });
    expect(signers).toEqual(["responder"]);
    expect(enclosed(r)).toEqual([der(t.pki.ocsp)]);
  });

  it("the issuing CA's status is signed by the root's own delegated responder, not by the root", async () => {
    const rootOcsp = t.pki.rootOcsp;
    if (!rootOcsp) throw new Error("no root responder");
    const r = await t.pki.respondOcsp(buildOcspRequest(t.pki.issuing, t.pki.root, { nonce: false }), later);
    const signers = responseSigner(r, { issuing: t.pki.issuing, root: t.pki.root, responder: rootOcsp });
    expect(signers).toEqual(["responder"]);
    expect(enclosed(r)).toEqual([der(rootOcsp)]);
    expect(await rootOcsp.verify({ publicKey: t.pki.root, signatureOnly: true })).toBe(true);
  });

  it("both responders carry OCSPSigning and id-pkix-ocsp-nocheck and are no CA", () => {
    for (const cert of [t.pki.ocsp, t.pki.rootOcsp]) {
      if (!cert) throw new Error("missing responder");
      const purpose = certificatePurpose(der(cert));
      expect(purpose).toMatchObject({ ca: false, extendedKeyUsage: [OID.ekuOcspSigning] });
      expect(cert.getExtension(OID.ocspNoCheck)).not.toBeNull();
    }
  });
});

describe("the trust list has a signer of its own", () => {
  it("issued by the issuing CA, digitalSignature only, EKU id-tsl-kp-tslSigning (critical), no CA", async () => {
    const signer = t.pki.trustListSigner;
    expect(await signer.verify({ publicKey: t.pki.issuing, signatureOnly: true })).toBe(true);
    expect(certificatePurpose(der(signer))).toEqual({
      ca: false,
      keyUsage: { digitalSignature: true, keyCertSign: false },
      extendedKeyUsage: [OID.ekuTrustListSigning],
    });
    expect(signer.getExtension("2.5.29.37")?.critical).toBe(true);
    const list = await buildTrustList(t.pki, FIXED_NOW);
    expect(list.signer.certificate).toBe(Buffer.from(der(signer)).toString("base64"));
  });
});

describe("a PKI made by an earlier version is upgraded at start", () => {
  let old: TempPki;
  let upgraded: DevPki;
  let before: PkiState;

  beforeAll(async () => {
    old = await createTempPki();
    // What an earlier version wrote: no root responder, no trust-list signer, no licence types, no sequence.
    const file = join(old.dir, "state.json");
    const state = JSON.parse(readFileSync(file, "utf8")) as PkiState;
    const { rootOcsp: _r, trustList: _t, ...spec } = state.spec;
    const { authorities: _a, trustList: _s, ...rest } = state;
    before = {
      ...rest,
      spec,
      certificates: state.certificates.filter((c) => c.role !== "root-ocsp" && c.role !== "trust-list"),
    };
    writeFileSync(file, JSON.stringify(before));
    upgraded = await createDevPki({
      dir: old.dir,
      spec: await readPkiSpec(),
      departments: DEPARTMENTS.map((d) => ({ ...d, licenceTypes: ["11100000MB0143028R013"] })),
      baseUrl: "http://localhost:3000/",
      now: later,
      keyStore: old.keyStore,
    });
  });
  afterAll(() => old?.remove());

  it("answers OCSP about the issuing CA with 'unknown' rather than with the root key before the upgrade", async () => {
    const { loadPki } = await import("../../src/pki/dev-pki.js");
    const file = join(old.dir, "state.json");
    const now = readFileSync(file, "utf8");
    writeFileSync(file, JSON.stringify(before));
    try {
      const legacy = await loadPki(old.dir, old.keyStore);
      expect(legacy.rootOcsp).toBeUndefined();
      const r = await legacy.respondOcsp(
        buildOcspRequest(legacy.issuing, legacy.root, { nonce: false }),
        later,
      );
      expect(responseSigner(r, { root: legacy.root })).toEqual([]);
    } finally {
      writeFileSync(file, now);
    }
  });

  it("adds the root responder and the trust-list signer, records licence types, and keeps every certificate it had", async () => {
    const state = JSON.parse(readFileSync(join(old.dir, "state.json"), "utf8")) as PkiState;
    expect(state.certificates.slice(0, before.certificates.length)).toEqual(before.certificates);
    const added = state.certificates.slice(before.certificates.length).map((c) => c.role);
    expect(added.sort()).toEqual(["root-ocsp", "trust-list"]);
    expect(state.authorities).toEqual(
      Object.fromEntries(DEPARTMENTS.map((d) => [d.code, ["11100000MB0143028R013"]])),
    );
    expect(state.spec.rootOcsp).toBeDefined();
    expect(state.spec.trustList).toBeDefined();
    expect(upgraded.root.serialNumber).toBe(old.pki.root.serialNumber);
    const list = await buildTrustList(upgraded, later);
    expect(await verifyTrustList(list, der(upgraded.root), later)).toMatchObject({ ok: true });
    expect(list.sequence).toBe(1);
  });
});
