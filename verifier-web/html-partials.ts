// The pages' shared markup, written once: `<!-- include: NAME key="value" … -->` in a page is replaced, at build
// (and by `npx vite`), by partials/NAME.html with each {{key}} filled in. A partial that does not exist, a value it
// does not use or a placeholder left unfilled stops the build: a page never ships with a hole.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "vite";

const INCLUDE = /^[ \t]*<!-- include: ([a-z-]+)((?: [A-Za-z]+="[^"]*")*) -->[ \t]*$/gmu;
const ARG = / ([A-Za-z]+)="([^"]*)"/gu;
const PLACEHOLDER = /\{\{([A-Za-z]+)\}\}/gu;

export function expandPartials(html: string, dir: string, page = "page"): string {
  return html.replace(INCLUDE, (_line, name: string, args: string) => {
    const values = new Map([...args.matchAll(ARG)].map((m) => [m[1]!, m[2]!]));
    const used = new Set<string>();
    const filled = readFileSync(path.join(dir, `${name}.html`), "utf8")
      .replace(/\n$/u, "")
      .replace(PLACEHOLDER, (_p, key: string) => {
        const v = values.get(key);
        if (v === undefined) throw new Error(`${page}: include ${name} leaves {{${key}}} unfilled`);
        used.add(key);
        return v;
      });
    const unused = [...values.keys()].filter((k) => !used.has(k));
    if (unused.length > 0) throw new Error(`${page}: include ${name} does not use ${unused.join(", ")}`);
    return filled;
  });
}

export function htmlPartials(dir: string): Plugin {
  return {
    name: "elicence-html-partials",
    transformIndexHtml: { order: "pre", handler: (html, ctx) => expandPartials(html, dir, ctx.filename) },
  };
}
