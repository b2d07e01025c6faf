// `elicence serve`: the registry's HTTP API and pages, the expiry sweep and background sealing.
import path from "node:path";
import { parseArgs } from "node:util";
import {
  BackgroundWork,
  buildApp,
  checkPublicBaseUrl,
  diskProbe,
  DocumentStore,
  loadConfig,
  loggerOptions,
  openRuntime,
  openSigning,
  readBaseUrlRecord,
  RegistryError,
  rootSpkiSha256Hex,
  unparkAll,
} from "@elicence/registry";
import type { RegistryErrorCode } from "@elicence/registry/errors";
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
  // The expiry sweep, background sealing (what bulk conversions stored without a PDF) and the janitor (leftovers of
  // crashes and ended imports): registry/src/background/background-work.ts.
  const background = new BackgroundWork({
    service,
    janitor: { dataDir: config.dataDir, store: rt.store, imports },
    log: app.log,
  });
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
  await background.start();
  const address = await app.listen({ port: config.port, host: config.host });
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
  await background.stop();
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
