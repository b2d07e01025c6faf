// TypeBox schemas shared by the routes: request bodies, the licence view, the error body.
// Values a rule of the domain judges (holder names, dates, holder codes, licence identifiers, purposes, reasons) are
// only bounded here, by the rule's own constants, so that the rule answers — with the same code on every route and in
// the register import, and together with the other problems of the request.
import { Type } from "typebox";
import {
  HOLDER_CODE_SCHEMA_MAX_LENGTH,
  LICENCE_IDENTIFIER_SCHEMA_MAX_LENGTH,
} from "../licences/licence-access.js";
import { REASON_MAX_LENGTH } from "../licences/replace-licences.js";
import { HOLDER_NAME_SCHEMA_MAX_LENGTH } from "../licences/rules/holder-name.js";
import { DATE_SCHEMA_MAX_LENGTH } from "../licences/rules/validity.js";
import { PURPOSE_MAX_LENGTH, PURPOSE_SCHEMA_MAX_LENGTH } from "../domain/purpose.js";

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        field: Type.String(),
        code: Type.String(),
        message: Type.String(),
        suggestion: Type.Optional(Type.String()),
        candidates: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  },
  {
    $id: "ErrorBody",
    description: "Every error: a stable code, a message saying what to do, and every field problem at once.",
  },
);

/** A text in Chinese and English (core's Bilingual): no $id, so each use stays inline in the OpenAPI document. */
export const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
} as const;

/** A date, YYYY-MM-DD: checked by rules/validity.ts (REG_DATE_INVALID, REG_VALIDITY_REVERSED). */
const DateText = Type.String({ maxLength: DATE_SCHEMA_MAX_LENGTH, description: "YYYY-MM-DD" });
/** A holder's name: checked by rules/holder-name.ts (REG_HOLDER_NAME_REQUIRED, REG_HOLDER_NAME_TOO_LONG). */
const HolderName = Type.String({ maxLength: HOLDER_NAME_SCHEMA_MAX_LENGTH });
/** A citizen ID number or credit code: checked by the identifiers (licence-access.ts holderCodeOf). */
export const HolderCodeText = Type.String({
  maxLength: HOLDER_CODE_SCHEMA_MAX_LENGTH,
  description: "Citizen ID number or credit code",
});
/** :identifier in a URL: a malformed one answers the identifier's own error (licence-access.ts). */
export const LicenceIdentifierParams = Type.Object({
  identifier: Type.String({ minLength: 1, maxLength: LICENCE_IDENTIFIER_SCHEMA_MAX_LENGTH }),
});
/** :code in a URL: a holder's citizen ID number or credit code. */
export const HolderCodeParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: HOLDER_CODE_SCHEMA_MAX_LENGTH }),
});
const Fields = Type.Record(Type.String(), Type.Unknown(), {
  description: "Type fields, as the licence type's schema defines them",
});

