// Builds the public verifier page, the window desk, the issuing office and the holder page into verifier-web/dist,
// which the registry serves at / and /v, /desk, /issue and /holder.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { htmlPartials } from "./html-partials.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The pages by the path the registry serves them at, and their HTML entry. */
export const PAGES = {
  index: path.join(here, "index.html"),
  desk: path.join(here, "desk.html"),
  issue: path.join(here, "issue.html"),
  holder: path.join(here, "holder.html"),
} as const;

// `npx vite`: /desk, /issue and /holder as the registry serves them (the dev server alone knows only the .html files).
const pageRoutes: Plugin = {
  name: "elicence-page-routes",
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const m = /^\/(desk|issue|holder)\/?(\?.*)?$/.exec(req.url ?? "");
      if (m) req.url = `/${m[1]}.html${m[2] ?? ""}`;
      next();
    });
  },
};

// The trust anchor (root SPKI SHA-256, hex) for `npx vite` and for pages hosted without the registry: when
// ELICENCE_TRUST_ANCHOR is set it goes into index.html. The registry replaces it with its own PKI's anchor when it
// serves the page (registry/src/http/routes/web.ts), since `npm ci` builds before the PKI exists.
const trustAnchor: Plugin = {
  name: "elicence-trust-anchor",
  transformIndexHtml: {
    order: "post",
    handler(html, ctx) {
      const anchor = process.env.ELICENCE_TRUST_ANCHOR?.trim().toLowerCase();
      if (!anchor || !/^[0-9a-f]{64}$/u.test(anchor) || !ctx.filename.endsWith("index.html")) return html;
      return html.replace("</head>", `<meta name="elicence-trust-anchor" content="${anchor}" />\n</head>`);
    },
  },
};

export default defineConfig({
  root: here,
  base: "/",
  plugins: [htmlPartials(path.join(here, "partials")), pageRoutes, trustAnchor],
  // URLs inside the scripts (chunk preloads) relative to the script: they hold under any ELICENCE_BASE_PATH. The HTML's
  // root-relative ones are moved under it by the registry when it serves the page (registry/src/http/routes/web.ts).
  experimental: {
    renderBuiltUrl: (_file, { hostType }) => (hostType === "js" ? { relative: true } : undefined),
  },
  // Nothing of the pages may come from elsewhere: the registry's CSP allows 'self' only.
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    rolldownOptions: { input: PAGES },
  },
  // `npx vite` in verifier-web: the pages with a registry running on :8080 behind them.
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/.well-known": "http://127.0.0.1:8080" },
  },
});
