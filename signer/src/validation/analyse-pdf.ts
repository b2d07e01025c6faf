// Phase 1 of a validation: everything that needs only the bytes, the trust anchors and the time — parsing, the
// ByteRange, revisions, DocMDP, the CMS, the chain, the timestamp, embedded revocation data and an annotated copy's note. Synchronous and
// self-contained so it can run in a worker thread; its result is structured-cloneable.
import { createHash } from "node:crypto";
import { fragment, fromError, invalid, isResourceProblem, skipped, valid } from "./check.js";
import { Budget, FormatProblem } from "./limits.js";
import { certificate, certificates, type Cert } from "./crypto/certificates.js";
import { embeddedStatus } from "./crypto/embedded-revocation.js";
import { checkAnnotations } from "./checks/annotation.js";
import { checkByteRange } from "./checks/byte-range.js";
import {
  checkChain,
  checkDigest,
  checkSignature,
  checkSigningCertificate,
  readCms,
} from "./checks/cms-checks.js";
import { checkDocMdp } from "./checks/docmdp.js";
import { checkSealIssuer, checkTrustList, identifierFrom, trustListEntry } from "./checks/identity.js";
import type { RevocationFact, RevocationInput } from "./checks/revocation.js";
import { checkRevisions } from "./checks/revisions.js";
import { checkDocTimestamps, type DocTimestampsResult } from "./checks/doc-timestamp.js";
import { checkTimestamp } from "./checks/timestamp.js";
import { PRef, PStream } from "./pdf/objects.js";
import { PdfFile } from "./pdf/pdf-file.js";
import { findSignatures, sealSignature, type FoundSignature, type SealSignature } from "./pdf/signatures.js";
import {
  CHECK_NAMES,
  type Answers,
  type Check,
  type CheckName,
  type TrustListLike,
  type ValidationLimits,
} from "./types.js";

export interface PdfAnalysis {
  /** Every check in CHECK_NAMES order; revocation and the registry checks are completed in phase 2. */
  checks: Check[];
  identifier?: string;
  sha256?: string;
  coverage: Answers["coverage"];
  revocation?: RevocationInput;
  /**
   * For an annotated copy whose annotation checked out: SHA-256 of the document before the annotation (the registry
   * stores the hash of that, not of the copy), in the forms a line end between revisions allows.
   */
  originalSha256?: string[];
  /** The annotations' signers, whose revocation phase 2 asks about. */
  annotationRevocation?: RevocationInput[];
}

export interface AnalysisTrust {
  rootDer: Uint8Array;
  trustList?: TrustListLike;
}

/** Embedded revocation data older than this before the signing time says nothing about the signing time. */
const EMBEDDED_FRESHNESS_MS = 24 * 3600_000;

