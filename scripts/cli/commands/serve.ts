// `elicence serve`: the registry's HTTP API and pages, the expiry sweep and background sealing.
import path from "node:path";
import { parseArgs } from "node:util";
import {
  buildApp,
  checkPublicBaseUrl,
  describeStorageFault,
  diskProbe,
  DocumentStore,
  Janitor,
  loadConfig,
  loggerOptions,
  openRuntime,
  openSigning,
  readBaseUrlRecord,
  RegistryError,
  rootSpkiSha256Hex,
  sealUntilSettled,
  storageFault,
  unparkAll,
} from "@elicence/registry";
import type { RegistryErrorCode } from "@elicence/registry/errors.js";
import { chooseFirstBaseUrl, processTerminal, type Terminal } from "../base-url-choice.js";
import { CLI_ACTOR, REPO_ROOT, type Command, type Env, type Out } from "../context.js";

/**
 * The configuration to serve with, the base URL settled first: none recorded → asked on a terminal (or the configured
 * one, warned about when loopback); the recorded one differing → refused by openSigning unless accepted.
 */
async function serveConfig(env: Env, out: Out, terminal: Terminal) {
  const config = loadConfig(env, REPO_ROOT);
  // Refused before anything is opened or asked (openSigning checks again whatever the answer).
  checkPublicBaseUrl(config.baseUrl, config.production, "ELICENCE_BASE_URL");
  if (await readBaseUrlRecord(config.dataDir)) return config;
  return loadConfig(await chooseFirstBaseUrl(config.baseUrl, env, out, terminal), REPO_ROOT);
}

/**
 * Serving starts only on a data directory that takes a durable write and has ELICENCE_DISK_MIN_FREE left: otherwise
 * the first licence would fail. Refused with the disk check's own words (REG_STORAGE_FULL / REG_STORAGE_READ_ONLY).
 */
async function refuseUnwritableDataDir(dataDir: string, minFreeBytes: number): Promise<void> {
  const disk = await diskProbe(dataDir, minFreeBytes)();
  if (disk.state !== "ok" && disk.code)
    throw new RegistryError(disk.code as RegistryErrorCode, `${disk.message ?? disk.code}; then start again`);
}

/** How long a stop waits for requests in progress before closing their connections. */
const SHUTDOWN_GRACE_MS = 5_000;

