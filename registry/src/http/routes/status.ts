// The public live status of a licence version, by the token its QR code carries: state, version, successor,
// validity and the time of the answer, never personal data. Rate-limited per client address (429 REG_RATE_LIMITED).
import type { FastifyInstance } from "fastify";
import rateLimit from "@fastify/rate-limit";
import type { Redis } from "ioredis";
import { Type } from "typebox";
import { RegistryError } from "../../errors.js";
import { ErrorBody } from "../schemas.js";
import type { StatusService } from "../../status/status-service.js";
import { STATUS_CODES } from "../../status/status-codes.js";

export interface StatusRouteOptions {
  /** Requests per client address and window (default 120 a minute). */
  max?: number;
  windowMs?: number;
  /** Counts kept in Redis (shared by every process) when given; in memory otherwise. */
  redis?: Redis | null;
}

const LocalText = Type.Object({ zh: Type.String(), en: Type.String() });

// The response schema is also a filter: fastify serialises only these members, so nothing else can leak out.
const StatusBody = Type.Object({
  state: Type.String({ description: "two-digit state code (05 when the validity has ended, swept or not)" }),
  stateName: LocalText,
  version: Type.String({ description: "three digits" }),
  supersededBy: Type.Union([Type.String(), Type.Null()], {
    description: "identifier of the version replacing this one",
  }),
  supersededByToken: Type.Union([Type.String(), Type.Null()], {
    description:
      "status token of the replacing version: GET /api/v1/status/{it}, or the verifier page /v/{it}",
  }),
  supersededAt: Type.Optional(Type.String({ description: "when this version was replaced" })),
  validUntil: Type.Union([Type.String(), Type.Null()], { description: "YYYY-MM-DD, null for long-term" }),
  revokedAt: Type.Optional(
    Type.String({ description: "when a revoked, cancelled or deregistered licence ended" }),
  ),
  suspendedAt: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: "the reason recorded with a suspension or termination" })),
  checkedAt: Type.String(),
});

export async function statusRoutes(
  app: FastifyInstance,
  deps: { status: StatusService; clock: () => Date },
  options: StatusRouteOptions = {},
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: "elicence:rate:" } : {}),
    // A Redis outage must not take the verifier down: requests pass unlimited meanwhile.
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) =>
      new RegistryError(
        "REG_RATE_LIMITED",
        `Too many status requests from this address; retry in ${ctx.after}.`,
      ),
  });
  app.get<{ Params: { token: string } }>(
    "/api/v1/status/:token",
    {
      config: {
        permission: "public",
        rateLimit: { max: options.max ?? 120, timeWindow: options.windowMs ?? 60_000 },
      },
      schema: {
        tags: ["verification"],
        summary: "Live status of a licence version by its public token (from the QR code); no personal data",
        params: Type.Object({ token: Type.String({ maxLength: 128 }) }),
        response: { 200: StatusBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const view = await deps.status.lookup(req.params.token, deps.clock());
      reply.header("cache-control", "no-store");
      if (!view)
        return reply
          .status(404)
          .send({ code: "VER_STATUS_UNKNOWN", message: STATUS_CODES.VER_STATUS_UNKNOWN.en, details: [] });
      return view;
    },
  );
}
