// The pages of verifier-web/dist (built by `npm ci` / `npm run build`, or `npm run build -w verifier-web`): the public verifier (index.html) at / and
// at /v (the QR codes' URL: the signed payload rides in the fragment, which browsers never send), the window desk
// (desk.html) at /desk, the issuing office (issue.html) at /issue, the holder's page (holder.html) at /holder, and their hashed assets under /assets/. Without a
// build, a short page says how to make one instead of a bare 404.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import { Type } from "typebox";
import type { RequestTypeProvider } from "../type-provider.js";

export const DEFAULT_WEB_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../verifier-web/dist",
);

// The page loads nothing from elsewhere and talks only to this origin; the camera is its only device.
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "permissions-policy": "camera=(self), microphone=(), geolocation=()",
  "cache-control": "no-cache",
};

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>电子证照核验 · not built</title></head>
<body>
<h1>电子证照页面尚未构建</h1>
<p>The verifier-web pages have not been built on this server. Run <code>npm run build -w verifier-web</code>
(<code>npm ci</code> and <code>npm run build</code> do it for you), then reload.</p>
<p>在服务器上运行 <code>npm run build -w verifier-web</code>（<code>npm ci</code> 与 <code>npm run build</code> 会自动构建），然后刷新本页。</p>
</body></html>`;

/** The meta element the verifier page reads its trust anchor from (verifier-web/src/trust-anchor.ts). */
export const TRUST_ANCHOR_META = "elicence-trust-anchor";

/**
 * The verifier page with the trust anchor in it. Why the server and not the build: `npm ci` builds the pages before
 * the first start creates the PKI, so the build cannot know the root; the server that serves the page holds the PKI.
 * The anchor travels with the page's own code (the same origin, the same response chain), so a trust list fetched
 * later, or served by anyone else, is judged against it and can no longer bring its own root. Any anchor a build
 * baked in (ELICENCE_TRUST_ANCHOR for static hosting) is replaced by the served PKI's own.
 */
function withAnchor(html: string, anchor: string): string {
  const meta = `<meta name="${TRUST_ANCHOR_META}" content="${anchor}" />`;
  // Every meta element naming the anchor goes, however its attributes are ordered, quoted or cased: one left over
  // from a build would come before ours in the document, and the page reads the first.
  const cleaned = html.replace(
    new RegExp(`<meta\\b[^>]*\\bname\\s*=\\s*["']?${TRUST_ANCHOR_META}["']?[\\s/>][^>]*>?\\s*`, "giu"),
    "",
  );
  return cleaned.includes("</head>") ? cleaned.replace("</head>", `${meta}\n</head>`) : `${meta}\n${cleaned}`;
}

/** The meta element the pages read the base path from (verifier-web/src/common/base-path.ts). */
export const BASE_PATH_META = "elicence-base-path";

/**
 * A page served under a base path (ELICENCE_BASE_PATH): its root-relative links and assets (href="/…", src="/…", as
 * Vite writes them) are moved under it, and the path is given to the page's code for the URLs it fetches.
 */
export function underBasePath(html: string, basePath: string): string {
  if (basePath === "") return html;
  const moved = html.replace(/\b(href|src)=(["'])\/(?!\/)/gu, `$1=$2${basePath}/`);
  const meta = `<meta name="${BASE_PATH_META}" content="${basePath}" />`;
  return moved.includes("</head>") ? moved.replace("</head>", `${meta}\n</head>`) : `${meta}\n${moved}`;
}

export interface WebRouteOptions {
  /** ELICENCE_BASE_PATH ("" or e.g. "/elicence"): where the browser sees the pages, whatever path reached us. */
  basePath?: string;
  distDir?: string;
  /** SHA-256 (hex) of the root CA's SubjectPublicKeyInfo: pinned into the verifier page. Absent: no anchor is served. */
  trustAnchor?: string;
}

export function webRoutes(app: FastifyInstance, options: WebRouteOptions = {}): void {
  const dist = options.distDir ?? DEFAULT_WEB_DIST;
  const assets = path.join(dist, "assets");
  const anchor = options.trustAnchor;
  const basePath = options.basePath ?? "";
  const rendered = new Map<string, { mtimeMs: number; html: string }>();
  /** A page as served: the trust anchor in the verifier page, every page under the base path; rebuilt on a new build. */
  const renderedPage = (name: string): string => {
    const file = path.join(dist, name);
    const mtimeMs = statSync(file).mtimeMs;
    let entry = rendered.get(name);
    if (entry?.mtimeMs !== mtimeMs) {
      const html = readFileSync(file, "utf8");
      entry = {
        mtimeMs,
        html: underBasePath(
          name === "index.html" && anchor !== undefined ? withAnchor(html, anchor) : html,
          basePath,
        ),
      };
      rendered.set(name, entry);
    }
    return entry.html;
  };

  // serve: false: only reply.sendFile, so the routes below are the whole list (no catch-all that would swallow the
  // API's own 404s) and each declares its permission like every other route.
  void app.register(async (scope) => {
    await scope.register(fastifyStatic, { serve: false });

    const page = (reply: FastifyReply, file = "index.html") => {
      reply.headers(PAGE_HEADERS);
      // 200, not 503: the server is fine, only this page is missing, and the hint is the answer.
      if (!existsSync(path.join(dist, file))) return reply.type("text/html; charset=utf-8").send(NOT_BUILT);
      if ((file === "index.html" && anchor !== undefined) || basePath !== "")
        return reply.type("text/html; charset=utf-8").send(renderedPage(file));
      // cacheControl off: our no-cache stands, so a new build reaches phones at once.
      return reply.type("text/html; charset=utf-8").sendFile(file, dist, { cacheControl: false });
    };
    const pageRoute = { config: { permission: "public" as const }, schema: { hide: true } };

    scope.get("/", pageRoute, async (_req, reply) => page(reply));
    // /v#<payload>: the signed QR payload (the fragment stays in the browser).
    scope.get("/v", pageRoute, async (_req, reply) => page(reply));
    // /v/<token>: QR codes printed before the signed payload existed, and links to a successor's live status.
    scope.get("/v/:token", pageRoute, async (_req, reply) => page(reply));
    // The desk, the issuing office and the holder page are public shells: what they show needs a session, which their
    // API routes check.
    scope.get("/desk", pageRoute, async (_req, reply) => page(reply, "desk.html"));
    scope.get("/issue", pageRoute, async (_req, reply) => page(reply, "issue.html"));
    scope.get("/holder", pageRoute, async (_req, reply) => page(reply, "holder.html"));
    // One path segment (Vite writes its assets flat), not a wildcard: the route table stays exact.
    scope
      .withTypeProvider<RequestTypeProvider>()
      .get(
        "/assets/:file",
        { ...pageRoute, schema: { ...pageRoute.schema, params: Type.Object({ file: Type.String() }) } },
        async (req, reply) =>
          // Vite names every asset by its content hash: a year of caching is safe.
          reply.sendFile(req.params.file, assets, { maxAge: 365 * 86_400_000, immutable: true }),
      );
  });
}