/** `elicence serve`: the registry, until SIGINT or SIGTERM. */
export const serveCommand: Command = async (args, out, env) => {
  // A mistyped option is a usage error (ERR_PARSE_ARGS): main.ts prints it with this command's usage.
  const { values } = parseArgs({
    args,
    options: { "accept-new-base-url": { type: "boolean" }, "confirm-clock": { type: "boolean" } },
    allowPositionals: false,
    strict: true,
  });
  const config = await serveConfig(env, out, processTerminal());

  const rt = await openRuntime(config);
  let signing;
  try {
    await refuseUnwritableDataDir(config.dataDir, config.limits.diskMinFreeBytes);
    signing = await openSigning(config, rt.catalogue, new Date(), {
      acceptNew: values["accept-new-base-url"] === true,
      confirmClock: values["confirm-clock"] === true,
      store: rt.store,
      actor: CLI_ACTOR,
    });
  } catch (e) {
    await rt.close();
    throw e;
  }
  // Repairs after a killed start (a dead process's PKI lock, a half-created PKI set aside): said once, not silent.
  for (const notice of signing.notices) out.log(`recovered: ${notice}`);
  if (signing.baseUrl.outcome === "changed")
    out.log(
      `recorded the new public base URL ${signing.baseUrl.baseUrl} (was ${signing.baseUrl.previous}); seals and service certificates issued again with its links. Earlier PDFs still carry the old one: \`elicence reseal --since DATE\` gives them new documents`,
    );
  else if (signing.baseUrl.outcome === "recorded")
    out.log(
      `recorded the public base URL ${signing.baseUrl.baseUrl} in ${config.dataDir}${
        signing.created
          ? ""
          : "; licences sealed before carry the URL their PKI was made with: `elicence reseal --since DATE` gives them documents carrying this one"
      }`,
    );
  const documents = new DocumentStore(path.join(config.dataDir, "documents"));
  const { app, service, imports, readiness, clockGuard } = await buildApp({
    store: rt.store,
    catalogue: rt.catalogue,
    logger: loggerOptions(config.logLevel),
    baseUrl: config.baseUrl,
    basePath: config.basePath,
    signing: { pki: signing.pki, sealer: signing.sealer, documents },
    serviceItems: rt.serviceItems,
    redisUrl: config.redisUrl,
    imports: { dir: path.join(config.dataDir, "imports") },
    verifyPdf: { tmpDir: path.join(config.dataDir, "uploads") },
    expose: { metrics: config.publicMetrics, tsa: config.publicTsa },
    trustProxy: config.trustProxy,
    limits: config.limits,
  });
  // Down (503 REG_STORAGE_FULL / REG_STORAGE_READ_ONLY) while the data directory cannot take a durable write or has
  // less than ELICENCE_DISK_MIN_FREE; asked afresh each time, so it turns ready again by itself.
  readiness.add("disk", diskProbe(config.dataDir, config.limits.diskMinFreeBytes));
  // Leftovers of crashes and ended imports: swept at start (in the background) and every hour.
  const janitor = new Janitor({
    dataDir: config.dataDir,
    store: rt.store,
    imports,
    log: {
      info: (report, message) => app.log.info({ janitor: report }, message),
      warn: (err, message) => app.log.warn({ err }, message),
    },
  });
  const sweep = async () => {
    try {
      const n = await service.sweepExpired();
      if (n > 0) app.log.info({ changed: n }, "sweep recorded lapsed licences and renewals that took effect");
    } catch (e) {
      app.log.error({ err: e }, "expiry sweep failed");
    }
  };
  // Bulk conversions store licences first; their PDFs are sealed here, in the background, a batch at a time. A version
  // that cannot be sealed is logged once and parked, never blocking the others (registry/src/licences/seal-pending.ts).
  let sealing = false;
  // A full or read-only disk pauses sealing until it is fixed: said once when it starts and once when sealing
  // resumes, not every five seconds in between.
  let paused: string | null = null;
  const sealPending = async () => {
    if (sealing) return;
    sealing = true;
    try {
      await sealUntilSettled(service, app.log);
      if (paused) app.log.info({ code: paused }, `background sealing resumed after ${paused}`);
      paused = null;
    } catch (e) {
      const fault = storageFault(e);
      if (!fault) app.log.error({ err: e }, "background sealing failed");
      else if (paused !== fault.code) {
        paused = fault.code;
        app.log.error(
          { code: fault.code, cause: fault.cause, path: fault.path },
          `background sealing paused: ${describeStorageFault(fault)}; it resumes by itself once the data directory is writable (GET /readyz)`,
        );
      }
    } finally {
      sealing = false;
    }
  };
  if (values["confirm-clock"] === true) {
    // Audited before the first sweep, which it lets exceed its bounds (health/clock-guard.ts).
    const c = await clockGuard.confirm(CLI_ACTOR, "elicence serve --confirm-clock");
    out.log(
      `confirmed the clock ${c.confirmedAt}${c.clock.reference ? ` (it was ${c.clock.state} against ${c.clock.reference.source} ${c.clock.reference.at})` : ""}; the first expiry sweep may exceed its bounds`,
    );
  }
  // A fallback font or a new seal certificate takes effect on a restart: parked versions get one more try each.
  const unparked = await unparkAll(rt.store, () => new Date());
  if (unparked > 0)
    app.log.info({ unparked }, "parked licence documents will be tried again (each start retries them once)");
  await sweep();
  const timer = setInterval(() => void sweep(), 3600_000);
  timer.unref();
  const sealTimer = setInterval(() => void sealPending(), 5_000);
  sealTimer.unref();
  const address = await app.listen({ port: config.port, host: config.host });
  void janitor.start().catch((e: unknown) => app.log.error({ err: e }, "janitor sweep failed"));
  const anyKey = (await rt.store.listKeys()).some((k) => k.role === "admin" && !k.revokedAt);
  out.log(
    `eLicence registry listening on ${address}${config.basePath}  (API docs: ${address}${config.basePath}/docs); public base URL ${config.baseUrl}`,
  );
  out.log(
    `data directory: ${config.dataDir} (${rt.store.kind}); ${rt.catalogue.list().length} licence types`,
  );
  out.log(
    `${signing.created ? "created" : "loaded"} the DEVELOPMENT PKI (not for production): ${signing.pki.departments().length} department e-seals; root CA at ${config.baseUrl}/pki/certs/root.pem`,
  );
  // What the verifier page pins (its footer shows it): an operator compares the two.
  out.log(`trust anchor (root SPKI SHA-256): ${rootSpkiSha256Hex(signing.pki.root)}`);
  if (!anyKey) {
    out.log("No admin key exists yet. Create the first one (it is printed once):");
    out.log("  npx elicence keys create --role admin");
    out.log("then keys for departments, e.g.: npx elicence keys create --role issuer --department <USCC>");
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  clearInterval(timer);
  clearInterval(sealTimer);
  await janitor.stop();
  // Requests in progress get a few seconds to finish; then their connections are closed. Without the bound an upload
  // arriving slowly (but above the least pace) held a SIGTERM for as long as it lasted, up to an hour, saying nothing.
  const closing = app.close();
  const cut = setTimeout(() => {
    out.log(
      `stopping: requests still in progress after ${SHUTDOWN_GRACE_MS / 1000} s; closing their connections`,
    );
    app.server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  await closing;
  clearTimeout(cut);
  await signing.close();
  await rt.close();
  return 0;
};
