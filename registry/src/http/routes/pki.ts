// Public PKI endpoints served by the app: CA certificates, CRLs, an RFC 6960 OCSP responder (POST and GET forms) and
// an RFC 3161 timestamp authority; and the admin routes that list and revoke the e-seal certificates: the departments'
// licence seals and the registry's own annotation seal (certs/pki.json "platform"), which signs annotated copies.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import { isRevocationReason, REVOCATION_REASONS, type DevPki, type LicenceSealer } from "@elicence/signer";
import { RegistryError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import { requireKey } from "../auth.js";

const OCSP_REQUEST = "application/ocsp-request";
const TSA_QUERY = "application/timestamp-query";

/** What a seal certificate signs: licences (a department's) or annotated copies (the registry's, 加注件). */
type SealRole = "licence" | "annotation";

/** Every seal an administrator manages, by credit code: the departments' then the annotation seal, when the PKI has one. */
function manageableSeals(pki: DevPki): Array<{ code: string; name: string; serial: string; role: SealRole }> {
  const platform = pki.platform();
  return [
    ...pki.departments().map((d) => ({ ...d, role: "licence" as const })),
    ...(platform ? [{ ...platform, role: "annotation" as const }] : []),
  ];
}

export function pkiRoutes(
  server: FastifyInstance,
  deps: {
    pki: DevPki;
    sealer: LicenceSealer;
    store: Store;
    clock: () => Date;
    /** Serve the built-in TSA at /pki/tsa (ELICENCE_PUBLIC_TSA): off by default, it timestamps anything for anyone. */
    tsa?: boolean;
  },
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  const { pki, clock } = deps;
  app.addContentTypeParser(
    [OCSP_REQUEST, TSA_QUERY],
    { parseAs: "buffer", bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.get(
    "/pki/certs/root.pem",
    { config: { permission: "public" }, schema: { tags: ["pki"], summary: "The root CA certificate (PEM)" } },
    async (_req, reply) => reply.type("application/x-pem-file").send(pki.rootPem),
  );
  app.get(
    "/pki/certs/issuing.pem",
    {
      config: { permission: "public" },
      schema: { tags: ["pki"], summary: "The issuing CA certificate (PEM)" },
    },
    async (_req, reply) => reply.type("application/x-pem-file").send(pki.issuingPem),
  );
  // RFC 5280 §4.2.2.1: the caIssuers URL in certificates points at DER.
  app.get(
    "/pki/certs/:name",
    {
      config: { permission: "public" },
      schema: {
        tags: ["pki"],
        summary: "CA certificates in DER: /pki/certs/root.cer, /pki/certs/issuing.cer",
        params: Type.Object({ name: Type.String() }),
      },
    },
    async (req, reply) => {
      const cert =
        req.params.name === "root.cer" ? pki.root : req.params.name === "issuing.cer" ? pki.issuing : null;
      if (!cert)
        throw new RegistryError(
          "REG_NOT_FOUND",
          "CA certificates: /pki/certs/root.pem, issuing.pem (PEM) and root.cer, issuing.cer (DER)",
        );
      return reply.type("application/pkix-cert").send(Buffer.from(cert.rawData));
    },
  );
  app.get(
    "/pki/crl/:ca",
    {
      config: { permission: "public" },
      schema: {
        tags: ["pki"],
        summary: "Current CRL of the root or issuing CA (DER): /pki/crl/root.crl, /pki/crl/issuing.crl",
        params: Type.Object({ ca: Type.String() }),
      },
    },
    async (req, reply) => {
      const ca = req.params.ca.replace(/\.crl$/, "");
      if (ca !== "root" && ca !== "issuing")
        throw new RegistryError(
          "REG_NOT_FOUND",
          "CRLs exist for root and issuing: /pki/crl/root.crl, /pki/crl/issuing.crl",
        );
      const der = await pki.buildCrl({ ca, now: clock() });
      return reply.type("application/pkix-crl").header("cache-control", "no-cache").send(Buffer.from(der));
    },
  );
  app.post(
    "/pki/ocsp",
    {
      config: { permission: "public" },
      schema: { tags: ["pki"], summary: "RFC 6960 OCSP responder (application/ocsp-request)" },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new RegistryError(
          "REG_BAD_REQUEST",
          `Send a DER OCSP request with content-type ${OCSP_REQUEST}.`,
        );
      const der = await pki.respondOcsp(new Uint8Array(req.body), clock());
      return reply.type("application/ocsp-response").send(Buffer.from(der));
    },
  );
  app.get(
    "/pki/ocsp/:request",
    {
      config: { permission: "public" },
      schema: {
        tags: ["pki"],
        summary: "RFC 6960 OCSP, GET form (URL-encoded base64 request in the path)",
        params: Type.Object({ request: Type.String() }),
      },
    },
    async (req, reply) => {
      const der = Buffer.from(req.params.request, "base64");
      return reply
        .type("application/ocsp-response")
        .send(Buffer.from(await pki.respondOcsp(new Uint8Array(der), clock())));
    },
  );
  if (deps.tsa === true)
    app.post(
      "/pki/tsa",
      {
        config: { permission: "public" },
        schema: { tags: ["pki"], summary: "RFC 3161 timestamp authority (application/timestamp-query)" },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw new RegistryError(
            "REG_BAD_REQUEST",
            `Send a DER TimeStampReq with content-type ${TSA_QUERY}.`,
          );
        return reply
          .type("application/timestamp-reply")
          .send(Buffer.from(await pki.timestamp(new Uint8Array(req.body), clock())));
      },
    );

  app.get(
    "/api/v1/seals",
    {
      config: { permission: "seals.manage" },
      schema: {
        tags: ["pki"],
        summary:
          "E-seal certificates and their status: the departments' (role licence) and the registry's annotation seal (role annotation)",
      },
    },
    async () => {
      const now = clock();
      return {
        items: await Promise.all(
          manageableSeals(pki).map(async (s) => ({
            department: s.code,
            name: s.name,
            role: s.role,
            serial: s.serial,
            status: (await pki.statusOf(s.serial, now)).status,
          })),
        ),
      };
    },
  );

  app.post(
    "/api/v1/seals/:department/revoke",
    {
      config: { permission: "seals.manage" },
      schema: {
        tags: ["pki"],
        summary:
          "Revoke a department's e-seal certificate, or the annotation seal's by its credit code; CRL, OCSP and the trust list show it at once",
        params: Type.Object({ department: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            reason: Type.String({ enum: Object.keys(REVOCATION_REASONS) }),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const key = requireKey(req);
      const { department } = req.params;
      const reason = req.body.reason;
      if (!isRevocationReason(reason)) throw new RegistryError("REG_VALIDATION_FAILED");
      const seal = manageableSeals(pki).find((s) => s.code === department);
      if (!seal)
        throw new RegistryError(
          "REG_NOT_FOUND",
          `No e-seal certificate for ${department}; GET /api/v1/seals lists them.`,
        );
      const now = clock();
      // The audit event first: if it cannot be written, nothing is revoked.
      const r = await deps.store.apply({
        audit: [
          {
            actor: key.id,
            role: key.role,
            department: key.department,
            action: "seal.revoke",
            target: seal.serial,
            holderCode: null,
            purpose: req.body.note ?? reason,
            detail: { department, reason, role: seal.role },
            at: now.toISOString(),
          },
        ],
      });
      if (!r.ok) throw new RegistryError("REG_CONCURRENT_CHANGE");
      await pki.revokeCertificate(seal.serial, reason, now);
      deps.sealer.forgetSeals();
      return {
        department,
        role: seal.role,
        serial: seal.serial,
        status: "revoked",
        revokedAt: now.toISOString(),
        reason,
      };
    },
  );
}
