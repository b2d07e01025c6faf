// The signed-in holder's own documents: the sealed PDF of each of their current licence versions, and an annotated
// copy (加注件) of a valid one for a catalogued service item they choose. Holder session only; any licence that is not
// theirs, or not current, is 404 like one that does not exist. Each is audited and shows in their access log.
import type { DocumentStore } from "../../documents/document-store.js";
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { RegistryError } from "../../errors.js";
import { holderLicenceActor } from "../../holders/holder-sign-in.js";
import { requireHolder } from "../auth.js";
import { errorResponses, LicenceIdentifierParams as Params } from "../schemas.js";
import { annotatedCopyDisposition, licencePdfDisposition } from "../download-name.js";
import {
  ANNOTATED_COPY_RULES,
  AnnotatedCopyBodySchema,
  annotatedCopyRequester,
  type AnnotatedCopyDeps,
} from "../annotated-copy-request.js";

/** The purpose recorded with a holder's download of their own licence (their access log shows it as theirs). */
export const HOLDER_DOWNLOAD_PURPOSE = "持证人下载本人证照";

const NOT_YOURS = (identifier: string) =>
  new RegistryError(
    "REG_LICENCE_NOT_FOUND",
    `You hold no current licence with the identifier ${identifier}.`,
  );

export function holderDocumentRoutes(
  server: FastifyInstance,
  deps: AnnotatedCopyDeps & { documents: DocumentStore },
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  const annotated = annotatedCopyRequester(deps);

  app.get(
    "/api/v1/holder/licences/:identifier/pdf",
    {
      config: { permission: "holder.self" },
      schema: {
        tags: ["holder"],
        summary:
          "The sealed PDF of one of the signed-in holder's current licence versions (holder session only; shows in their access log)",
        description:
          "404 REG_LICENCE_NOT_FOUND for any identifier that is not one of the holder's current versions (another holder's, a superseded one, none at all); 422 with the identifier's own code and did-you-mean for a malformed one. The file is named by the licence type and its date of issue.",
        params: Params,
      },
    },
    async (req, reply) => {
      const identity = requireHolder(req);
      const { identifier } = req.params;
      const view = await deps.service
        .download(holderLicenceActor(identity), identifier, HOLDER_DOWNLOAD_PURPOSE)
        .catch((e: unknown) => {
          throw e instanceof RegistryError && e.code === "REG_LICENCE_NOT_FOUND" ? NOT_YOURS(identifier) : e;
        });
      const bytes = view.documentSha256 ? await deps.documents.get(view.documentSha256) : null;
      if (!bytes)
        throw new RegistryError(
          "REG_DOCUMENT_PENDING",
          `Licence ${view.identifier} has no sealed document yet; it is being sealed, retry shortly.`,
        );
      return reply
        .type("application/pdf")
        .header("content-disposition", licencePdfDisposition(view.typeName, view.issuedOn))
        .header("x-document-sha256", view.documentSha256)
        .header("cache-control", "no-store")
        .send(Buffer.from(bytes));
    },
  );

  app.post(
    "/api/v1/holder/licences/:identifier/annotated-copy",
    {
      config: { permission: "holder.self" },
      schema: {
        tags: ["holder"],
        summary:
          "The signed-in holder makes an annotated copy (加注件) of their own valid licence for a service item they choose (holder session only; shows in their access log with the item)",
        description: `${ANNOTATED_COPY_RULES} 404 REG_LICENCE_NOT_FOUND for a licence that is not one of the holder's current versions.`,
        params: Params,
        body: AnnotatedCopyBodySchema,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const identity = requireHolder(req);
      const { identifier } = req.params;
      const copy = await annotated(
        holderLicenceActor(identity),
        identifier,
        req.body ?? {},
        () => undefined,
      ).catch((e: unknown) => {
        throw e instanceof RegistryError && e.code === "REG_LICENCE_NOT_FOUND" ? NOT_YOURS(identifier) : e;
      });
      return reply
        .type("application/pdf")
        .header("content-disposition", annotatedCopyDisposition(copy.typeName, copy.madeOn))
        .header("x-annotation-valid-until", copy.validUntil)
        .header("cache-control", "no-store")
        .send(Buffer.from(copy.bytes));
    },
  );
}
