// Public catalogue routes: the licence types this registry knows, with their field schemas.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { RegistryError } from "../../errors.js";
import type { Catalogue } from "../../catalogue/index.js";
import { errorResponses } from "../schemas.js";

export function licenceTypeRoutes(app: FastifyInstance, catalogue: Catalogue): void {
  const view = (code: string) => {
    const t = catalogue.get(code);
    if (!t)
      throw new RegistryError(
        "REG_LICENCE_TYPE_NOT_FOUND",
        `No licence type has the code ${code}; GET /api/v1/licence-types lists them.`,
      );
    return {
      code: t.code,
      name: t.name,
      authority: t.authority,
      holderKind: t.holderKind,
      holderCodeType: catalogue.holderCodeType(t.code),
      // The printed labels of the holder's name and code: the issuing form's labels too.
      holderTitles: t.holderTitles,
      validity: t.validity,
      issuers: t.issuers,
      publicFields: t.publicFields,
      schema: t.schema,
      example: t.example,
      // The complete body of POST /api/v1/licences for the example: what a first request can send as it is.
      ...(t.exampleHolder
        ? { exampleRequest: { typeCode: t.code, holder: t.exampleHolder, fields: t.example } }
        : {}),
      ...(t.import ? { import: t.import } : {}),
    };
  };
  app.get(
    "/api/v1/licence-types",
    {
      config: { permission: "public" },
      schema: { tags: ["catalogue"], summary: "List licence types" },
    },
    async () => ({ items: catalogue.list().map((t) => view(t.code)) }),
  );
  app.get<{ Params: { code: string } }>(
    "/api/v1/licence-types/:code",
    {
      config: { permission: "public" },
      schema: {
        tags: ["catalogue"],
        summary: "One licence type with its field schema",
        params: Type.Object({ code: Type.String() }),
        response: { 404: errorResponses[404] },
      },
    },
    async (req) => view(req.params.code),
  );
}
