// The sealed PDF of a licence version, by identifier: a download of personal data, so it needs a purpose and is logged.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import { actorFromKey, type LicenceService } from "../../licences/licence-service.js";
import type { DocumentStore } from "../../documents/document-store.js";
import { RegistryError } from "../../errors.js";
import { requireKey } from "../auth.js";
import { licencePdfDisposition } from "../download-name.js";
import { purposeOf } from "../purpose.js";
import { LicenceIdentifierParams } from "../schemas.js";

export function documentRoutes(
  server: FastifyInstance,
  service: LicenceService,
  documents: DocumentStore,
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.get(
    "/api/v1/licences/:identifier/pdf",
    {
      // licence.download, not licence.read: the sealed PDF shows the holder unmasked, so roles that see personal data
      // masked (clerks) do not get it; the window desk hands the applicant an annotated copy instead.
      config: { permission: "licence.download" },
      schema: {
        tags: ["licences"],
        summary:
          "The sealed PDF of this licence version (issuers, auditors; purpose required; the download shows in the holder's access log)",
        params: LicenceIdentifierParams,
        querystring: Type.Object({ purpose: Type.Optional(Type.String()) }),
      },
    },
    async (req, reply) => {
      const purpose = purposeOf(req.query);
      const view = await service.download(actorFromKey(requireKey(req)), req.params.identifier, purpose);
      if (!view.documentSha256)
        throw new RegistryError(
          "REG_DOCUMENT_PENDING",
          `Licence ${view.identifier} has no sealed document yet; it is being sealed, retry shortly.`,
        );
      const bytes = await documents.get(view.documentSha256);
      if (!bytes)
        throw new RegistryError(
          "REG_DOCUMENT_PENDING",
          `The sealed document of ${view.identifier} is not in this registry's document store.`,
        );
      return reply
        .type("application/pdf")
        .header("content-disposition", licencePdfDisposition(view.typeName, view.issuedOn))
        .header("x-document-sha256", view.documentSha256)
        .send(Buffer.from(bytes));
    },
  );
}
