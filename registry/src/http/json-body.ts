// The JSON body parser for every route: fastify's own (secure-json-parse, refusing __proto__ and constructor
// poisoning) behind two checks it does not make. Bytes that are not UTF-8 would be decoded to U+FFFD and stored as
// something the client never sent, so they are refused. Nesting is bounded before anything walks the value:
// JSON.parse itself copes with 10,000 levels, but the recursive code after it (canonical JSON of the idempotency
// hash, the printable check) runs out of stack, which answered 500 (issue 11).
import { isUtf8 } from "node:buffer";
import type { FastifyInstance } from "fastify";
import { RegistryError } from "../errors.js";

/** Deepest nesting of arrays and objects a request body may have; the deepest real body (fields) needs about 4. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deep the arrays and objects of a JSON text nest, counted without parsing (brackets inside strings are skipped);
 * stops counting once past `limit`. Malformed text is left for the parser to refuse.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

function bodyProblem(
  code: "REG_BODY_NOT_UTF8" | "REG_BODY_TOO_DEEP" | "REG_BODY_NOT_JSON",
  message: string,
): RegistryError {
  return new RegistryError("REG_BAD_REQUEST", undefined, [{ field: "body", code, message }]);
}

/** Replaces fastify's application/json parser at the root, so every route (and every plugin scope) gets it. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body: Buffer, done) => {
    if (!isUtf8(body)) {
      done(
        bodyProblem(
          "REG_BODY_NOT_UTF8",
          "the body is not valid UTF-8: send JSON encoded as UTF-8 (a program's JSON library does; re-save a file as UTF-8)",
        ),
      );
      return;
    }
    const text = body.toString("utf8");
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(
        bodyProblem(
          "REG_BODY_TOO_DEEP",
          `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; no request needs more than a few`,
        ),
      );
      return;
    }
    // fastify's parser answers through done (its type also allows a promise); its refusal says only "not valid JSON",
    // so the detail says where, or that the text is empty, or that it carries a __proto__ member.
    void parse(req, text, (err, value) => {
      if (!err) return done(null, value);
      done(bodyProblem("REG_BODY_NOT_JSON", notJson(text)));
    });
  });
}

/** What is wrong with a body the JSON parser refused. */
function notJson(text: string): string {
  if (text.trim() === "")
    return "the body is empty but Content-Type says application/json: send a JSON object, or send no Content-Type";
  try {
    JSON.parse(text);
  } catch (e) {
    return `the body is not valid JSON (${(e as SyntaxError).message.slice(0, 200)}); check it with a JSON validator`;
  }
  return "the body carries a __proto__ or constructor.prototype member, which is refused; remove it";
}
