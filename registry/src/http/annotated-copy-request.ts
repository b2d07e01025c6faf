// An annotated copy (加注件) asked for over HTTP, by staff (routes/annotated-copy.ts) or by the holder themselves
// (routes/holder-documents.ts): the body and its checks in one place; the signing is the signer adapter handed in as
// deps.make (signing/annotated-copy-maker.ts). The note's purpose is the chosen service item's name from the catalogue
// (a typed one could rewrite the signed note's meaning); `admit` is the caller's own condition on the licence (the
// desk: only the applicant just looked up), checked before anything is made.
import { Type } from "typebox";
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
  /** Makes the copy once it is admitted: the signer adapter (signing/annotated-copy-maker.ts). */
  make: AnnotatedCopyMaker;
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

export type AnnotatedCopyRequester = (
  actor: Actor,
  identifier: string,
  body: AnnotatedCopyBody,
  admit: (record: LicenceRecord) => void,
) => Promise<AnnotatedCopy>;

export function annotatedCopyRequester(deps: AnnotatedCopyDeps): AnnotatedCopyRequester {
  const { make } = deps;
  return async (actor, identifier, body, admit) => {
    const chosen = annotationPurpose(deps.serviceItems, body);
    // Made only once the licence is known and admitted, and a request with a bad serviceItem (reported with the date
    // problems, all at once) makes nothing.
    // The item's own refusal, told apart from the service's date problems by identity: RegistryError copies its
    // details, so comparing details arrays would merge the item's problems with themselves.
    const itemRefusal = new RegistryError("REG_BAD_REQUEST", undefined, chosen.ok ? [] : chosen.details);
    const guarded: AnnotatedCopyMaker = async (record, note) => {
      if (!chosen.ok) throw itemRefusal;
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
