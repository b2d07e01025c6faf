// The path the registry serves the pages and the API under (ELICENCE_BASE_PATH, e.g. "/elicence" behind a reverse
// proxy): the registry writes it into every page it serves as <meta name="elicence-base-path">, and every URL the
// pages fetch or link to goes through under(). "" (the root) without the element, as in tests and `npx vite`.

export const BASE_PATH_META = "elicence-base-path";

/** The page's document, typed structurally: this module is also compiled (and run) outside a browser. */
type Doc = { querySelector(selector: string): { getAttribute(name: string): string | null } | null };

export function basePath(): string {
  const doc = (globalThis as { document?: Doc }).document;
  if (!doc) return "";
  const content = doc.querySelector(`meta[name="${BASE_PATH_META}"]`)?.getAttribute("content") ?? "";
  return /^(\/[A-Za-z0-9._~-]+)*$/u.test(content) ? content : "";
}

/** `path` (absolute, starting with /) under the base path. */
export function under(path: string): string {
  return `${basePath()}${path}`;
}
