// TypeBox schemas shared by the routes: request bodies, the licence view, the error body.
import { Type } from "typebox";

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
      }),
    ),
  },
  {
    $id: "ErrorBody",
    description: "Every error: a stable code, a message saying what to do, and every field problem at once.",
  },
);

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
} as const;

const DateString = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });
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
    stateName: Type.Object({ zh: Type.String(), en: Type.String() }),
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

const Reason = Type.String({ minLength: 1, maxLength: 500, description: "Why; recorded with the change" });

export const IssueBody = Type.Object(
  {
    typeCode: Type.String({ minLength: 1, maxLength: 64 }),
    // Lengths and dates are checked by the service so that they are reported together with the code and field problems.
    holder: Type.Object(
      { name: Type.String({ maxLength: 1000 }), code: Type.String({ maxLength: 200 }) },
      { additionalProperties: false },
    ),
    validFrom: Type.Optional(Type.String({ maxLength: 40 })),
    validUntil: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    fields: Fields,
    provenance: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal("born-digital") }, { additionalProperties: false }),
        Type.Object(
          {
            kind: Type.Literal("paper"),
            paperNumber: Type.String({ minLength: 1, maxLength: 100 }),
            scanSha256: Type.Optional(Type.String()),
            convertedOn: Type.Optional(DateString),
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
    holder: Type.Optional(
      Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
    ),
    fields: Type.Optional(Fields),
    validUntil: Type.Optional(Type.Union([DateString, Type.Null()])),
  },
  { additionalProperties: false },
);
export const RenewBody = Type.Object(
  {
    reason: Reason,
    validFrom: Type.Optional(DateString),
    validUntil: Type.Optional(Type.Union([DateString, Type.Null()])),
  },
  { additionalProperties: false },
);

export const Purpose = Type.String({
  minLength: 1,
  maxLength: 200,
  description: "用证事由: why the data is looked up (1–200 characters)",
});

/** Exactly one of serviceItem and required: checked by the route, so that it is reported with the other problems. */
export const MaterialsBody = Type.Object(
  {
    holderCode: Type.String({ minLength: 1, maxLength: 64 }),
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
