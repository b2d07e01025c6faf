// The registry as a fastify application: `buildApp()` wires store, catalogue and clock into the routes. Tests call
// it and use `app.inject()`; `elicence serve` listens on a port.
import AjvCompiler from "@fastify/ajv-compiler";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Catalogue } from "../catalogue/index.js";
import type { Store } from "../store/store.js";
import { LicenceService, type LicenceEvents } from "../licences/licence-service.js";
import { KeyService } from "../auth/key-service.js";
import { Metrics } from "../metrics.js";
import { registerAuth } from "./auth.js";
import { registerErrorHandler } from "./error-handler.js";
import { licenceTypeRoutes } from "./routes/licence-types.js";
import { licenceRoutes } from "./routes/licences.js";
import { peopleRoutes } from "./routes/people.js";
import { adminRoutes } from "./routes/admin.js";
import { DETAIL_CODES, RegistryError } from "../errors.js";
import { Readiness, readinessDetails } from "../health/readiness.js";
import { ClockGuard } from "../health/clock-guard.js";
import { clockRoutes } from "./routes/clock.js";
import { sealingProbe } from "../health/sealing-probe.js";
import { trustListBody, type DevPki, type LicenceSealer } from "@elicence/signer";
import { rootSpkiSha256Hex } from "../signing/trust-anchor.js";
import type { DocumentStore } from "../documents/document-store.js";
import { RegistryDocumentSealer } from "../signing/document-sealer.js";
import { registryAnnotatedCopyMaker } from "../signing/annotated-copy-maker.js";
import { pkiRoutes } from "./routes/pki.js";
import { documentRoutes } from "./routes/documents.js";
import { annotatedCopyRoutes } from "./routes/annotated-copy.js";
import { holderDocumentRoutes } from "./routes/holder-documents.js";
import { verifyPdfRoutes } from "./routes/verify-pdf.js";
import { LiveStatus, type LiveStatusOptions } from "../status/live-status.js";
import { ServiceItems } from "../service-items/service-items.js";
import { DepartmentNames } from "../stats/department-names.js";
import { CookieSessions } from "../sessions/cookie-sessions.js";
import { StaffSignIn } from "../sessions/staff-sign-in.js";
import type { HolderAuthenticator } from "../holders/holder-authenticator.js";
import { ShareCodeAuthenticator } from "../holders/share-code-authenticator.js";
import { HolderSignIn } from "../holders/holder-sign-in.js";
import { HolderView } from "../holders/holder-view.js";
import { ShareCodes } from "../holders/share-codes.js";
import { ImportJobs } from "../conversion/jobs/import-jobs.js";
import { serviceItemRoutes } from "./routes/service-items.js";
import { materialsRoutes } from "./routes/materials.js";
import { statsRoutes } from "./routes/stats.js";
import { importRoutes } from "./routes/imports.js";
import { staffSessionRoutes } from "./routes/staff-session.js";
import { holderRoutes } from "./routes/holder.js";
import { webRoutes } from "./routes/web.js";
import type { UploadPace } from "./upload-pace.js";
import { verifyPdfLimiter } from "./verify-pdf-limiter.js";
import { reasonCodeRoutes } from "./routes/reason-codes.js";
import { registerSecurityHeaders, docsCsp } from "./security-headers.js";
import { clientErrorHandler, frameworkErrors } from "./pre-routing-errors.js";
import { rejectUnencodedUrls } from "./url-encoding.js";
import { registerJsonBodyParser } from "./json-body.js";
import { statusPlugin } from "./routes/status.js";
import { requireHostHeader } from "./host-header.js";
import { DEFAULT_LIMITS, type Limits } from "../limits.js";
import { AttemptLimiter } from "../sessions/attempt-limiter.js";

