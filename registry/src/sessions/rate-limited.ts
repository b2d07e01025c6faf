// A 429 that knows when to retry, so the route can send Retry-After with the error body.
import { RegistryError } from "../errors.js";

export class RateLimitedError extends RegistryError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super("REG_RATE_LIMITED", `Too many failed ${what}; wait ${retryAfterSeconds} s and try again.`);
  }
}
