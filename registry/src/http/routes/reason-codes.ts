// GET /api/v1/reason-codes: the fixed list of reasons a suspension or termination may give (the `reason` of
// POST /api/v1/licences/{id}/suspend … /deregister), with their words; public, like the status answers that carry them.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { REASON_CODES, type ReasonCode } from "@elicence/core";

const ReasonList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
});

export function reasonCodeRoutes(app: FastifyInstance): void {
  const items = (Object.keys(REASON_CODES) as ReasonCode[]).map((code) => ({ code, ...REASON_CODES[code] }));
  app.get(
    "/api/v1/reason-codes",
    {
      config: { permission: "public" },
      schema: {
        tags: ["lifecycle"],
        summary:
          "Reason codes for suspend, reinstate, revoke, cancel and deregister (public; free words go in the internal note)",
        security: [],
        response: { 200: ReasonList },
      },
    },
    async () => ({ items }),
  );
}