interface DssData {
  certs: Cert[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
}

function dssOf(file: PdfFile): DssData {
  const out: DssData = { certs: [], crls: [], ocsps: [] };
  const catalog = file.dict(file.revisions[file.last]?.trailer.get("Root"));
  const dss = file.dict(catalog?.get("DSS"));
  if (!dss) return out;
  const streams = (key: string): Uint8Array[] => {
    const list = file.resolve(dss.get(key));
    if (!Array.isArray(list)) return [];
    const found: Uint8Array[] = [];
    for (const item of list.slice(0, 64)) {
      if (!(item instanceof PRef)) continue;
      const located = file.object(item);
      if (!located || !(located.value instanceof PStream)) continue;
      try {
        found.push(file.streamData(located.value, located));
      } catch (e) {
        if (isResourceProblem(e)) throw e;
      }
    }
    return found;
  };
  out.certs = certificates(streams("Certs"));
  out.crls = streams("CRLs");
  out.ocsps = streams("OCSPs");
  return out;
}

const certRef = (c: Cert, issuer?: Cert) => ({
  serialNumber: c.serial,
  der: c.der,
  ...(issuer ? { issuerDer: issuer.der } : {}),
});

/**
 * The timestamp check covers the document timestamps too: the first one that does not verify fails it (whatever the
 * signature timestamp said); verified ones are listed in its data.
 */
function withDocTimestamps(check: Check, docs: DocTimestampsResult): Check {
  if (check.status === "INVALID") return check;
  if (docs.failure) return invalid("timestamp", docs.failure.code, docs.failure.data);
  if (docs.verified.length === 0) return check;
  return {
    ...check,
    data: { ...(check.data as Record<string, unknown> | undefined), documentTimestamps: docs.verified },
  };
}

export function analysePdf(
  bytes: Uint8Array,
  trust: AnalysisTrust,
  now: Date,
  limits: ValidationLimits,
): PdfAnalysis {
  const checks = new Map<CheckName, Check>();
  const result: PdfAnalysis = { checks: [], coverage: "unknown" };
  let current: CheckName = "size";
  const put = (c: Check) => checks.set(c.name, c);
  const budget = new Budget(limits);
  try {
    if (bytes.length === 0) put(invalid("size", "VER_PDF_EMPTY"));
    else if (bytes.length > limits.maxBytes)
      put(invalid("size", "VER_PDF_TOO_LARGE", { bytes: bytes.length, limit: limits.maxBytes }));
    else put(valid("size", "VER_PDF_SIZE_OK", { bytes: bytes.length }));
    if (checks.get("size")?.status !== "VALID") return finish();
    result.sha256 = createHash("sha256").update(bytes).digest("hex");

    current = "structure";
    let file: PdfFile;
    try {
      file = PdfFile.open(bytes, budget);
      const objects = file.readAll();
      put(valid("structure", "VER_PDF_STRUCTURE_OK", { revisions: file.revisions.length, objects }));
    } catch (e) {
      put(fromError("structure", e));
      return finish();
    }
    const id0 = identifierFrom(file, 0);
    if (id0) result.identifier = id0;

    current = "signature-dictionary";
    let seal: SealSignature;
    let signatureCount = 0;
    let all: FoundSignature[] = [];
    try {
      all = findSignatures(file);
      signatureCount = all.length;
      seal = sealSignature(file, all);
      put(
        valid("signature-dictionary", "VER_PDF_SIGNATURE_FOUND", {
          signatures: signatureCount,
          subFilter: seal.subFilter,
          ...(seal.m ? { m: seal.m } : {}),
        }),
      );
    } catch (e) {
      put(fromError("signature-dictionary", e));
      return finish();
    }

    current = "byte-range";
    const br = checkByteRange(file, seal);
    put(br.check);
    if (!br.byteRange || br.signedRevision === undefined) return finish();
    const signedRevision = br.signedRevision;
    const id = identifierFrom(file, signedRevision);
    if (id) result.identifier = id;
    else delete result.identifier;

    current = "revisions";
    let after = { filledFields: 0, docTimestamps: 0 };
    try {
      const r = checkRevisions(file, signedRevision, seal.sigRef, budget);
      put(r.check);
      result.coverage = r.coverage;
      after = r;
    } catch (e) {
      put(fromError("revisions", e));
      result.coverage = "not-covered";
    }

    current = "docmdp";
    try {
      put(checkDocMdp(file, seal, signedRevision, after));
    } catch (e) {
      put(fromError("docmdp", e));
    }

    current = "cms-digest";
    const cms = readCms(bytes, br.byteRange);
    if (!("signedData" in cms)) {
      put(cms);
      return finish();
    }
    put(checkDigest(bytes, br.byteRange, cms));

    current = "cms-signature";
    let dss: DssData = { certs: [], crls: [], ocsps: [] };
    try {
      dss = dssOf(file);
    } catch (e) {
      if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
    }
    const pool = [...certificates(cms.signedData.certificates), ...dss.certs];
    const sig = checkSignature(cms, pool);
    put(sig.check);
    const signerCert = sig.signerCert;
    if (!signerCert) return finish();

    current = "signing-certificate";
    put(checkSigningCertificate(cms, signerCert));

    current = "timestamp";
    let root: Cert;
    try {
      root = certificate(trust.rootDer);
    } catch {
      put(
        fragment("chain", "ERROR", "VER_PDF_CHECK_FAILED", {
          detail: "the trust root given is not a certificate",
        }),
      );
      return finish();
    }
    const ts = checkTimestamp(cms.signer, pool, root, now);
    put(withDocTimestamps(ts.check, checkDocTimestamps(file, all, pool, root, now)));
    const signingTime = ts.genTime ?? now;
    const timeSource = ts.genTime ? "timestamp" : "validation-time";

    current = "chain";
    const chain = checkChain(signerCert, pool, root, signingTime, timeSource);
    put(chain.check);

    current = "trust-list";
    put(checkTrustList(trust.trustList, signerCert));

    current = "seal-issuer";
    put(checkSealIssuer(result.identifier, signerCert, trust.trustList));

    current = "revocation";
    if (chain.path) {
      const issuer = chain.path[1];
      const facts: RevocationFact[] = [];
      const listed = trustListEntry(trust.trustList, signerCert);
      if (listed)
        facts.push({
          source: "trust-list",
          status: listed.status === "revoked" ? "revoked" : "good",
          ...(listed.revokedAt ? { revokedAt: listed.revokedAt } : {}),
          ...(listed.revocationReason ? { reason: listed.revocationReason } : {}),
        });
      if (issuer) {
        const embedded = embeddedStatus(signerCert, issuer, { ...dss, certs: [...pool] });
        const fresh =
          embedded &&
          (embedded.status === "revoked" ||
            embedded.issuedAt.getTime() >= signingTime.getTime() - EMBEDDED_FRESHNESS_MS);
        if (embedded && fresh)
          facts.push({
            source: embedded.source === "ocsp" ? "embedded-ocsp" : "embedded-crl",
            status: embedded.status,
            ...(embedded.revokedAt ? { revokedAt: embedded.revokedAt.toISOString() } : {}),
            ...(embedded.reason ? { reason: embedded.reason } : {}),
          });
      }
      result.revocation = {
        seal: certRef(signerCert, issuer),
        cas: chain.path.slice(1, -1).map((c, i) => certRef(c, chain.path?.[i + 2])),
        signingTime: signingTime.toISOString(),
        timeSource,
        facts,
      };
    }

    current = "annotation";
    const annotation = checkAnnotations({
      file,
      signatures: all,
      seal,
      identifier: result.identifier,
      root,
      trustList: trust.trustList,
      dssCerts: dss.certs,
      now,
      budget,
    });
    put(annotation.check);
    if (annotation.originalSha256) result.originalSha256 = annotation.originalSha256;
    if (annotation.revocation) result.annotationRevocation = annotation.revocation;
    return finish();
  } catch (e) {
    if (isResourceProblem(e)) {
      put(fragment(current, "ERROR", e.code, { detail: e.message }));
      return finish();
    }
    put(fromError(current, e));
    return finish();
  }

  function finish(): PdfAnalysis {
    result.checks = CHECK_NAMES.map((name) => {
      const c = checks.get(name);
      if (c) return c;
      if (name === "licence-status" || name === "document-hash")
        return skipped(name, "VER_PDF_LIVE_STATUS_NOT_REQUESTED");
      return skipped(name);
    });
    return result;
  }
}
