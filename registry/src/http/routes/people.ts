// Routes that read personal data: holder lookup with a purpose, the holder's access log. (The materials check is in
// materials.ts.)
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorFromKey, type LicenceService } from "../../licences/licence-service.js";
import { requireKey } from "../auth.js";
import { requirePurpose } from "../../domain/purpose.js";
import { rememberApplicant } from "../../sessions/desk-applicant.js";
import type { RequestTypeProvider } from "../type-provider.js";
import { errorResponses, HolderCodeParams as CodeParams, LicenceView } from "../schemas.js";

export function peopleRoutes(server: FastifyInstance, service: LicenceService): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.get(
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
      const found = await service.lookupHolder(actorFromKey(requireKey(req)), req.params.code, purpose);
      // Looked up and logged: this holder is now the applicant at the desk (share codes, annotated copies).
      rememberApplicant(req, service.holderCode(req.params.code, "code").code);
      return found;
    },
  );

  app.get(
    "/api/v1/holders/:code/access-log",
    {
      config: { permission: "holder.access-log" },
      schema: {
        tags: ["holders"],
        summary:
          "Who looked this holder up, when and why; purpose required (it is itself a read of the holder's data, and shows in their log)",
        params: CodeParams,
        querystring: Type.Object({
          purpose: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
      },
    },
    async (req) => {
      const purpose = requirePurpose(req.query.purpose);
      const events = await service.accessLog(
        actorFromKey(requireKey(req)),
        req.params.code,
        req.query.limit ?? 100,
        purpose,
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
}
