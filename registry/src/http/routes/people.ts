// Routes that read personal data: holder lookup with a purpose, the holder's access log, the materials check.
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "typebox";
import { actorFromKey, type LicenceService } from "../../licences/licence-service.js";
import { requireKey } from "../auth.js";
import { requirePurpose } from "../purpose.js";
import { errorResponses, LicenceView, MaterialsBody } from "../schemas.js";

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });

export function peopleRoutes(app: FastifyInstance, service: LicenceService): void {
  app.get<{ Params: Static<typeof CodeParams>; Querystring: { purpose?: string } }>(
    "/api/v1/holders/:code/licences",
    {
      config: { permission: "holder.lookup" },
      schema: {
        tags: ["holders"],
        summary:
          "A holder's current licences by ID number or credit code; purpose required; the lookup shows in the holder's access log",
        params: CodeParams,
        querystring: Type.Object({ purpose: Type.Optional(Type.String()) }),
        response: {
          200: Type.Object({ holderCode: Type.String(), licences: Type.Array(LicenceView) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const purpose = requirePurpose(req.query.purpose);
      return service.lookupHolder(actorFromKey(requireKey(req)), req.params.code, purpose);
    },
  );

  app.get<{ Params: Static<typeof CodeParams>; Querystring: { limit?: number } }>(
    "/api/v1/holders/:code/access-log",
    {
      config: { permission: "holder.access-log" },
      schema: {
        tags: ["holders"],
        summary: "Who looked this holder up, when and why",
        params: CodeParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
      },
    },
    async (req) => {
      const events = await service.accessLog(
        actorFromKey(requireKey(req)),
        req.params.code,
        req.query.limit ?? 100,
      );
      return {
        items: events.map((e) => ({
          at: e.at,
          action: e.action,
          role: e.role,
          department: e.department,
          purpose: e.purpose,
          target: e.target,
          seq: e.seq,
        })),
      };
    },
  );

  app.post<{ Body: Static<typeof MaterialsBody> }>(
    "/api/v1/materials/check",
    {
      config: { permission: "materials.check" },
      schema: {
        tags: ["materials"],
        summary:
          "For each required licence type: exempt (with the licence as evidence), must_submit, expired, suspended or revoked",
        body: MaterialsBody,
        response: {
          200: Type.Object({
            holderCode: Type.String(),
            exemptCount: Type.Integer(),
            results: Type.Array(
              Type.Object({
                typeCode: Type.String(),
                typeName: Type.String(),
                status: Type.String({ enum: ["exempt", "must_submit", "expired", "suspended", "revoked"] }),
                identifier: Type.Optional(Type.String()),
                validUntil: Type.Optional(Type.Union([Type.String(), Type.Null()])),
                message: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const purpose = requirePurpose(req.body.purpose, "purpose");
      return service.checkMaterials(actorFromKey(requireKey(req)), { ...req.body, purpose });
    },
  );
}