export interface AppDeps {
  store: Store;
  catalogue: Catalogue;
  clock?: () => Date;
  /** Watch the clock for a step back while running (health/clock-guard.ts); default: on for the real clock only. */
  watchClockSteps?: boolean;
  logger?: FastifyServerOptions["logger"];
  /**
   * Extra hooks on licence changes, called after the registry's own (live-status cache, metrics): for tests and
   * embedders that observe issuance, state changes and lookups. Sealing does not go through these: each version is
   * sealed as it is written (signing/document-sealer.ts), and what is left waits for background sealing (background/).
   */
  events?: LicenceEvents;
  /** Public base URL: the OpenAPI servers list and the QR codes' verification URLs. */
  baseUrl?: string;
  /**
   * ELICENCE_BASE_PATH (e.g. "/elicence"; "" or absent: the root): every route also answers under it, as a reverse
   * proxy that passes the path on sends it, and the pages link and fetch under it.
   */
  basePath?: string;
  /** The built pages (verifier-web/dist by default). */
  webDist?: string;
  /** PKI and sealing: licences get sealed PDFs, the PKI routes are served. Without it, no PDFs (tests of the core). */
  signing?: { pki: DevPki; sealer: LicenceSealer; documents: DocumentStore };
  /** REDIS_URL: the live-status cache and rate limiter are shared through Redis; in-process without it. */
  redisUrl?: string | null;
  /** Live status and trust list (served with `signing`): rate limit, cache and trust-list freshness. */
  liveStatus?: LiveStatusOptions;
  /** Service items (templates/service-items/, loadServiceItems); none when absent. */
  serviceItems?: ServiceItems;
  /** Bulk conversion over HTTP: where jobs keep their files (default: a temp folder), the upload limit. */
  imports?: { dir?: string; maxBytes?: number; batchSize?: number };
  /**
   * POST /api/v1/verify/pdf uploads per client address and window (default 10 a minute), and where admitted uploads
   * wait as files (default the OS temp folder; prefer the data directory to a RAM-backed /tmp).
   */
  verifyPdf?: {
    rateLimitMax?: number;
    rateLimitWindowMs?: number;
    tmpDir?: string;
    perAddress?: number;
    uploadPace?: UploadPace;
  };
  /**
   * Sizes, rates and sign-in failure counts (config.limits, from the environment); each missing one is its default
   * (limits.ts). The narrower options above (imports.maxBytes, verifyPdf, liveStatus) win over these.
   */
  limits?: Partial<Limits>;
  /**
   * Operational routes off the public listener unless configured (ELICENCE_PUBLIC_METRICS, ELICENCE_PUBLIC_TSA): /metrics
   * tells anyone the registry's volumes per department, /pki/tsa timestamps anything for anyone. Default: neither.
   */
  expose?: { metrics?: boolean; tsa?: boolean };
  /**
   * Reverse proxies whose X-Forwarded-For is believed (ELICENCE_TRUST_PROXY); none by default. Behind a proxy not named
   * here every client is the proxy's address, so one client's failures would count against everyone.
   */
  trustProxy?: readonly string[];
  /** How holders prove who they are; default the one-time share code. A national OIDC login can replace it. */
  holderAuthenticator?: HolderAuthenticator;
  /** The probes /readyz runs (the store's is added here); the serve command adds disk, keys and clock. */
  readiness?: Readiness;
}

export interface RegistryApp {
  app: FastifyInstance;
  service: LicenceService;
  keys: KeyService;
  metrics: Metrics;
  /** Background import jobs (stopped by app.close()). */
  imports: ImportJobs;
  /** Desk, issuing office and holder sessions. */
  sessions: CookieSessions;
  /** What /readyz checks: add a probe for each part that can fail on its own. */
  readiness: Readiness;
  /** The clock-jump guard: `serve --confirm-clock` confirms through it. */
  clockGuard: ClockGuard;
}

/**
 * Routes are declared at the root; a request under the base path is routed without it (/elicence/api/v1/… →
 * /api/v1/…). One outside it is routed as it is: a proxy that strips the prefix itself (nginx `proxy_pass …/;`) works
 * too, and health probes need not know the path.
 */
