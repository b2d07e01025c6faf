// Builds the verifier-web pages for the browser tests without pulling files from under another test file that is
// serving them at the same moment: Vite builds into a staging folder, then the content-hashed assets are copied into
// dist/assets (the same name always means the same bytes) and each HTML file is swapped in by an atomic rename.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(WEB, "dist");

export async function buildPages(): Promise<void> {
  mkdirSync(path.join(DIST, "assets"), { recursive: true });
  // Inside dist: the same file system, so the renames below are atomic.
  const staging = mkdtempSync(path.join(DIST, ".staging-"));
  try {
    await build({
      configFile: path.join(WEB, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: staging, emptyOutDir: true },
    });
    for (const file of readdirSync(path.join(staging, "assets"))) {
      const to = path.join(DIST, "assets", file);
      if (existsSync(to)) continue;
      const part = `${to}.${process.pid}.part`;
      copyFileSync(path.join(staging, "assets", file), part);
      renameSync(part, to);
    }
    for (const file of readdirSync(staging).filter((f) => f.endsWith(".html")))
      renameSync(path.join(staging, file), path.join(DIST, file));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
