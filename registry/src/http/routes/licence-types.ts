// Public catalogue routes: the licence types this registry knows, with their field schemas.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import { RegistryError } from "../../errors.js";
import type { Catalogue } from "../../catalogue/index.js";
import { errorResponses } from "../schemas.js";
import { ImportError } from "../../conversion/import-error.js";
import { templateCsv, templateFileName, templateXlsx } from "../../conversion/import-template-files.js";

export function licenceTypeRoutes(server: FastifyInstance, catalogue: Catalogue): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
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
  app.get(
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
  app.get(
    "/api/v1/licence-types/:code/import-template",
    {
      // The type's own public description as a file to fill in: no personal data (the example holder is made up).
      config: { permission: "public" },
      schema: {
        tags: ["catalogue"],
        summary:
          "The register template of a licence type (header row as the importer reads it, an example row; XLSX with notes and drop-down lists)",
        params: Type.Object({ code: Type.String() }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal("csv"), Type.Literal("xlsx")])),
        }),
        response: { 404: errorResponses[404] },
      },
    },
    async (req, reply) => {
      view(req.params.code);
      const type = catalogue.get(req.params.code)!;
      const format = req.query.format ?? "csv";
      let body: Buffer;
      try {
        body = format === "xlsx" ? await templateXlsx(type) : templateCsv(type);
      } catch (e) {
        if (e instanceof ImportError)
          throw new RegistryError("REG_VALIDATION_FAILED", e.message, [
            { field: "code", code: e.code, message: e.message },
          ]);
        throw e;
      }
      return reply
        .header(
          "content-type",
          format === "xlsx"
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv; charset=utf-8",
        )
        .header("content-disposition", `attachment; filename="${templateFileName(type, format)}"`)
        .send(body);
    },
  );
}
