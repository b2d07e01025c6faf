// The server of the memory benchmark, in a child process of its own (forked by memory.ts) so that its resident set is
// its own: the registry app with signing on a fresh SQLite store (the test harness: the shipped catalogue, a dev PKI,
// keys for every role), its limits the defaults, listening on loopback. It issues one licence and writes its sealed
// PDF for the uploads; answers { port, pdf, issuerKey, dir } once listening, and closes when told to stop.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  auth,
  exampleIssue,
  startHarness,
  TYPES,
  type Harness,
} from "../../registry/test/support/harness.js";

export type MemoryServerReply =
  | { kind: "listening"; port: number; pdf: string; issuerKey: string; dir: string; typeCode: string }
  | { kind: "stopped" }
  | { kind: "failed"; error: string };

let h: Harness | undefined;
const send = (m: MemoryServerReply) => process.send?.(m);

async function start(): Promise<void> {
  h = await startHarness({ signing: true, start: new Date(), verifyPdf: { rateLimitMax: 1_000_000 } });
  const issued = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `bench-${randomBytes(6).toString("hex")}` }),
    payload: exampleIssue(h.catalogue, TYPES.food),
  });
  if (issued.statusCode !== 201) throw new Error(`issue: ${issued.statusCode} ${issued.body}`);
  const { identifier } = issued.json<{ identifier: string }>();
  const doc = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(h.key.auditor),
  });
  if (doc.statusCode !== 200) throw new Error(`pdf: ${doc.statusCode} ${doc.body}`);
  const pdf = path.join(h.dir, "licence.pdf");
  writeFileSync(pdf, doc.rawPayload);
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  const address = h.app.server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  send({
    kind: "listening",
    port: address.port,
    pdf,
    issuerKey: h.key.issuer,
    dir: h.dir,
    typeCode: TYPES.food,
  });
}

process.on("message", (m: { kind: "start" | "stop" }) => {
  void (async () => {
    try {
      if (m.kind === "start") await start();
      else {
        await h?.close();
        send({ kind: "stopped" });
        process.disconnect();
      }
    } catch (e) {
      send({ kind: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      process.exitCode = 1;
      process.disconnect();
    }
  })();
});
