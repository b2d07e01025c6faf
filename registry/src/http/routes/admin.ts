// Auditor and administrator routes: the audit log and its verification; API keys.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import type { KeyService } from "../../auth/key-service.js";
import { verifyAuditChain } from "../../audit/verify-audit.js";
import type { Store } from "../../store/store.js";
import { auditReadEvents } from "../../audit/audit-read-events.js";
import { writeAudit } from "../../sessions/audit-write.js";
import { actorFromKey } from "../../licences/licence-service.js";
import { requireKey } from "../auth.js";
import { purposeOf } from "../purpose.js";
import { errorResponses } from "../schemas.js";

const KeyBody = Type.Object(
  {
    role: Type.String(),
    department: Type.Optional(Type.String({ maxLength: 64 })),
    label: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export function adminRoutes(
  server: FastifyInstance,
  store: Store,
  keys: KeyService,
  clock: () => Date = () => new Date(),
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.get(
    "/api/v1/audit/events",
    {
      config: { permission: "audit.read" },
      schema: {
        tags: ["audit"],
        summary:
          "Audit events in order, with their chain hashes; purpose required (events name holders by ID number); the read shows in each named holder's access log",
        querystring: Type.Object({
          purpose: Type.Optional(Type.String()),
          after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
      },
    },
    async (req) => {
      const purpose = purposeOf(req.query);
      const query = { after: req.query.after ?? 0, limit: req.query.limit ?? 100 };
      const items = await store.readAudit(query.after, query.limit);
      // Recorded before anything is answered: if the log cannot take the read, nothing is returned.
      await writeAudit(
        store,
        ...auditReadEvents(actorFromKey(requireKey(req)), items, query, purpose, clock()),
      );
      return { items };
    },
  );

  app.get(
    "/api/v1/audit/verify",
    {
      config: { permission: "audit.read" },
      schema: { tags: ["audit"], summary: "Recompute the audit hash chain; names the first broken event" },
    },
    async () => verifyAuditChain(store),
  );

  app.get(
    "/api/v1/seal-usage",
    {
      config: { permission: "seals.read" },
      schema: {
        tags: ["audit"],
        summary:
          "The seal-usage ledger: which e-seal certificate sealed which document of which licence, when",
        querystring: Type.Object({
          seal: Type.Optional(
            Type.String({ maxLength: 64, description: "hex serial of the e-seal certificate" }),
          ),
          licence: Type.Optional(Type.String({ maxLength: 200 })),
          department: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          after: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return store.listSealUsage({
        limit: q.limit ?? 100,
        ...(q.seal ? { sealSerial: q.seal.toLowerCase() } : {}),
        ...(q.licence ? { identifier: q.licence } : {}),
        ...(q.department ? { department: q.department } : {}),
        ...(q.after ? { after: q.after } : {}),
      });
    },
  );

  app.get(
    "/api/v1/keys",
    {
      config: { permission: "keys.manage" },
      schema: { tags: ["keys"], summary: "List API keys (never the keys themselves)" },
    },
    async () => ({ items: await keys.list() }),
  );

  app.post(
    "/api/v1/keys",
    {
      config: { permission: "keys.manage" },
      schema: {
        tags: ["keys"],
        summary: "Create an API key; the key is shown once",
        body: KeyBody,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const k = requireKey(req);
      const created = await keys.create({ id: k.id, role: k.role, department: k.department }, req.body);
      // Set as a property: the route's schema lists only its error replies, which reply.status() is typed against.
      reply.statusCode = 201;
      return created;
    },
  );

  app.post(
    "/api/v1/keys/:id/revoke",
    {
      config: { permission: "keys.manage" },
      schema: {
        tags: ["keys"],
        summary: "Revoke an API key",
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const k = requireKey(req);
      return keys.revoke(
        { id: k.id, role: k.role, department: k.department },
        req.params.id,
        req.body.reason,
      );
    },
  );
}