export function stripBasePath(basePath: string): (req: { url?: string }) => string {
  return (req) => {
    const url = req.url ?? "/";
    if (url === basePath) return "/";
    if (url.startsWith(basePath) && /^[/?#]/u.test(url.charAt(basePath.length))) {
      const rest = url.slice(basePath.length);
      return rest.startsWith("/") ? rest : `/${rest}`;
    }
    return url;
  };
}

const validatorPool = AjvCompiler();

/**
 * Query strings, path parameters and headers are text, so their values are coerced to the schema's types (?limit=50);
 * a JSON body says what it means, so nothing in it is: `"holder": {"name": true}` is refused as not a string, never
 * issued to a holder named "true".
 */
function strictBodyValidators(
  externalSchemas: Parameters<typeof validatorPool>[0],
  options: Parameters<typeof validatorPool>[1],
): ReturnType<typeof validatorPool> {
  const coercing = validatorPool(externalSchemas, options);
  const custom = (options as { customOptions?: Record<string, unknown> } | undefined)?.customOptions ?? {};
  const strict = validatorPool(externalSchemas, {
    ...options,
    customOptions: { ...custom, coerceTypes: false },
  } as NonNullable<typeof options>);
  return (route) => (route.httpPart === "body" ? strict(route) : coercing(route));
}

export async function buildApp(deps: AppDeps): Promise<RegistryApp> {
  const clock = deps.clock ?? (() => new Date());
  const readiness = deps.readiness ?? new Readiness();
  readiness.add("store", async () =>
    (await deps.store.ping())
      ? { state: "ok" }
      : { state: "down", code: "REG_STORE_UNREACHABLE", message: DETAIL_CODES.REG_STORE_UNREACHABLE },
  );
  readiness.add("sealing", sealingProbe(deps.store));
  const limits: Limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const signInWindowMs = limits.signInWindowMinutes * 60_000;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: limits.bodyBytes,
    // A request without Host is refused by requireHostHeader (host-header.ts) in our error shape, not Node's bare 400.
    http: { requireHostHeader: false },
    // OCSP GET requests carry ~200 characters of base64 in the path.
    routerOptions: { maxParamLength: 1024 },
    // Only the named proxies' X-Forwarded-For: req.ip is what every per-client limit counts.
    trustProxy: deps.trustProxy && deps.trustProxy.length > 0 ? [...deps.trustProxy] : false,
    // Answers before routing (bad %-escapes, over-long parameters) with our headers and error shape.
    frameworkErrors,
    // What Node's HTTP parser refuses (a raw non-ASCII byte in the URL, as curl sends `?purpose=食品`), answered in kind.
    clientErrorHandler(err, socket) {
      clientErrorHandler(app.log, err, socket);
    },
    ...(deps.basePath ? { rewriteUrl: stripBasePath(deps.basePath) } : {}),
    // Every schema problem at once, not only the first.
    ajv: { customOptions: { allErrors: true, coerceTypes: "array", removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators } },
  });

  const metrics = new Metrics();
  // A clock jump must not expire the registry (issue 11): the sweep asks this guard, /readyz reports it.
  const clockGuard = new ClockGuard({
    store: deps.store,
    clock,
    watchSteps: deps.watchClockSteps ?? deps.clock === undefined,
    limits,
    pki: deps.signing?.pki ?? null,
    warn: (fields, message) => app.log.warn(fields, message),
  });
  readiness.add("clock", () => clockGuard.probe());
  const documentSealer = deps.signing
    ? new RegistryDocumentSealer(
        deps.signing.sealer,
        deps.signing.documents,
        deps.baseUrl ?? "http://127.0.0.1:8080",
      )
    : null;
  const liveStatus = deps.signing
    ? new LiveStatus(
        deps.store,
        deps.redisUrl ?? null,
        { rateLimitMax: limits.statusPerMinute, ...deps.liveStatus },
        readiness,
      )
    : null;
  const service = new LicenceService(
    deps.store,
    deps.catalogue,
    clock,
    {
      onVersionCreated: (r) => {
        liveStatus?.invalidate(r);
        metrics.countIssuance();
        deps.events?.onVersionCreated?.(r);
      },
      onStateChanged: (r) => {
        liveStatus?.invalidate(r);
        deps.events?.onStateChanged?.(r);
      },
      onLookup: (k) => {
        metrics.countLookup(k);
        deps.events?.onLookup?.(k);
      },
      onMaterialsChecked: (n, d, item) => {
        metrics.countExempted(n, d, item);
        deps.events?.onMaterialsChecked?.(n, d, item);
      },
    },
    documentSealer,
    clockGuard,
  );
  const keys = new KeyService(deps.store, clock);
  const serviceItems = deps.serviceItems ?? new ServiceItems();
  const departments = new DepartmentNames(deps.catalogue, serviceItems);
  const sessions = new CookieSessions(deps.store, clock, (deps.baseUrl ?? "").startsWith("https:"));
  const parseHolder = (raw: string, field: string) => service.holderCode(raw, field);
  const imports = new ImportJobs(
    { service, store: deps.store, catalogue: deps.catalogue },
    {
      clock,
      ...(deps.imports?.dir ? { dir: deps.imports.dir } : {}),
      ...(deps.imports?.batchSize ? { batchSize: deps.imports.batchSize } : {}),
      xlsxLimits: limits,
      quotaBytes: limits.importQuotaBytes,
      logError: (err, jobId) => app.log.error({ err, jobId }, "import job failed"),
    },
  );
  app.addHook("onClose", async () => imports.close());

  // First, before any plugin adds routes: a route takes the error handler in force when it is added, so the swagger
  // routes (/docs, /docs/json, /docs/static/…) registered before it answered fastify's own body
  // ({ statusCode, error }, no details) to a bad query string.
  registerErrorHandler(app);

  // The swagger-ui routes carry no permission of ours: mark them public explicitly. onRoute hooks only see routes
  // added after them, so this comes before the plugins register theirs.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/docs")) route.config = { ...(route.config as object), permission: "public" };
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "eLicence registry API (证照库)",
        version: "1.0.0",
        description:
          "Electronic licences keyed by citizen ID number or unified social credit code. Errors: docs/errors.md.",
      },
      ...(deps.baseUrl ? { servers: [{ url: deps.baseUrl }] } : {}),
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "API key from `npx elicence keys create`" },
          deskSession: {
            type: "apiKey",
            in: "cookie",
            name: "elicence_desk",
            description:
              "Window desk session from POST /api/v1/desk/session; send its CSRF token as the x-csrf-token header",
          },
          issuerSession: {
            type: "apiKey",
            in: "cookie",
            name: "elicence_issuer",
            description:
              "Issuing office session from POST /api/v1/issuer/session; send its CSRF token as the x-csrf-token header",
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    uiConfig: { docExpansion: "list" },
    // The plugin's CSP (hashes of its own inline script and styles), but nobody may frame the docs.
    staticCSP: true,
    transformStaticCSP: docsCsp,
  });

  // swagger-ui's page at /docs (no slash) links its assets as /docs/static/…, which miss the base path: send the browser
  // to /docs/, whose links are relative.
  const basePath = deps.basePath ?? "";
  if (basePath)
    app.addHook("onRequest", async (req, reply) => {
      if (req.method === "GET" && req.url.split("?")[0] === "/docs")
        return reply.redirect(`${basePath}/docs/`, 302);
    });
  registerJsonBodyParser(app);
  registerSecurityHeaders(app);
  requireHostHeader(app);
  rejectUnencodedUrls(app);
  registerAuth(app, deps.store, sessions);
  app.addHook("onResponse", async (req, reply) => {
    metrics.countRequest(req.routeOptions.url ?? "unknown", reply.statusCode);
  });

  app.get(
    "/healthz",
    { config: { permission: "public" }, schema: { tags: ["ops"], hide: true } },
    async () => ({ status: "ok" }),
  );
  app.get(
    "/readyz",
    { config: { permission: "public" }, schema: { tags: ["ops"], hide: true } },
    async (_req, reply) => {
      const report = await readiness.check();
      if (report.status === "not-ready")
        return reply.status(503).send({
          ...new RegistryError("REG_NOT_READY", undefined, readinessDetails(report)).toJSON(),
          ...report,
        });
      return { ...report, store: deps.store.kind };
    },
  );
  if (deps.expose?.metrics === true)
    app.get(
      "/metrics",
      { config: { permission: "public" }, schema: { tags: ["ops"], hide: true } },
      async (_req, reply) => reply.type("text/plain; version=0.0.4").send(await metrics.render(deps.store)),
    );

  licenceTypeRoutes(app, deps.catalogue);
  licenceRoutes(app, service);
  reasonCodeRoutes(app);
  peopleRoutes(app, service);
  serviceItemRoutes(app, serviceItems, deps.catalogue);
  materialsRoutes(app, service, serviceItems);
  statsRoutes(app, { store: deps.store, departments, serviceItems, clock });
  await importRoutes(app, {
    jobs: imports,
    catalogue: deps.catalogue,
    maxBytes: deps.imports?.maxBytes ?? limits.importBytes,
    unsealed: (department) => deps.store.countUnsealed(department),
  });
  for (const kind of ["desk", "issuer"] as const)
    staffSessionRoutes(app, kind, {
      signIn: new StaffSignIn(
        kind,
        deps.store,
        sessions,
        clock,
        new AttemptLimiter(limits.deskSignInFailuresPerAddress, signInWindowMs),
      ),
      sessions,
      departments,
    });
  holderRoutes(app, {
    shareCodes: new ShareCodes(deps.store, parseHolder, clock),
    signIn: new HolderSignIn(
      deps.store,
      sessions,
      deps.holderAuthenticator ??
        new ShareCodeAuthenticator(
          deps.store,
          parseHolder,
          new AttemptLimiter(limits.shareCodeFailuresPerHolder, signInWindowMs),
          new AttemptLimiter(limits.shareCodeFailuresPerAddress, signInWindowMs),
        ),
      clock,
    ),
    sessions,
    view: new HolderView(deps.store, service, deps.catalogue, departments, clock),
  });
  adminRoutes(app, deps.store, keys, clock);
  clockRoutes(app, clockGuard, service);
  if (deps.signing) {
    pkiRoutes(app, {
      pki: deps.signing.pki,
      sealer: deps.signing.sealer,
      store: deps.store,
      clock,
      tsa: deps.expose?.tsa === true,
    });
    documentRoutes(app, service, deps.signing.documents);
    const annotating = {
      service,
      serviceItems,
      make: registryAnnotatedCopyMaker({
        sealer: deps.signing.sealer,
        documents: deps.signing.documents,
        clock,
      }),
    };
    annotatedCopyRoutes(app, annotating);
    holderDocumentRoutes(app, { ...annotating, documents: deps.signing.documents });
    if (liveStatus) {
      liveStatus.useLog(app.log);
      app.addHook("onClose", async () => liveStatus.close());
      await app.register(statusPlugin, {
        status: liveStatus.service,
        limiter: liveStatus.limiter,
        clock,
        publicRecord: (token) => liveStatus.publicRecord(token, deps.catalogue),
        trustList: liveStatus.trustList(deps.signing.pki),
      });
    }
    const pki = deps.signing.pki;
    // The PKI's own list (unsigned: it never leaves the process): seal statuses and the types each may seal.
    await verifyPdfRoutes(app, {
      store: deps.store,
      pki,
      clock,
      catalogue: deps.catalogue,
      trustList: () => trustListBody(pki, clock()),
      limiter: verifyPdfLimiter(liveStatus?.link ?? null, {
        rateLimitMax: deps.verifyPdf?.rateLimitMax ?? limits.verifyPdfPerMinute,
        ...(deps.verifyPdf?.rateLimitWindowMs ? { rateLimitWindowMs: deps.verifyPdf.rateLimitWindowMs } : {}),
      }),
      maxBytes: limits.verifyPdfBytes,
      concurrency: limits.verifyPdfConcurrency,
      queue: limits.verifyPdfQueue,
      ...(deps.verifyPdf?.tmpDir ? { tmpDir: deps.verifyPdf.tmpDir } : {}),
      ...(deps.verifyPdf?.perAddress ? { perAddress: deps.verifyPdf.perAddress } : {}),
      ...(deps.verifyPdf?.uploadPace ? { uploadPace: deps.verifyPdf.uploadPace } : {}),
    });
  }
  webRoutes(app, {
    basePath: deps.basePath ?? "",
    ...(deps.webDist ? { distDir: deps.webDist } : {}),
    ...(deps.signing ? { trustAnchor: rootSpkiSha256Hex(deps.signing.pki.root) } : {}),
  });

  return { app, service, keys, metrics, imports, sessions, readiness, clockGuard };
}
