// A per-client fixed-window limit as an onRequest hook: counted before anything is parsed, so malformed and oversized
// requests count too; over the limit, 429 REG_RATE_LIMITED with Retry-After. Same limiter as the status route
// (status/rate-limiter.ts: in process, or shared through Redis).
import type { FastifyReply, FastifyRequest } from "fastify";
import { RegistryError } from "../errors.js";
import { clientKey, type RateLimiter } from "../status/rate-limiter.js";

export function rateLimitHook(limiter: RateLimiter, clock: () => Date, what: string) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const decision = await limiter.hit(clientKey(req.ip), clock().getTime());
    if (decision.ok) return undefined;
    const wait = decision.retryAfterSeconds;
    return reply
      .status(429)
      .header("retry-after", String(wait))
      .send(
        new RegistryError(
          "REG_RATE_LIMITED",
          `Too many ${what} from this address; retry in ${wait} s.`,
        ).toJSON(),
      );
  };
}
