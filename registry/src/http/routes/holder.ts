// The holder's own view. Staff hand out a one-time share code (POST /api/v1/holders/{code}/share-codes); the holder
// signs in with it (POST /api/v1/holder/session, any HolderAuthenticator: share code today, a national OIDC login
// later) and, with the session cookie and x-csrf-token, sees their licences and who looked them up.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import { actorFromKey } from "../../licences/licence-service.js";
import type { HolderSignIn } from "../../holders/holder-sign-in.js";
import type { HolderView } from "../../holders/holder-view.js";
import type { ShareCodes } from "../../holders/share-codes.js";
import type { CookieSessions } from "../../sessions/cookie-sessions.js";
import { requireHolder, requireKey } from "../auth.js";
import { Bilingual, errorResponses, HolderCodeParams as CodeParams, LicenceView } from "../schemas.js";
import { sendSignedIn, sendSignedOut } from "./session-routes.js";
import { requireDeskApplicant } from "../../sessions/desk-applicant.js";
import { refuseStaffCredentials } from "../../holders/staff-credential-check.js";
import { clientKey } from "../../status/rate-limiter.js";

// A licence as its holder sees it: whole, and for a suspended, cancelled, deregistered or revoked one the date and the
// reason code in words (the public status's facts: never the internal note).
const HolderLicenceView = Type.Object({
  ...LicenceView.properties,
  stateChange: Type.Optional(
    Type.Object({
      at: Type.String({ description: "when the licence entered its current state" }),
      reason: Type.String({ description: "reason code (GET /api/v1/reason-codes)" }),
      reasonName: Bilingual,
    }),
  ),
});

const SignInBody = Type.Object(
  {
    holderCode: Type.String({ minLength: 1, maxLength: 64, description: "Citizen ID number or credit code" }),
    shareCode: Type.String({
      minLength: 1,
      maxLength: 40,
      description: "The code the department handed out",
    }),
  },
  { additionalProperties: false },
);

export function holderRoutes(
  server: FastifyInstance,
  deps: { shareCodes: ShareCodes; signIn: HolderSignIn; sessions: CookieSessions; view: HolderView },
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  app.post(
    "/api/v1/holders/:code/share-codes",
    {
      config: { permission: "holder.share" },
      schema: {
        tags: ["holders"],
        summary:
          "Hand the applicant at the window desk a one-time share code (valid 7 days) to see their own licences and who looked them up; purpose required; shows in the holder's access log",
        description:
          "Clerks only, from a window-desk session whose last lookup (holder lookup or materials check) was this holder: 403 REG_DESK_APPLICANT_REQUIRED otherwise. Body: purpose (1–200 characters).",
        params: CodeParams,
        // Types only: the purpose is checked with the holder code, so both problems are reported at once.
        body: Type.Optional(
          Type.Object(
            { purpose: Type.Optional(Type.String({ maxLength: 1000 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({
            shareCode: Type.String(),
            holderCode: Type.String(),
            expiresAt: Type.String(),
            singleUse: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const created = await deps.shareCodes.create(
        actorFromKey(requireKey(req)),
        req.params.code,
        req.body?.purpose,
        (holderCode) => requireDeskApplicant(req, holderCode, "code"),
      );
      return reply.status(201).header("cache-control", "no-store").send(created);
    },
  );

  app.post(
    "/api/v1/holder/session",
    {
      config: { permission: "public" },
      schema: {
        tags: ["holder"],
        summary:
          "A holder signs in with their code and a one-time share code: sets an HttpOnly session cookie and returns the CSRF token",
        security: [],
        body: SignInBody,
        response: {
          201: Type.Object({
            csrfToken: Type.String(),
            expiresAt: Type.String(),
            holderCode: Type.String(),
            method: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      sendSignedIn(
        req,
        reply,
        deps.sessions,
        "holder",
        async () => {
          refuseStaffCredentials(req, deps.sessions);
          // Counted per client as every limiter counts them (an IPv6 client by its /64): one subscriber's 2^64
          // addresses are one client, not 2^64 fresh allowances of failures.
          return deps.signIn.signIn(req.body, clientKey(req.ip));
        },
        (s) => ({
          csrfToken: s.csrfToken,
          expiresAt: s.expiresAt.toISOString(),
          holderCode: s.identity.holderCode,
          method: s.identity.method,
        }),
      ),
  );

  app.delete(
    "/api/v1/holder/session",
    {
      config: { permission: "holder.self" },
      schema: {
        tags: ["holder"],
        summary: "The holder signs out: ends the session and clears its cookies",
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      requireHolder(req);
      return sendSignedOut(req, reply, deps.sessions, "holder", (id) => deps.signIn.signOut(id));
    },
  );

  app.get(
    "/api/v1/holder/licences",
    {
      config: { permission: "holder.self" },
      schema: {
        tags: ["holder"],
        summary:
          "The signed-in holder's current licences, unmasked, each suspended, cancelled, deregistered or revoked one with the date and reason (holder session only)",
        response: {
          200: Type.Object({ holderCode: Type.String(), licences: Type.Array(HolderLicenceView) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      void reply.header("cache-control", "no-store");
      return deps.view.licences(requireHolder(req));
    },
  );

  app.get(
    "/api/v1/holder/access-log",
    {
      config: { permission: "holder.self" },
      schema: {
        tags: ["holder"],
        summary:
          "Who looked the signed-in holder up: department, role, purpose and time, newest first (holder session only)",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: {
          200: Type.Object({
            holderCode: Type.String(),
            items: Type.Array(
              Type.Object({
                at: Type.String(),
                action: Type.String(),
                role: Type.String(),
                department: Type.Union([Type.String(), Type.Null()]),
                departmentName: Type.Union([Type.String(), Type.Null()]),
                purpose: Type.Union([Type.String(), Type.Null()]),
                target: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      void reply.header("cache-control", "no-store");
      return deps.view.accessLog(requireHolder(req), req.query.limit ?? 100);
    },
  );
}
