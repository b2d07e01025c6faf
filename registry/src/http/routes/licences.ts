// Licence routes: issue, read, list, history and the lifecycle operations.
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import type { LicenceService } from "../../licences/licence-service.js";
import { actorFromKey } from "../../licences/licence-service.js";
import type { MutationResult } from "../../licences/idempotency.js";
import type { LicenceView as LicenceViewT } from "../../licences/licence-view.js";
import { LicenceState, type LicenceStateCode } from "../../domain/states.js";
import { requireKey } from "../auth.js";
import { idempotencyOf } from "../idempotency-header.js";
import { requirePurpose } from "../../domain/purpose.js";
import type { RequestTypeProvider } from "../type-provider.js";
import {
  AmendBody,
  errorResponses,
  IssueBody,
  LicenceIdentifierParams as IdentifierParams,
  LicenceView,
  RenewBody,
  TransitionBody,
} from "../schemas.js";

function send(reply: FastifyReply, r: MutationResult<LicenceViewT>) {
  if (r.replayed) void reply.header("idempotent-replayed", "true");
  return reply.status(r.status).send(r.body);
}

const STATE_CODES = Object.values(LicenceState) as string[];

export function licenceRoutes(server: FastifyInstance, service: LicenceService): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.post(
    "/api/v1/licences",
    {
      config: { permission: "licence.issue" },
      schema: {
        tags: ["licences"],
        summary: "Issue a licence (requires an Idempotency-Key header)",
        headers: Type.Object({ "idempotency-key": Type.Optional(Type.String()) }),
        body: IssueBody,
        response: { 201: LicenceView, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = actorFromKey(requireKey(req));
      const idem = idempotencyOf(req, true);
      return send(reply, await service.issue(actor, req.body, idem));
    },
  );

  app.get(
    "/api/v1/licences",
    {
      config: { permission: "licence.list" },
      schema: {
        tags: ["licences"],
        summary:
          "List licences (issuers: their own department's; auditors: all); purpose required; each licence listed shows in its holder's access log",
        querystring: Type.Object({
          purpose: Type.Optional(Type.String()),
          typeCode: Type.Optional(Type.String({ maxLength: 64 })),
          state: Type.Optional(Type.String({ enum: STATE_CODES })),
          issuerCode: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          after: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(LicenceView), next: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = actorFromKey(requireKey(req));
      const q = req.query;
      const purpose = requirePurpose(q.purpose);
      return service.list(
        actor,
        {
          limit: q.limit ?? 50,
          ...(q.typeCode ? { typeCode: q.typeCode } : {}),
          ...(q.state ? { state: q.state as LicenceStateCode } : {}),
          ...(q.issuerCode ? { issuerCode: q.issuerCode } : {}),
          ...(q.after ? { after: q.after } : {}),
        },
        purpose,
      );
    },
  );

  app.get(
    "/api/v1/licences/:identifier",
    {
      config: { permission: "licence.read" },
      schema: {
        tags: ["licences"],
        summary:
          "Read one licence version (clerks see personal data masked); purpose required; the read shows in the holder's access log",
        params: IdentifierParams,
        querystring: Type.Object({ purpose: Type.Optional(Type.String()) }),
        response: { 200: LicenceView, ...errorResponses },
      },
    },
    async (req) => {
      const purpose = requirePurpose(req.query.purpose);
      return service.get(actorFromKey(requireKey(req)), req.params.identifier, purpose);
    },
  );

  app.get(
    "/api/v1/licences/:identifier/history",
    {
      config: { permission: "licence.read" },
      schema: {
        tags: ["licences"],
        summary:
          "Every version of this licence and every transition, with actor, time and reason code (the internal note for issuers and auditors); purpose required; logged",
        params: IdentifierParams,
        querystring: Type.Object({ purpose: Type.Optional(Type.String()) }),
      },
    },
    async (req) => {
      const purpose = requirePurpose(req.query.purpose);
      return service.history(actorFromKey(requireKey(req)), req.params.identifier, purpose);
    },
  );

  for (const action of ["suspend", "reinstate", "revoke", "cancel", "deregister"] as const) {
    app.post(
      `/api/v1/licences/:identifier/${action}`,
      {
        config: { permission: "licence.change" },
        schema: {
          tags: ["lifecycle"],
          summary: `${action} a licence`,
          params: IdentifierParams,
          body: TransitionBody,
          response: { 200: LicenceView, ...errorResponses },
        },
      },
      async (req, reply) =>
        send(
          reply,
          await service.transition(
            actorFromKey(requireKey(req)),
            req.params.identifier,
            action,
            req.body,
            idempotencyOf(req, false),
          ),
        ),
    );
  }
  const replacements = [
    {
      action: "amend",
      body: AmendBody,
      summary: "Amend (变更): a new version linked both ways; the old one is superseded",
    },
    {
      action: "renew",
      body: RenewBody,
      summary: "Renew (延续): a new version with a new validity; the old one is superseded",
    },
  ] as const;
  for (const { action, body, summary } of replacements) {
    app.post(
      `/api/v1/licences/:identifier/${action}`,
      {
        config: { permission: "licence.change" },
        schema: {
          tags: ["lifecycle"],
          summary,
          params: IdentifierParams,
          body,
          response: { 201: LicenceView, ...errorResponses },
        },
      },
      async (req, reply) =>
        send(
          reply,
          await service.replace(
            actorFromKey(requireKey(req)),
            req.params.identifier,
            action,
            req.body,
            idempotencyOf(req, false),
          ),
        ),
    );
  }
}
