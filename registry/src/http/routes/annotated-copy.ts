// POST /api/v1/licences/:identifier/annotated-copy: the window desk's annotated copy (加注件), the sealed PDF with a
// visible "仅供<purpose>使用，有效期至<date>" note signed by the registry's annotation seal as a second signature
// (annotated-copy-request.ts). A clerk makes one only for the applicant the desk session has just looked up.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { actorFromKey } from "../../licences/licence-service.js";
import { requireKey } from "../auth.js";
import { requireDeskApplicant } from "../../sessions/desk-applicant.js";
import { annotatedCopyDisposition } from "../download-name.js";
import { LicenceIdentifierParams } from "../schemas.js";
import {
  ANNOTATED_COPY_RULES,
  AnnotatedCopyBodySchema,
  annotatedCopyRequester,
  type AnnotatedCopyDeps,
} from "../annotated-copy-request.js";

export function annotatedCopyRoutes(server: FastifyInstance, deps: AnnotatedCopyDeps): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  const request = annotatedCopyRequester(deps);
  app.post(
    "/api/v1/licences/:identifier/annotated-copy",
    {
      config: { permission: "licence.annotate" },
      schema: {
        tags: ["licences"],
        summary:
          "An annotated copy (加注件): the sealed PDF with a signed note “for <service item> only, valid until <date>” (logged)",
        description: ANNOTATED_COPY_RULES,
        params: LicenceIdentifierParams,
        body: AnnotatedCopyBodySchema,
      },
    },
    async (req, reply) => {
      const copy = await request(
        actorFromKey(requireKey(req)),
        req.params.identifier,
        req.body ?? {},
        (record) => requireDeskApplicant(req, record.holder.code, "identifier"),
      );
      return reply
        .type("application/pdf")
        .header("content-disposition", annotatedCopyDisposition(copy.typeName, copy.madeOn))
        .header("x-annotation-valid-until", copy.validUntil)
        .header("cache-control", "no-store")
        .send(Buffer.from(copy.bytes));
    },
  );
}
