// The materials check: for a service item (or an explicit list of licence types), which materials the applicant need
// not bring (exempt, with the licence as evidence) and which they must. The check is audited with its purpose and
// shows in the holder's access log; exempt copies are counted (/metrics, GET /api/v1/stats/exemptions).
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorFromKey, type LicenceService } from "../../licences/licence-service.js";
import { checkMaterialsRequest } from "../../service-items/materials-request.js";
import type { ServiceItems } from "../../service-items/service-items.js";
import { requireKey } from "../auth.js";
import { requirePurpose } from "../../domain/purpose.js";
import { rememberApplicant } from "../../sessions/desk-applicant.js";
import type { RequestTypeProvider } from "../type-provider.js";
import { Bilingual, errorResponses, MaterialsBody } from "../schemas.js";

export function materialsRoutes(server: FastifyInstance, service: LicenceService, items: ServiceItems): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.post(
    "/api/v1/materials/check",
    {
      config: { permission: "materials.check" },
      schema: {
        tags: ["materials"],
        summary:
          "For a service item (serviceItem) or a list of licence types (required): exempt (with the licence as evidence), must_submit, not_yet_in_force (validity not begun: does not exempt), expired, suspended or revoked",
        body: MaterialsBody,
        response: {
          200: Type.Object({
            holderCode: Type.String(),
            exemptCount: Type.Integer(),
            serviceItem: Type.Optional(
              Type.Object({
                code: Type.String(),
                name: Bilingual,
                department: Type.Object({ name: Type.String(), code: Type.String() }),
              }),
            ),
            results: Type.Array(
              Type.Object({
                typeCode: Type.String(),
                typeName: Type.String(),
                status: Type.String({
                  enum: ["exempt", "must_submit", "not_yet_in_force", "expired", "suspended", "revoked"],
                }),
                identifier: Type.Optional(Type.String()),
                validUntil: Type.Optional(Type.Union([Type.String(), Type.Null()])),
                message: Type.String(),
                note: Type.Optional(Bilingual),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const purpose = requirePurpose(req.body.purpose, "purpose");
      const answer = await checkMaterialsRequest(service, items, actorFromKey(requireKey(req)), {
        ...req.body,
        purpose,
      });
      // Checked and logged: this holder is now the applicant at the desk.
      rememberApplicant(req, service.holderCode(req.body.holderCode, "holderCode").code);
      return answer;
    },
  );
}
