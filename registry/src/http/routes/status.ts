// The public live status of a licence version, by the token its QR code carries: state, version, successor,
// validity and the time of the answer, never personal data. Rate-limited per client address (429 REG_RATE_LIMITED).
// A fastify plugin with the trust list (the verification side a verifier reads): app.ts registers it with what
// status/live-status.ts provides (the status service with its cache, the rate limiter), so status/ holds no HTTP.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { Bilingual, ErrorBody } from "../schemas.js";
import type { StatusService } from "../../status/status-service.js";
import { STATUS_CODES } from "../../status/status-codes.js";
import type { RateLimiter } from "../../status/rate-limiter.js";
import { rateLimitHook } from "../rate-limit-hook.js";
import type { PublicRecord } from "../../status/public-record.js";
import type { TrustListPublisher } from "../../status/trust-list-publisher.js";
import { trustListRoutes } from "./trust-list.js";

export interface StatusPluginOptions {
  status: StatusService;
  /** Counts requests per client (in process, or in Redis shared by every process). */
  limiter: RateLimiter;
  clock: () => Date;
  /** Which licence a token names, as far as it is public (type, department, holder, publicFields). */
  publicRecord: (token: string) => Promise<(PublicRecord & { identifierSha256: string }) | null>;
  /** The signed trust list, served beside the status (offline QR verification). */
  trustList: TrustListPublisher;
}

// The response schema is also a filter: fastify serialises only these members, so nothing else can leak out.
const StatusBody = Type.Object({
  state: Type.String({
    description:
      "two-digit state code (05 when the validity has ended, swept or not; 99 when superseded or not yet in force)",
  }),
  status: Type.Union(
    // Written out (not mapped from a list) so that the type provider knows each value.
    [
      Type.Literal("valid"),
      Type.Literal("not-yet-in-force"),
      Type.Literal("suspended"),
      Type.Literal("cancelled"),
      Type.Literal("deregistered"),
      Type.Literal("expired"),
      Type.Literal("transferred-out"),
      Type.Literal("revoked"),
      Type.Literal("superseded"),
      Type.Literal("other"),
    ],
    {
      description:
        "what a verifier acts on; not-yet-in-force: the validity has not begun (a renewal made early waits for its validFrom, its predecessor stays valid until then)",
    },
  ),
  stateName: Bilingual,
  identifierSha256: Type.String({
    description:
      "base64url (no padding) SHA-256 of the UTF-8 licence identifier: a verifier refuses the answer unless it matches the identifier of the payload it verified",
  }),
  version: Type.String({ description: "three digits" }),
  supersededBy: Type.Union([Type.String(), Type.Null()], {
    description: "identifier of the version replacing this one",
  }),
  supersededByToken: Type.Union([Type.String(), Type.Null()], {
    description:
      "status token of the replacing version: GET /api/v1/status/{it}, or the verifier page /v/{it}",
  }),
  supersededAt: Type.Optional(Type.String({ description: "when this version was replaced" })),
  validFrom: Type.String({ description: "YYYY-MM-DD: the licence is not yet in force before this day" }),
  validUntil: Type.Union([Type.String(), Type.Null()], { description: "YYYY-MM-DD, null for long-term" }),
  revokedAt: Type.Optional(
    Type.String({ description: "when a revoked, cancelled or deregistered licence ended" }),
  ),
  suspendedAt: Type.Optional(Type.String()),
  reason: Type.Optional(
    Type.String({
      description:
        "the reason code of a suspension or termination (revoked-by-law, holder-request, … other; the page words it); never the internal note",
    }),
  ),
  checkedAt: Type.String(),
});

const UNKNOWN_BODY = Object.freeze({
  code: "VER_STATUS_UNKNOWN",
  message: STATUS_CODES.VER_STATUS_UNKNOWN.en,
  details: [],
});

const PublicRecordBody = Type.Object({
  identifierSha256: Type.String({
    description:
      "as in the status answer: a verifier shows the record only when it names the verified licence",
  }),
  typeCode: Type.String(),
  typeName: Bilingual,
  version: Type.String({ description: "three digits" }),
  issuer: Type.Object({ code: Type.String(), name: Type.String() }),
  holder: Type.Object({
    kind: Type.Union([Type.Literal("organisation"), Type.Literal("person")]),
    name: Type.String({ description: "an organisation's full name; a person's masked (张*)" }),
    code: Type.String({ description: "an organisation's credit code; a person's masked ID number" }),
    masked: Type.Boolean(),
  }),
  publicFields: Type.Array(
    Type.Object({
      field: Type.String(),
      label: Type.String({ description: "the label the licence prints" }),
      value: Type.String(),
    }),
    { description: "the type's publicFields (type.json), in its order; empty values left out" },
  ),
});

/** GET /api/v1/status/:token, …/record and the trust list. Registered without a prefix. */
export const statusPlugin: FastifyPluginAsyncTypebox<StatusPluginOptions> = async (app, deps) => {
  app.get(
    "/api/v1/status/:token",
    {
      config: { permission: "public" },
      schema: {
        tags: ["verification"],
        summary: "Live status of a licence version by its public token (from the QR code); no personal data",
        params: Type.Object({ token: Type.String({ maxLength: 128 }) }),
        response: { 200: StatusBody, 404: ErrorBody, 429: ErrorBody },
      },
      // Counted before the parameters are validated, so that malformed requests count too.
      onRequest: rateLimitHook(deps.limiter, deps.clock, "status requests"),
    },
    async (req, reply) => {
      const view = await deps.status.lookup(req.params.token, deps.clock());
      reply.header("cache-control", "no-store");
      if (!view) return reply.status(404).send(UNKNOWN_BODY);
      return view;
    },
  );

  app.get(
    "/api/v1/status/:token/record",
    {
      config: { permission: "public" },
      schema: {
        tags: ["verification"],
        summary:
          "Which licence a public token names: type, department, holder (an organisation in full, a person masked) and the type's public fields",
        params: Type.Object({ token: Type.String({ maxLength: 128 }) }),
        response: { 200: PublicRecordBody, 404: ErrorBody, 429: ErrorBody },
      },
      onRequest: rateLimitHook(deps.limiter, deps.clock, "status requests"),
    },
    async (req, reply) => {
      const record = await deps.publicRecord(req.params.token);
      reply.header("cache-control", "no-store");
      if (!record) return reply.status(404).send(UNKNOWN_BODY);
      return record;
    },
  );

  trustListRoutes(app, { publisher: deps.trustList, clock: deps.clock });
};
