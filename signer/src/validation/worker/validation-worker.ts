// Body of a validation worker thread: runs phase 1 (analysePdf) on each request. Limits inside the analysis stop
// slow or deep documents; the pool's timeout and resourceLimits stop anything that escapes them.
import { parentPort } from "node:worker_threads";
import { analysePdf } from "../analyse-pdf.js";
import type { AnalyseRequest, AnalyseResponse } from "./messages.js";

const port = parentPort;
if (!port) throw new Error("validation-worker.ts runs inside a worker thread started by ValidationPool");

port.on("message", (m: AnalyseRequest) => {
  let reply: AnalyseResponse;
  try {
    const analysis = analysePdf(
      new Uint8Array(m.bytes),
      { rootDer: m.rootDer, ...(m.trustList ? { trustList: m.trustList } : {}) },
      new Date(m.now),
      m.limits,
    );
    reply = { id: m.id, ok: true, analysis };
  } catch (e) {
    reply = { id: m.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
