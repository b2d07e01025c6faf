// Entry of a sealing worker thread: a worker starts without the parent's TypeScript loader (vitest's or tsx's), so
// it registers tsx itself before importing the TypeScript body.
// (Compiled, the pool starts dist/<worker>.js instead: signer/src/worker-entry.ts.)
import { register } from "tsx/esm/api";

register();
await import("./sealing-worker.ts");
