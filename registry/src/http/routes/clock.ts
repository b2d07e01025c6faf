// The administrator's confirmation after a clock-jump hold (health/clock-guard.ts): the clock is right and the
// expiry due at it is intended. Audited; the held sweep runs at once, so the answer says what it changed.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import type { ClockGuard } from "../../health/clock-guard.js";
import { actorFromKey, type LicenceService } from "../../licences/licence-service.js";
import { requireKey } from "../auth.js";
import { errorResponses } from "../schemas.js";

const ConfirmBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export function clockRoutes(server: FastifyInstance, guard: ClockGuard, service: LicenceService): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.post(
    "/api/v1/admin/clock/confirm",
    {
      config: { permission: "clock.confirm" },
      schema: {
        tags: ["ops"],
        summary:
          "Confirm the registry's clock after /readyz reported it implausible or an expiry sweep held back: audited; the held sweep runs now",
        body: ConfirmBody,
        response: { ...errorResponses },
      },
    },
    async (req) => {
      const confirmation = await guard.confirm(actorFromKey(requireKey(req)), req.body.reason);
      const changed = await service.sweepExpired();
      return { ...confirmation, swept: changed, check: await guard.probe() };
    },
  );
}
