// `npm run build` (and `prepare`, so `npm ci` runs it): compiles the `elicence` command and its worker threads to
// dist/ with esbuild, then the pages (verifier-web/dist) with Vite, so nothing pays TypeScript compilation at run time.
// - Workspace code (@elicence/*, scripts/cli) is bundled, with code splitting so each command still loads only its own
//   modules; every npm dependency stays external (native parts, files read next to themselves: fonts, wasm, pdfjs).
// - In each bundled module `import.meta.url` still means its source file (rewritten to a URL relative to the bundle),
//   so paths to certs/, templates/, verifier-web/dist and createRequire() resolve exactly as from the sources.
// - ELICENCE_COMPILED is defined true: the worker pools start dist/<name>.js instead of the tsx entry
//   (signer/src/worker-entry.ts).
// - dist/build-info.json lists the source files that went in: the bin (scripts/elicence.mjs) runs dist/ only while
//   none of them is newer, and otherwise runs the sources through tsx (a terminal gets a one-line note why).
// ELICENCE_SKIP_BUILD=1 skips everything (the Dockerfile installs dependencies before it copies the sources).
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DIST = path.join(REPO_ROOT, "dist");
export const BUILD_INFO = path.join(DIST, "build-info.json");

/** Output name → source entry. The worker names are the ones signer/src/worker-entry.ts asks for. */
export const ENTRIES = {
  elicence: "scripts/cli/main.ts",
  "sealing-worker": "signer/src/pool/sealing-worker.ts",
  "validation-worker": "signer/src/validation/worker/validation-worker.ts",
} as const;

export interface BuildInfo {
  builtAt: string;
  /** Source files bundled into dist/, relative to the repository root. */
  inputs: string[];
}

const RAW = Symbol("resolve without the plugin");

/** "pdf-lib" of "pdf-lib/x", "@scope/name" of "@scope/name/x". */
const packageName = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/** The node_modules folder Node finds `name` in, looking up from `dir`. */
function packageDir(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

const META_URL = /\bimport\.meta\.url\b/gu;
const META_PATH = /\bimport\.meta\.(dirname|filename)\b/u;

/** Compiles the CLI and the workers into dist/; returns what went in. */
export async function buildCli(): Promise<BuildInfo> {
  const esbuild = await import("esbuild");
  const sourceUrls: Plugin = {
    name: "elicence-source-urls",
    setup(b) {
      // Bare specifiers other than the workspace's own packages are npm dependencies, loaded from node_modules at
      // run time as seen from dist/. Where the importing workspace has its own copy (registry/node_modules/ajv: the
      // root one is another major version), the import names that copy's file instead.
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith("@elicence/") || args.path.startsWith("node:") || args.pluginData === RAW)
          return undefined;
        const name = packageName(args.path);
        if (packageDir(args.resolveDir, name) === packageDir(DIST, name)) return { external: true };
        const r = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: RAW,
        });
        if (r.errors.length > 0) return { errors: r.errors };
        return { path: `./${path.relative(DIST, r.path).split(path.sep).join("/")}`, external: true };
      });
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        const where = path.relative(REPO_ROOT, args.path);
        if (META_PATH.test(text))
          throw new Error(
            `${where}: use fileURLToPath(import.meta.url) instead of import.meta.dirname/filename`,
          );
        const rel = path.relative(DIST, args.path).split(path.sep).join("/");
        return {
          contents: text.replace(META_URL, `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
          loader: "ts",
        };
      });
    },
  };
  // Built beside dist/ and swapped in whole, so a command starting meanwhile finds the old build or the new one.
  const next = `${DIST}.next-${process.pid}`;
  await rm(next, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES)),
    outdir: next,
    entryNames: "[name]",
    // Chunks beside the entries: every bundle sits at the same depth, which the import.meta.url rewrite relies on.
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    define: { ELICENCE_COMPILED: "true" },
    plugins: [sourceUrls],
  });
  const info: BuildInfo = {
    builtAt: new Date().toISOString(),
    inputs: Object.keys(result.metafile.inputs)
      .map((p) => path.relative(REPO_ROOT, path.resolve(REPO_ROOT, p)).split(path.sep).join("/"))
      .sort(),
  };
  await writeFile(path.join(next, path.basename(BUILD_INFO)), `${JSON.stringify(info, null, 2)}\n`);
  const old = `${DIST}.old-${process.pid}`;
  await rename(DIST, old).catch(() => undefined);
  await rename(next, DIST);
  await rm(old, { recursive: true, force: true });
  return info;
}

/** Builds the verifier page, the window desk and the holder page into verifier-web/dist. */
export async function buildPages(): Promise<void> {
  const vite = await import("vite");
  await vite.build({ configFile: path.join(REPO_ROOT, "verifier-web", "vite.config.ts"), logLevel: "warn" });
}

/** Whether a build tool is installed (`npm ci --omit=dev` leaves out Vite). */
async function installed(name: string): Promise<boolean> {
  try {
    await import(name);
    return true;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  if (process.env.ELICENCE_SKIP_BUILD === "1") {
    console.error("elicence build: skipped (ELICENCE_SKIP_BUILD=1)");
    return 0;
  }
  const unknown = argv.filter((a) => a !== "cli" && a !== "pages");
  if (unknown.length > 0) {
    console.error(`usage: npm run build [-- cli|pages]  (unknown: ${unknown.join(" ")})`);
    return 2;
  }
  const want = (part: string) => argv.length === 0 || argv.includes(part);
  if (want("cli")) {
    if (!(await installed("esbuild"))) {
      console.error(
        "elicence build: esbuild is not installed; the CLI will run from the TypeScript sources (tsx)",
      );
    } else {
      const started = performance.now();
      const info = await buildCli();
      console.error(
        `elicence build: dist/ (${info.inputs.length} source files) in ${Math.round(performance.now() - started)} ms`,
      );
    }
  }
  if (want("pages")) {
    if (!(await installed("vite"))) {
      console.error("elicence build: vite is not installed (dev dependency); the pages were not built");
    } else {
      const started = performance.now();
      await buildPages();
      console.error(`elicence build: verifier-web/dist in ${Math.round(performance.now() - started)} ms`);
    }
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  process.exitCode = await main(process.argv.slice(2));
