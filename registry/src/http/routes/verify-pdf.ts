// POST /api/v1/verify/pdf: anyone uploads a licence PDF (multipart, part "file", at most 20 MiB) and gets the
// validation report. Parsing runs in a worker thread with time and memory limits; the registry answers the live
// questions (the licence's state and stored document hash, the seal's revocation) from its store and PKI.
import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import type { DevPki } from "@elicence/signer";
import {
  ValidationPool,
  type LiveStatusPort,
  type RevocationPort,
  type TrustListLike,
} from "@elicence/signer/validation/index.js";
import { RegistryError } from "../../errors.js";
import { chinaDate } from "@elicence/core/china-date.js";
import { standing } from "../../licences/in-force.js";
import type { Store } from "../../store/store.js";
import type { RateLimiter } from "../../status/rate-limiter.js";
import { rateLimitHook } from "../rate-limit-hook.js";
import type { Catalogue } from "../../catalogue/catalogue.js";
import { publicRecord, type PublicRecord } from "../../status/public-record.js";
import { statusFacts, statusView, type StatusView } from "../../status/status-facts.js";
import { identifierSha256 } from "@elicence/signer/qr-payload/identifier-digest.js";
import type { ValidationReport } from "@elicence/signer/validation/index.js";
import { DEFAULT_LIMITS } from "../../limits.js";

/** Default upload size (ELICENCE_VERIFY_PDF_MAX_SIZE, limits.ts). */
export const VERIFY_PDF_MAX_BYTES = DEFAULT_LIMITS.verifyPdfBytes;

/** Multipart framing around the file: boundaries, part headers. */
const ENVELOPE_BYTES = 64 * 1024;

export interface VerifyPdfDeps {
  store: Store;
  pki: DevPki;
  clock: () => Date;
  maxBytes?: number;
  /** Worker threads validating uploads (default 1). */
  workers?: number;
  /** Uploads per client address: each one costs a worker's parse and validation, so anyone could tie them up. */
  limiter: RateLimiter;
  /** The current verified trust list, when the registry has one to check seals against. */
  trustList?: () => Promise<TrustListLike | undefined>;
  /** Names the licence types of the public record added to a genuine document's report. */
  catalogue: Pick<Catalogue, "get">;
}

/** The report, and for a document that is what its department sealed, which licence it is and its state today. */
export type VerifyPdfAnswer = ValidationReport & { licence?: PublicRecord & { status: StatusView } };

/**
 * Which licence a genuine document is, as the status page would say it: the public record and today's status
 * (revoked with its date, replaced with the version in force). Only for a document whose signed bytes are intact,
 * whose seal is trusted and after which nothing unaccounted for follows: a forgery's claimed identifier never makes
 * the registry describe a real licence under it.
 */
export async function licenceOfDocument(
  report: ValidationReport,
  store: Pick<Store, "getLicence" | "statusByToken">,
  catalogue: Pick<Catalogue, "get">,
  now: Date,
): Promise<VerifyPdfAnswer["licence"]> {
  const a = report.answers;
  const genuine =
    a.intact && a.trusted && (a.coverage === "whole-file" || a.coverage === "permitted-updates");
  if (!genuine || !report.identifier) return undefined;
  const record = await store.getLicence(report.identifier);
  const row = record ? await store.statusByToken(record.publicToken) : null;
  if (!record || !row) return undefined;
  const facts = statusFacts(row, await identifierSha256(record.identifier));
  return { ...publicRecord(record, catalogue), status: statusView(facts, now) };
}

/** The registry's view of a licence for the validator: its standing today, forward link, stored document hash. */
export function liveStatusFromStore(store: Store, clock: () => Date): LiveStatusPort {
  return async (identifier) => {
    const r = await store.getLicence(identifier);
    if (!r) return null;
    // The same standing as the status API: a renewal made in advance names its successor only once it has taken
    // effect, and a version whose validity has not begun is never "01".
    const { state, status } = standing(r, chinaDate(clock()));
    return {
      state,
      documentSha256: r.documentSha256,
      supersededBy: status === "superseded" ? r.nextIdentifier : null,
      validUntil: r.validUntil,
      ...(status === "not-yet-in-force" ? { notYetInForce: true } : {}),
    };
  };
}

/** Revocation as the PKI knows it now (the validator judges it against the signing time). */
export function revocationFromPki(pki: DevPki, clock: () => Date): RevocationPort {
  return (c) => pki.statusOf(c.serialNumber, clock());
}

function fileRequired(message: string): RegistryError {
  return new RegistryError("REG_BAD_REQUEST", undefined, [
    { field: "file", code: "REG_FIELD_REQUIRED", message },
  ]);
}

export async function verifyPdfRoutes(app: FastifyInstance, deps: VerifyPdfDeps): Promise<void> {
  const maxBytes = deps.maxBytes ?? VERIFY_PDF_MAX_BYTES;
  const pool = new ValidationPool({ size: deps.workers ?? 1, limits: { maxBytes } });
  app.addHook("onClose", async () => pool.close());
  const liveStatus = liveStatusFromStore(deps.store, deps.clock);
  const revocation = revocationFromPki(deps.pki, deps.clock);
  const tooLarge = () =>
    new RegistryError(
      "REG_PAYLOAD_TOO_LARGE",
      `A licence PDF is at most ${Math.round(maxBytes / 1024 / 1024)} MiB; this upload is larger and was not examined.`,
    );

  // Multipart parsing only where uploads are expected.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 5 },
    });
    scope.post(
      "/api/v1/verify/pdf",
      {
        config: { permission: "public" },
        onRequest: [
          rateLimitHook(deps.limiter, deps.clock, "PDF uploads"),
          // Refuse a declared oversize body before reading any of it.
          async (req) => {
            const declared = Number(req.headers["content-length"]);
            if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) throw tooLarge();
          },
        ],
        schema: {
          tags: ["verification"],
          summary:
            "Validate a sealed licence PDF (multipart/form-data, part named file, ≤ 20 MiB); limited per client address (429 REG_RATE_LIMITED with Retry-After)",
          description:
            "Returns the validation report: verdict TOTAL-PASSED | TOTAL-FAILED | INDETERMINATE, one check per rule with a VER_PDF_ reason code and messages in Chinese and English, and the registry's live status of the licence.",
          consumes: ["multipart/form-data"],
        },
      },
      async (req) => {
        if (!req.isMultipart())
          throw fileRequired("send the PDF as multipart/form-data in a part named file");
        let bytes: Buffer;
        try {
          const part = await req.file();
          if (!part || part.fieldname !== "file") {
            part?.file.resume();
            throw fileRequired("the PDF (a part named file) is missing");
          }
          bytes = await part.toBuffer();
        } catch (e) {
          if (e instanceof RegistryError) throw e;
          if ((e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
          throw e;
        }
        if (bytes.length === 0) throw fileRequired("the uploaded file is empty");
        const trustList = await deps.trustList?.();
        const report = await pool.validate(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
          trust: { rootDer: new Uint8Array(deps.pki.root.rawData), ...(trustList ? { trustList } : {}) },
          now: deps.clock(),
          liveStatus,
          revocation,
          limits: { maxBytes },
        });
        const licence = await licenceOfDocument(report, deps.store, deps.catalogue, deps.clock());
        const answer: VerifyPdfAnswer = licence ? { ...report, licence } : report;
        return answer;
      },
    );
  });
}
