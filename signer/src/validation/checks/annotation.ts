// The annotated copy (加注件): an approval signature filling the field prepared at sealing, whose note limits the
// copy to a purpose and a period. Checked like the seal (ByteRange, CMS, ESS, timestamp, chain, trust list), plus:
// nothing but PAdES-permitted data after it, a signer allowed to annotate (the registry's annotation seal, by its
// certificate policy, or the issuing department), signed facts that name this licence, and the period not over.
import { createHash } from "node:crypto";
import { ANNOTATION_DICT_KEY, MAX_PURPOSE_LENGTH } from "../../pades/annotation-facts.js";
import { chinaDate, isIsoDate } from "@elicence/core";
import { OID as PKI_OID } from "../../pki/oids.js";
import { fragment, invalid, isResourceProblem, skipped, valid } from "../check.js";
import { certificates, type Cert } from "../crypto/certificates.js";
import { FormatProblem, type Budget } from "../limits.js";
import { textOf } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import { sealSignature, type FoundSignature, type SealSignature } from "../pdf/signatures.js";
import type { ReasonCode } from "../reason-codes.js";
import type { Check, TrustListLike } from "../types.js";
import { checkByteRange } from "./byte-range.js";
import { checkChain, checkDigest, checkSignature, checkSigningCertificate, readCms } from "./cms-checks.js";
import { issuerOf, trustListEntry } from "./identity.js";
import type { RevocationInput } from "./revocation.js";
import { checkRevisions } from "./revisions.js";
import { checkTimestamp } from "./timestamp.js";

export interface AnnotationInput {
  file: PdfFile;
  /** Every filled signature field, as findSignatures returns them. */
  signatures: readonly FoundSignature[];
  seal: SealSignature;
  /** The licence identifier of the sealed revision. */
  identifier: string | undefined;
  root: Cert;
  trustList: TrustListLike | undefined;
  /** Certificates of the DSS, which may complete a chain. */
  dssCerts: readonly Cert[];
  now: Date;
  budget: Budget;
}

/** What the report says of one annotation. */
export interface AnnotationData {
  purpose: string;
  validUntil: string;
  identifier: string;
  signer: {
    name: string | null;
    /** The USCC of the signer's organizationIdentifier (NTRCN-…). */
    code: string | null;
    serial: string;
    /** "platform": the registry's annotation seal; "issuer": the department that issued the licence. */
    role: "platform" | "issuer";
  };
  signedAt: string;
  timeSource: "timestamp" | "validation-time";
  /** Revision of the file (1 = the original document) the annotation's signature covers. */
  signedRevision: number;
  expired: boolean;
}

export interface AnnotationOutcome {
  check: Check;
  /**
   * SHA-256 of the file as it was before the first annotation, with and without the line end that may separate the
   * revisions: the registry's stored document hash must be one of them. Only when every annotation checked out.
   */
  originalSha256?: string[];
  /** The annotations' signers, for revocation in phase 2 (nothing but the signer: its CAs are the seal's). */
  revocation?: RevocationInput[];
}

type One =
  | { ok: true; data: AnnotationData; signedRevision: number; revocation: RevocationInput }
  | { ok: false; check: Check };

const fail = (code: ReasonCode, data: Record<string, unknown>): One => ({
  ok: false,
  check: invalid("annotation", code, data),
});

/** Anything that keeps a signature from verifying, named by the code the seal's own check would have used. */
const broken = (sub: Check, data: Record<string, unknown>): One =>
  fail("VER_PDF_ANNOTATION_SIGNATURE_INVALID", { ...data, detail: sub.reason.code });

/** Revoked before the note was signed, or for a reason that taints every signature of the key. */
const COMPROMISE = new Set(["keyCompromise", "cACompromise", "aACompromise", "unspecified"]);

function uscc(cert: Cert): string | null {
  const id = cert.organizationIdentifier;
  if (!id) return null;
  return id.includes("-") ? id.slice(id.lastIndexOf("-") + 1) : id;
}

function facts(
  file: PdfFile,
  sig: SealSignature,
): { purpose: string; validUntil: string; identifier: string } | string {
  const d = file.dict(sig.dict.get(ANNOTATION_DICT_KEY));
  if (!d) return `the signature has no /${ANNOTATION_DICT_KEY} dictionary`;
  const purpose = textOf(d.get("Purpose"))?.trim() ?? "";
  const validUntil = textOf(d.get("ValidUntil")) ?? "";
  const identifier = textOf(d.get("Identifier")) ?? "";
  if (purpose.length === 0 || purpose.length > MAX_PURPOSE_LENGTH)
    return `the purpose must be 1–${MAX_PURPOSE_LENGTH} characters`;
  if (!isIsoDate(validUntil)) return "the valid-until date is not a date written YYYY-MM-DD";
  if (identifier === "") return "the annotation names no licence";
  return { purpose, validUntil, identifier };
}

