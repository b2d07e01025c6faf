// An annotated copy (加注件) asked for over HTTP, by staff (routes/annotated-copy.ts) or by the holder themselves
// (routes/holder-documents.ts): the body, its checks and the signing, in one place. The note's purpose is the chosen
// service item's name from the catalogue (a typed one could rewrite the signed note's meaning); `admit` is the
// caller's own condition on the licence (the desk: only the applicant just looked up), checked before anything is made.
import { Type } from "typebox";
import type { LicenceSealer } from "@elicence/signer";
import type { DocumentStore } from "../documents/document-store.js";
import { RegistryError } from "../errors.js";
import type { LicenceRecord } from "../domain/licence.js";
import type {
  Actor,
  AnnotatedCopy,
  AnnotatedCopyMaker,
  LicenceService,
} from "../licences/licence-service.js";
import type { ServiceItems } from "../service-items/service-items.js";
import { annotationPurpose, itemMismatch } from "../service-items/annotation-purpose.js";

export interface AnnotatedCopyDeps {
  service: LicenceService;
  serviceItems: ServiceItems;
  sealer: LicenceSealer;
  documents: DocumentStore;
  clock: () => Date;
}

export interface AnnotatedCopyBody {
  serviceItem?: string;
  purpose?: string;
  validUntil?: string;
}

// Types only: serviceItem (here) and validUntil (in the service) are checked together, every problem at once;
// purpose is accepted by the schema only to be refused with a detail that says what to send instead.
export const AnnotatedCopyBodySchema = Type.Optional(
  Type.Object(
    {
      serviceItem: Type.Optional(Type.String({ maxLength: 200 })),
      purpose: Type.Optional(Type.String({ maxLength: 1000 })),
      validUntil: Type.Optional(Type.String({ maxLength: 40 })),
    },
    { additionalProperties: false },
  ),
);

export const ANNOTATED_COPY_RULES =
  "Body: serviceItem (required: a code from GET /api/v1/service-items; the note names the item as the catalogue words it, it is never typed; a free-text purpose is refused with REG_ANNOTATION_PURPOSE_RETIRED; an item whose required materials do not list the licence's type is refused with REG_SERVICE_ITEM_NOT_FOR_LICENCE) and validUntil (YYYY-MM-DD; default today + 30 days, not in the past, at most a year ahead, not after the licence's own validUntil). Every problem is listed at once (400). 409 REG_ILLEGAL_TRANSITION for a licence that is not valid, REG_DOCUMENT_PENDING before it is sealed, REG_ANNOTATION_NOT_PREPARED for a document sealed before annotated copies existed. The answer is the PDF; x-annotation-valid-until repeats the date.";

/** The signer's refusals that mean "not this document" or "no seal to sign with", not a bug. */
function signerRefusal(e: unknown, identifier: string): RegistryError | undefined {
  const code = e instanceof Error && "code" in e ? String(e.code) : "";
  if (code === "SIG_PREPARED_FIELD_MISSING" || code === "SIG_PREPARED_FIELD_SIGNED")
    return new RegistryError(
      "REG_ANNOTATION_NOT_PREPARED",
      `The sealed document of ${identifier} was made before annotated copies existed and has no field for the note; amend or renew the licence to get one that has.`,
    );
  if (code === "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE")
    return new RegistryError(
      "REG_SEAL_UNAVAILABLE",
      `${e instanceof Error ? e.message : ""} No annotated copy was made.`.trim(),
    );
  return undefined;
}

export type AnnotatedCopyRequester = (
  actor: Actor,
  identifier: string,
  body: AnnotatedCopyBody,
  admit: (record: LicenceRecord) => void,
) => Promise<AnnotatedCopy>;

export function annotatedCopyRequester(deps: AnnotatedCopyDeps): AnnotatedCopyRequester {
  const make: AnnotatedCopyMaker = async (record, note) => {
    const pdf = record.documentSha256 ? await deps.documents.get(record.documentSha256) : null;
    if (!pdf)
      throw new RegistryError(
        "REG_DOCUMENT_PENDING",
        `The sealed document of ${record.identifier} is not in this registry's document store.`,
      );
    try {
      const copy = await deps.sealer.annotate({
        pdf,
        identifier: record.identifier,
        purpose: note.purpose,
        validUntil: note.validUntil,
        now: deps.clock(),
      });
      return {
        bytes: copy.bytes,
        sha256: copy.sha256,
        signerSerial: copy.signer.certificateSerial,
        signerCertificateSha256: copy.signer.certificateSha256,
        signerDepartment: copy.signer.department.code,
        level: copy.level,
      };
    } catch (e) {
      throw signerRefusal(e, record.identifier) ?? e;
    }
  };

  return async (actor, identifier, body, admit) => {
    const chosen = annotationPurpose(deps.serviceItems, body);
    // Made only once the licence is known and admitted, and a request with a bad serviceItem (reported with the date
    // problems, all at once) makes nothing.
    // The item's own refusal, told apart by identity: RegistryError copies its details, so they cannot be compared.
    let itemRefusal: RegistryError | undefined;
    const guarded: AnnotatedCopyMaker = async (record, note) => {
      if (!chosen.ok) throw (itemRefusal = new RegistryError("REG_BAD_REQUEST", undefined, chosen.details));
      const mismatch = itemMismatch(chosen, record.typeCode);
      if (mismatch) throw new RegistryError("REG_BAD_REQUEST", undefined, [mismatch]);
      admit(record);
      return make(record, note);
    };
    try {
      return await deps.service.annotatedCopy(
        actor,
        identifier,
        // A well-formed stand-in when the item is bad, so the service still reports the date problems (readable
        // words: the service checks it like any purpose).
        { purpose: chosen.ok ? chosen.purpose : "stand-in", validUntil: body.validUntil },
        guarded,
      );
    } catch (e) {
      if (!chosen.ok && e instanceof RegistryError && e.code === "REG_BAD_REQUEST" && e !== itemRefusal)
        throw new RegistryError("REG_BAD_REQUEST", undefined, [...chosen.details, ...e.details]);
      throw e;
    }
  };
}
