// Usage figures: copies applicants were not asked for, per day and per department or service item. Aggregates only
// (no personal data), for the desk's dashboard and for auditors.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import { RegistryError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import type { ServiceItems } from "../../service-items/service-items.js";
import type { DepartmentNames } from "../../stats/department-names.js";
import { exemptionRange, exemptionStats, type ExemptionGrouping } from "../../stats/exemption-stats.js";
import { errorResponses } from "../schemas.js";

const Day = Type.Object({
  date: Type.String(),
  exempt: Type.Integer(),
  materials: Type.Integer(),
  checks: Type.Integer(),
});

export function statsRoutes(
  server: FastifyInstance,
  deps: { store: Store; departments: DepartmentNames; serviceItems: ServiceItems; clock: () => Date },
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.get(
    "/api/v1/stats/exemptions",
    {
      config: { permission: "stats.read" },
      schema: {
        tags: ["materials"],
        summary:
          "Copies not asked for (exempt materials), per day (China time) and per department or service item; default the last 30 days",
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ maxLength: 10, description: "YYYY-MM-DD, first day" })),
            to: Type.Optional(Type.String({ maxLength: 10, description: "YYYY-MM-DD, last day (included)" })),
            by: Type.Optional(
              // The same schema as before, typed as the grouping it holds the value to.
              Type.Unsafe<ExemptionGrouping>(
                Type.String({ enum: ["department", "serviceItem"], default: "department" }),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            by: Type.String(),
            timeZone: Type.String(),
            exempt: Type.Integer({ description: "Copies not asked for" }),
            materials: Type.Integer({ description: "Materials checked" }),
            checks: Type.Integer({ description: "Materials checks made" }),
            series: Type.Array(
              Type.Object({
                key: Type.String({
                  description: 'Department USCC or service item code; "none" when there is none',
                }),
                name: Type.Union([Type.String(), Type.Null()]),
                exempt: Type.Integer(),
                materials: Type.Integer(),
                checks: Type.Integer(),
                days: Type.Array(Day),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const range = exemptionRange(req.query, deps.clock());
      if (!range.ok) throw new RegistryError("REG_VALIDATION_FAILED", undefined, range.details);
      return exemptionStats(
        deps.store,
        { departments: deps.departments, serviceItems: deps.serviceItems },
        { from: range.from, to: range.to, by: req.query.by ?? "department" },
      );
    },
  );
}