function checkOne(input: AnnotationInput, found: FoundSignature): One {
  const { file } = input;
  const where = { field: found.fieldRef ? `${found.fieldRef.num} ${found.fieldRef.gen} R` : null };
  let sig: SealSignature;
  try {
    sig = sealSignature(file, [found]);
  } catch (e) {
    if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
    return fail("VER_PDF_ANNOTATION_MALFORMED", { ...where, detail: e.code });
  }
  const br = checkByteRange(file, sig);
  if (!br.byteRange || br.signedRevision === undefined) return broken(br.check, where);
  const signedRevision = br.signedRevision;
  // After the annotation, the same rule as after the seal: validation data and document timestamps only.
  if (signedRevision !== file.last) {
    const after = checkRevisions(file, signedRevision, sig.sigRef, input.budget);
    if (after.check.status !== "VALID" || after.filledFields > 0)
      return fail("VER_PDF_ANNOTATION_MODIFIED", {
        ...where,
        detail: after.check.reason.code,
        findings: (after.check.data as { findings?: unknown } | undefined)?.findings ?? [],
      });
  }
  const cms = readCms(file.bytes, br.byteRange);
  if (!("signedData" in cms)) return broken(cms, where);
  const digest = checkDigest(file.bytes, br.byteRange, cms);
  if (digest.status !== "VALID") return broken(digest, where);
  const pool = [...certificates(cms.signedData.certificates), ...input.dssCerts];
  const signature = checkSignature(cms, pool);
  const cert = signature.signerCert;
  if (signature.check.status !== "VALID" || !cert) return broken(signature.check, where);
  const ess = checkSigningCertificate(cms, cert);
  if (ess.status !== "VALID") return broken(ess, where);

  const ts = checkTimestamp(cms.signer, pool, input.root, input.now);
  if (ts.check.status === "INVALID") return broken(ts.check, where);
  const signingTime = ts.genTime ?? input.now;
  const timeSource = ts.genTime ? "timestamp" : "validation-time";
  const signer = { name: cert.commonName ?? null, code: uscc(cert), serial: cert.serial };
  const who = { ...where, signer };

  const chain = checkChain(cert, pool, input.root, signingTime, timeSource);
  if (chain.check.status !== "VALID" || !chain.path)
    return fail("VER_PDF_ANNOTATION_SIGNER_UNTRUSTED", { ...who, detail: chain.check.reason.code });
  if (input.trustList) {
    const entry = trustListEntry(input.trustList, cert);
    if (!entry) return fail("VER_PDF_ANNOTATION_SIGNER_NOT_LISTED", who);
    if (entry.status === "revoked") {
      const at = entry.revokedAt ? new Date(entry.revokedAt) : undefined;
      const before = !at || Number.isNaN(at.getTime()) || at.getTime() <= signingTime.getTime();
      if (before || COMPROMISE.has(entry.revocationReason ?? "unspecified"))
        return fail("VER_PDF_ANNOTATION_SIGNER_REVOKED", {
          ...who,
          source: "trust-list",
          revokedAt: entry.revokedAt ?? null,
          revocationReason: entry.revocationReason ?? null,
        });
    }
  }
  const licenceIssuer = input.identifier ? issuerOf(input.identifier) : undefined;
  const role = cert.policies?.includes(PKI_OID.annotationSealPolicy)
    ? "platform"
    : licenceIssuer !== undefined && signer.code === licenceIssuer
      ? "issuer"
      : undefined;
  if (!role) return fail("VER_PDF_ANNOTATION_SIGNER_NOT_AUTHORISED", who);

  const f = facts(file, sig);
  if (typeof f === "string") return fail("VER_PDF_ANNOTATION_MALFORMED", { ...who, detail: f });
  if (input.identifier !== undefined && f.identifier !== input.identifier)
    return fail("VER_PDF_ANNOTATION_MALFORMED", {
      ...who,
      detail: `the annotation names licence ${f.identifier}, the document is ${input.identifier}`,
    });
  const issuer = chain.path[1];
  return {
    ok: true,
    signedRevision,
    data: {
      ...f,
      signer: { ...signer, role },
      signedAt: signingTime.toISOString(),
      timeSource,
      signedRevision: signedRevision + 1,
      expired: chinaDate(input.now) > f.validUntil,
    },
    revocation: {
      seal: { serialNumber: cert.serial, der: cert.der, ...(issuer ? { issuerDer: issuer.der } : {}) },
      cas: [],
      signingTime: signingTime.toISOString(),
      timeSource,
      facts: [],
    },
  };
}

function sha256(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

/** The file before revision `rev` was appended, with and without the end-of-line after its %%EOF. */
function originalHashes(file: PdfFile, rev: number): string[] {
  const end = file.revisions[rev - 1]?.end;
  if (end === undefined) return [];
  const out = [sha256(file.bytes.subarray(0, end))];
  const tail = file.buf.subarray(end, end + 2).toString("latin1");
  const eol = tail.startsWith("\r\n") ? 2 : tail.startsWith("\n") || tail.startsWith("\r") ? 1 : 0;
  if (eol > 0) out.push(sha256(file.bytes.subarray(0, end + eol)));
  return out;
}

export function checkAnnotations(input: AnnotationInput): AnnotationOutcome {
  const approvals = input.signatures.filter(
    (s) =>
      s.type === "Sig" && !(s.sigRef.num === input.seal.sigRef.num && s.sigRef.gen === input.seal.sigRef.gen),
  );
  if (approvals.length === 0) return { check: skipped("annotation", "VER_PDF_ANNOTATION_ABSENT") };
  const done: Array<Extract<One, { ok: true }>> = [];
  for (const found of approvals) {
    const one = checkOne(input, found);
    if (!one.ok) return { check: one.check };
    done.push(one);
  }
  const annotations = done.map((d) => d.data);
  const first = done.reduce((a, b) => (b.signedRevision < a.signedRevision ? b : a));
  const outcome = {
    originalSha256: originalHashes(input.file, first.signedRevision),
    revocation: done.map((d) => d.revocation),
  };
  const expired = annotations.find((a) => a.expired);
  if (expired)
    return {
      ...outcome,
      check: fragment("annotation", "INVALID", "VER_PDF_ANNOTATION_EXPIRED", { annotations }, "usage"),
    };
  return { ...outcome, check: valid("annotation", "VER_PDF_ANNOTATION_OK", { annotations }) };
}
