// Reads fastify's `printRoutes({ commonPrefix: false })` tree back into (method, url) pairs, so that tests can
// enumerate every route the app registered (HEAD twins and prefix-slash twins included) instead of listing them.

export interface RouteEntry {
  method: string;
  url: string;
}

const LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/u;

/** Every (method, url) in a printed route tree; throws on a line it cannot read, so a format change is noticed. */
export function parseRouteTree(printed: string): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of printed.split("\n")) {
    if (line.trim() === "") continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unreadable route tree line: ${JSON.stringify(line)}`);
    const depth = [...(m[1] ?? "")].length / 4;
    stack.length = depth;
    stack.push(m[2] ?? "");
    const url = stack.join("");
    for (const method of (m[3] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean))
      out.push({ method, url });
  }
  return out;
}
