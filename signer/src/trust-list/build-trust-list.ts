// Builds and signs the trust list where the PKI's keys are (the registry, from its PKI): every seal certificate the
// issuing CA signed, with its status at `now` and the licence types its department may issue, numbered with the
// persisted sequence and signed by the trust-list signer (never by a CA key).
import type * as x509 from "@peculiar/x509";
import { ecdsaDerToRaw } from "../keys/ecdsa-signature.js";
import type { CertificateStatus } from "../pki/certificate-status.js";
import type { IssuedCertificate } from "../pki/pki-state.js";
import { sha256, toBase64, toBase64Url, toHex, utf8 } from "./bytes.js";
import { canonicalJson } from "./canonical.js";
import { signDetachedJws } from "./jws.js";
import { kidOf } from "./kid.js";
import { TRUST_LIST_FORMAT, type TrustList, type TrustListBody, type TrustListEntry } from "./types.js";
import { algorithmFor, keyKindOf } from "./verify-key.js";

/** What the list's contents come from; DevPki has all of it. */
export interface TrustListSource {
  readonly root: x509.X509Certificate;
  readonly issuing: x509.X509Certificate;
  /** The certificate that signs the list (issued by the issuing CA, EKU id-tsl-kp-tslSigning). */
  readonly trustListSigner: x509.X509Certificate;
  issued(): readonly IssuedCertificate[];
  certificateBySerial(serial: string): x509.X509Certificate | undefined;
  statusOf(serial: string, now: Date): Promise<CertificateStatus>;
  /** Department code → the licence type codes it may issue (the catalogue, as recorded with the PKI). */
  authorities(): Readonly<Record<string, readonly string[]>>;
  /** The sequence of the last list built, without assigning one (0: none yet). */
  knownTrustListSequence(): number;
  /** Picks up certificates and revocations written by another process (DevPki re-reads its state file). */
  refresh?(): Promise<void>;
}

/** What publishing the list needs besides: the signer's key and the persisted sequence. */
export interface TrustListPki extends TrustListSource {
  /** KeyHandle.sign semantics with the trust-list signer's key: SHA-256, then DER ECDSA-Sig-Value or PKCS#1 v1.5. */
  signTrustList(data: Uint8Array): Promise<Uint8Array>;
  /** The sequence for contents with this digest: unchanged contents keep their number, changed ones get the next. */
  trustListSequence(contentSha256: string): Promise<number>;
}

export interface BuildTrustListOptions {
  /** How long verifiers may use the list before it counts as stale (default 24 hours). */
  validityHours?: number;
}

const der = (c: x509.X509Certificate): Uint8Array => new Uint8Array(c.rawData);
const wholeSeconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * The unsigned contents at `now`, numbered with the last sequence recorded. Enough for a verifier that trusts where
 * the PKI state comes from (the CLI reading its own data directory); anything published must be signed (buildTrustList).
 */
export async function trustListBody(
  pki: TrustListSource,
  now: Date,
  options: BuildTrustListOptions = {},
): Promise<TrustListBody> {
  const issuedAt = wholeSeconds(now);
  const nextUpdate = new Date(issuedAt.getTime() + (options.validityHours ?? 24) * 3_600_000);
  await pki.refresh?.();
  const issuing = pki.issuing;
  const authorities = pki.authorities();
  const seals: TrustListEntry[] = [];
  for (const entry of pki.issued()) {
    if (entry.role !== "seal" || !entry.department) continue;
    const cert = pki.certificateBySerial(entry.serial);
    // A seal signed by an earlier issuing CA cannot chain to the current one: it is left out, not listed broken.
    if (!cert || !(await cert.verify({ publicKey: issuing, signatureOnly: true }))) continue;
    const status = await pki.statusOf(entry.serial, now);
    if (status.status === "unknown") continue;
    const certDer = der(cert);
    seals.push({
      department: { code: entry.department.code, name: entry.department.name },
      kid: toBase64Url(await kidOf(certDer)),
      serial: entry.serial,
      certificate: toBase64(certDer),
      spki: toBase64(new Uint8Array(cert.publicKey.rawData)),
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      status: status.status,
      ...(status.status === "revoked"
        ? { revokedAt: status.revokedAt.toISOString(), revocationReason: status.reason }
        : {}),
      // The annotation seal signs annotated copies, never a licence: it vouches for no type.
      licenceTypes: entry.purpose === "annotation" ? [] : [...(authorities[entry.department.code] ?? [])],
    });
  }
  return {
    format: TRUST_LIST_FORMAT,
    sequence: pki.knownTrustListSequence(),
    issuedAt: issuedAt.toISOString(),
    nextUpdate: nextUpdate.toISOString(),
    issuer: {
      name: issuing.subjectName.getField("CN")[0] ?? issuing.subject,
      certificate: toBase64(der(issuing)),
    },
    signer: { certificate: toBase64(der(pki.trustListSigner)) },
    root: toBase64(der(pki.root)),
    seals,
  };
}

/** What the sequence numbers: everything but the list's times and its number. */
export async function trustListContentSha256(body: TrustListBody): Promise<string> {
  const { issuedAt: _i, nextUpdate: _n, sequence: _s, ...contents } = body;
  return toHex(await sha256(utf8(canonicalJson(contents))));
}

export async function buildTrustList(
  pki: TrustListPki,
  now: Date,
  options: BuildTrustListOptions = {},
): Promise<TrustList> {
  const unnumbered = await trustListBody(pki, now, options);
  const body: TrustListBody = {
    ...unnumbered,
    sequence: await pki.trustListSequence(await trustListContentSha256(unnumbered)),
  };
  const signer = pki.trustListSigner;
  // KeyHandle.sign hashes with SHA-256: ES256 for P-256, RS256 for RSA, the two key types the dev PKI issues.
  const kind = keyKindOf(new Uint8Array(signer.publicKey.rawData));
  if (kind !== "EC-P256" && kind !== "RSA")
    throw new Error(
      "the trust-list signer's key is neither ECDSA P-256 nor RSA: the trust list cannot be signed",
    );
  const alg = algorithmFor(kind);
  const signature = await signDetachedJws(
    utf8(canonicalJson(body)),
    { alg, "x5t#S256": toBase64Url(await sha256(der(signer))) },
    async (input) => {
      const sig = await pki.signTrustList(input);
      return alg === "RS256" ? sig : ecdsaDerToRaw(sig, 32);
    },
  );
  return { ...body, signature };
}
