// One HTTP server of the status benchmark, in a child process of its own (forked by status.ts) so that it has a core
// to itself and its CPU time and peak RSS are its own: the real registry app on the seeded SQLite store, or a bare
// fastify route returning a constant. Answers { port } once listening and { cpuMs, peakRssMb } when told to stop.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { FileKeyStore, LicenceSealer, createDevPki, readPkiSpec } from "@elicence/signer";
import { buildApp, loadCatalogue, openSqliteStore, DocumentStore } from "@elicence/registry";
import { TEMPLATES_DIR, catalogueDepartments, catalogueTypes } from "./licence-jobs.js";
import { cpuMsSince, peakRssMb } from "./measure.js";

export type StatusServerRequest =
  | { kind: "start"; mode: "registry"; dbPath: string; rateLimitMax: number }
  | { kind: "start"; mode: "bare" }
  | { kind: "stop" };

export type StatusServerReply =
  | { kind: "listening"; port: number }
  | { kind: "stopped"; cpuMs: number; peakRssMb: number }
  | { kind: "failed"; error: string };

async function registryApp(dbPath: string, rateLimitMax: number, work: string): Promise<FastifyInstance> {
  const store = openSqliteStore(dbPath);
  await store.migrate();
  const now = new Date();
  const pki = await createDevPki({
    dir: path.join(work, "pki"),
    spec: await readPkiSpec(),
    departments: catalogueDepartments(catalogueTypes()),
    baseUrl: "http://127.0.0.1:8080/",
    now: new Date(now.getTime() - 3_600_000),
    // A throwaway PKI: a low scrypt cost only shortens the start.
    keyStore: new FileKeyStore(path.join(work, "pki", "keys"), "bench passphrase", {
      scrypt: { log2N: 12, r: 8, p: 1 },
    }),
  });
  const { app } = await buildApp({
    store,
    catalogue: loadCatalogue(TEMPLATES_DIR),
    baseUrl: "http://127.0.0.1:8080",
    signing: {
      pki,
      sealer: new LicenceSealer({ templatesDir: TEMPLATES_DIR, pki }),
      documents: new DocumentStore(path.join(work, "documents")),
    },
    // The benchmark's one client address would hit the per-address limit (120 a minute) at once.
    liveStatus: { rateLimitMax, rateLimitWindowMs: 60_000 },
  });
  app.addHook("onClose", async () => store.close());
  return app;
}

function bareApp(): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get("/constant", async () => ({ state: "01" }));
  return app;
}

let app: FastifyInstance | undefined;
let work: string | undefined;
let cpu0 = process.cpuUsage();

const send = (m: StatusServerReply) => process.send?.(m);

process.on("message", (m: StatusServerRequest) => {
  void (async () => {
    try {
      if (m.kind === "start") {
        work = await mkdtemp(path.join(tmpdir(), "elicence-bench-status-"));
        app = m.mode === "registry" ? await registryApp(m.dbPath, m.rateLimitMax, work) : bareApp();
        await app.listen({ host: "127.0.0.1", port: 0 });
        const address = app.server.address();
        if (address === null || typeof address === "string") throw new Error("no TCP address");
        cpu0 = process.cpuUsage();
        send({ kind: "listening", port: address.port });
      } else {
        const cpuMs = cpuMsSince(cpu0);
        await app?.close();
        if (work) await rm(work, { recursive: true, force: true });
        send({ kind: "stopped", cpuMs, peakRssMb: peakRssMb() });
        process.disconnect();
      }
    } catch (e) {
      send({ kind: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      process.exitCode = 1;
      process.disconnect();
    }
  })();
});
