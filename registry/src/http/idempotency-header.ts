// Reads the Idempotency-Key header and hashes the request it belongs to.
import type { FastifyRequest } from "fastify";
import { RegistryError } from "../errors.js";
import { requestHash, validIdempotencyKey, type IdempotencyInput } from "../licences/idempotency.js";

export function idempotencyOf(req: FastifyRequest, required: boolean): IdempotencyInput | null {
  const raw = req.headers["idempotency-key"];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key === "") {
    if (required)
      throw new RegistryError("REG_IDEMPOTENCY_KEY_REQUIRED", undefined, [
        {
          field: "header.idempotency-key",
          code: "REG_IDEMPOTENCY_KEY_REQUIRED",
          message: "add an Idempotency-Key header, e.g. a UUID",
        },
      ]);
    return null;
  }
  if (!validIdempotencyKey(key))
    throw new RegistryError("REG_IDEMPOTENCY_KEY_INVALID", undefined, [
      {
        field: "header.idempotency-key",
        code: "REG_IDEMPOTENCY_KEY_INVALID",
        message: "8–128 characters of A-Z a-z 0-9 - _ : .",
      },
    ]);
  return { key, requestHash: requestHash(req.method, req.url.split("?")[0] ?? "", req.body) };
}