export const LicenceView = Type.Object(
  {
    identifier: Type.String({ description: "GB/T 36904 licence identifier" }),
    typeCode: Type.String(),
    typeName: Type.String(),
    version: Type.String({ description: "three digits" }),
    state: Type.String({
      description:
        "two-digit state code: 01 valid, 02 suspended, 03 cancelled, 04 deregistered, 05 expired, 06 transferred out, 07 revoked, 99 other",
    }),
    stateName: Bilingual,
    stateText: Type.Optional(Type.String()),
    superseded: Type.Boolean(),
    holder: Type.Object({
      name: Type.String(),
      code: Type.String(),
      codeType: Type.String(),
      masked: Type.Boolean(),
    }),
    issuer: Type.Object({ name: Type.String(), code: Type.String() }),
    issuedOn: Type.String(),
    validFrom: Type.String(),
    validUntil: Type.Union([Type.String(), Type.Null()]),
    longTerm: Type.Boolean(),
    previousIdentifier: Type.Union([Type.String(), Type.Null()]),
    nextIdentifier: Type.Union([Type.String(), Type.Null()]),
    fields: Fields,
    provenance: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    documentSha256: Type.Union([Type.String(), Type.Null()]),
    document: Type.Object(
      {
        state: Type.Union(
          [Type.Literal("sealed"), Type.Literal("pending"), Type.Literal("retrying"), Type.Literal("parked")],
          {
            description:
              "sealed; pending (background sealing will seal it); retrying (sealing failed, tried again at retryAt); parked (sealing gave up: see reason, then amend the licence or fix the cause and restart the registry)",
          },
        ),
        attempts: Type.Optional(Type.Integer()),
        reason: Type.Optional(
          Type.Object({ code: Type.String(), message: Type.String() }, { description: "the last failure" }),
        ),
        retryAt: Type.Optional(Type.String()),
        parkedAt: Type.Optional(Type.String()),
      },
      { description: "The sealed PDF's state" },
    ),
    publicToken: Type.Optional(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: "LicenceView" },
);

// No minLength: an empty reason is REG_REASON_REQUIRED (replace-licences.ts), like a blank one.
const Reason = Type.String({ maxLength: REASON_MAX_LENGTH, description: "Why; recorded with the change" });

export const IssueBody = Type.Object(
  {
    typeCode: Type.String({ minLength: 1, maxLength: 64 }),
    holder: Type.Object({ name: HolderName, code: HolderCodeText }, { additionalProperties: false }),
    validFrom: Type.Optional(DateText),
    validUntil: Type.Optional(Type.Union([DateText, Type.Null()])),
    fields: Fields,
    provenance: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal("born-digital") }, { additionalProperties: false }),
        Type.Object(
          {
            kind: Type.Literal("paper"),
            paperNumber: Type.String({ minLength: 1, maxLength: 100 }),
            scanSha256: Type.Optional(Type.String()),
            convertedOn: Type.Optional(DateText),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
  },
  { additionalProperties: false },
);

// Types only: the reason code and the note are checked together (transition-reasons.ts), every problem at once.
export const TransitionBody = Type.Object(
  {
    reason: Type.String({
      maxLength: 100,
      description:
        "A reason code: revoked-by-law, permit-withdrawn, holder-request, holder-ceased, wrong-information, licence-lost, rectification-ordered, rectified, other (public; the page words it)",
    }),
    note: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: "Internal note (≤ 500 characters): issuers and auditors read it; never public",
      }),
    ),
  },
  { additionalProperties: false },
);
export const AmendBody = Type.Object(
  {
    reason: Reason,
    holder: Type.Optional(Type.Object({ name: HolderName }, { additionalProperties: false })),
    fields: Type.Optional(Fields),
    validUntil: Type.Optional(Type.Union([DateText, Type.Null()])),
  },
  { additionalProperties: false },
);
export const RenewBody = Type.Object(
  {
    reason: Reason,
    validFrom: Type.Optional(DateText),
    validUntil: Type.Optional(Type.Union([DateText, Type.Null()])),
  },
  { additionalProperties: false },
);

/** Checked by requirePurpose (REG_PURPOSE_REQUIRED, with a detail saying what is wrong), like ?purpose= on a read. */
export const Purpose = Type.String({
  maxLength: PURPOSE_SCHEMA_MAX_LENGTH,
  description: `用证事由: why the data is looked up (1–${PURPOSE_MAX_LENGTH} characters)`,
});

/** Exactly one of serviceItem and required: checked by the route, so that it is reported with the other problems. */
export const MaterialsBody = Type.Object(
  {
    holderCode: HolderCodeText,
    purpose: Purpose,
    serviceItem: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "A code from GET /api/v1/service-items" }),
    ),
    required: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        minItems: 1,
        maxItems: 100,
        description: "Licence type codes, when no service item fits",
      }),
    ),
  },
  { additionalProperties: false },
);
