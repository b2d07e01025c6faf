// Builds the public verifier page into verifier-web/dist, which the registry serves at / and /v.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: "/",
  // Nothing of the page may come from elsewhere: the registry's CSP allows 'self' only.
  build: { outDir: path.join(here, "dist"), emptyOutDir: true, target: "es2022", assetsInlineLimit: 0 },
  // `npx vite` in verifier-web: the page with a registry running on :8080 behind it.
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/.well-known": "http://127.0.0.1:8080" },
  },
});
