// A cross-process lock on the PKI directory, so two processes starting at once do not both create a PKI.
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

const STALE_MS = 120_000;

/** Runs `task` holding <dir>/.lock (a directory: mkdir is atomic). A lock older than two minutes is taken over. */
export async function withDirLock<T>(dir: string, task: () => Promise<T>, waitMs = 30_000): Promise<T> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lock = join(dir, ".lock");
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > waitMs) {
        throw new Error(`Timed out waiting for ${lock}; remove it if no other process is creating the PKI.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
