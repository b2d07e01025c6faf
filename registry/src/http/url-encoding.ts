// A request target must be percent-encoded ASCII. Node's HTTP parser refuses a raw non-ASCII byte (curl sends
// `?purpose=食品…` as typed) before fastify sees the request, and fastify's query parser keeps a malformed %-escape
// as it stands (`%ZZ` reached the routes as text). Both are answered here with REG_URL_NOT_ENCODED, one detail per
// path or query parameter, naming the parameter but never echoing its value (it may be personal data).
import type { FastifyInstance } from "fastify";
import { RegistryError, type ErrorDetail } from "../errors.js";

const RAW = /[^\x21-\x7e]/u;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/u;

const RAW_HINT =
  "percent-encode it as UTF-8: curl -G --data-urlencode 'name=value' URL, encodeURIComponent() in a program";

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text.replace(/\+/gu, " "));
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with one part of the URL (the path, or one query parameter's name and value), if anything. */
function partProblem(field: string, what: string, text: string): ErrorDetail | null {
  if (RAW.test(text))
    return {
      field,
      code: "REG_URL_RAW_CHARACTER",
      message: `${what} has characters sent as they are (spaces, Chinese or other non-ASCII text); ${RAW_HINT}`,
    };
  if (BAD_ESCAPE.test(text) || !decodes(text))
    return {
      field,
      code: "REG_URL_BAD_ESCAPE",
      message: `${what} has a % that is not a %-escape of UTF-8 (% and two hex digits, e.g. %E9%A3%9F for 食); write a literal % as %25`,
    };
  return null;
}

/** The query parameter's name for the error (decoded when it can be, without its value). */
function paramName(pair: string): string {
  const raw = pair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw.replace(/\+/gu, " ")) || "(empty name)";
  } catch {
    return raw;
  }
}

/** Every problem of a request target (`/path?query`), one per path or parameter; none when it is well formed. */
export function urlProblems(target: string): ErrorDetail[] {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const problems: ErrorDetail[] = [];
  const pathProblem = partProblem("path", "the path", path);
  if (pathProblem) problems.push(pathProblem);
  if (q >= 0)
    for (const pair of target.slice(q + 1).split("&")) {
      if (pair === "") continue;
      const name = paramName(pair);
      const p = partProblem(`query.${name}`, `the query parameter "${name}"`, pair);
      if (p && !problems.some((o) => o.field === p.field && o.code === p.code)) problems.push(p);
    }
  return problems;
}

export function urlNotEncoded(problems: ErrorDetail[]): RegistryError {
  return new RegistryError("REG_URL_NOT_ENCODED", undefined, problems);
}

/** onRequest, first of all hooks: a malformed %-escape in the query (the router has checked the path's). */
export function rejectUnencodedUrls(app: FastifyInstance): void {
  app.addHook("onRequest", async (req) => {
    const problems = urlProblems(req.raw.url ?? "");
    if (problems.length > 0) throw urlNotEncoded(problems);
  });
}
