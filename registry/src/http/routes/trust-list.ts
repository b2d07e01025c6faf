// The signed trust list of the departments' e-seal certificates, for offline QR verification (verifier-web, CLI).
import type { FastifyInstance } from "fastify";
import { TRUST_LIST_PATH } from "@elicence/signer";
import type { TrustListPublisher } from "../../status/trust-list-publisher.js";

export function trustListRoutes(
  app: FastifyInstance,
  deps: { publisher: TrustListPublisher; clock: () => Date },
): void {
  app.get(
    TRUST_LIST_PATH,
    {
      config: { permission: "public" },
      schema: {
        tags: ["verification"],
        summary:
          "Trust list: every e-seal certificate with validity, revocation status and the licence types it may seal, numbered (sequence) and signed by the trust-list signer (JWS)",
      },
    },
    async (req, reply) => {
      const { json, etag } = await deps.publisher.current(deps.clock());
      // Revalidate every time (cheap with the ETag): a revocation must reach verifiers at their next fetch.
      reply.header("cache-control", "no-cache").header("etag", etag);
      if (req.headers["if-none-match"] === etag) return reply.status(304).send();
      return reply.type("application/json; charset=utf-8").send(json);
    },
  );
}
