// The service items (事项) the window desk offers, with the licence types each needs: public, like the catalogue.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Catalogue } from "../../catalogue/index.js";
import type { ServiceItems } from "../../service-items/service-items.js";
import { Bilingual } from "../schemas.js";

export const ServiceItemView = Type.Object(
  {
    code: Type.String({ description: "Use it as serviceItem in POST /api/v1/materials/check" }),
    name: Bilingual,
    department: Type.Object({ name: Type.String(), code: Type.String() }),
    holderKind: Type.String({ enum: ["person", "organisation"], description: "Who applies" }),
    required: Type.Array(Type.Object({ typeCode: Type.String(), typeName: Bilingual, note: Bilingual })),
  },
  { $id: "ServiceItem" },
);

export function serviceItemRoutes(app: FastifyInstance, items: ServiceItems, catalogue: Catalogue): void {
  app.get(
    "/api/v1/service-items",
    {
      config: { permission: "public" },
      schema: {
        tags: ["materials"],
        summary: "Service items (事项) and the licence types each requires, with a note per material",
        security: [],
        response: { 200: Type.Object({ items: Type.Array(ServiceItemView) }) },
      },
    },
    async () => ({
      items: items.list().map((i) => ({
        code: i.code,
        name: i.name,
        department: i.department,
        holderKind: i.holderKind,
        required: i.required.map((m) => {
          const type = catalogue.get(m.typeCode);
          return {
            typeCode: m.typeCode,
            typeName: type ? { zh: type.name.zh, en: type.name.en } : { zh: m.typeCode, en: m.typeCode },
            note: m.note,
          };
        }),
      })),
    }),
  );
}
