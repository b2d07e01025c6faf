// What the multipart parser (busboy, under @fastify/multipart) throws at an upload it cannot read: plain Errors with
// no status, which the error handler answered as 500 (issue 11). Each is the client's framing, so it is a 400 naming
// the problem. Busboy marks its errors by nothing but the message: these are @fastify/busboy 3's, and
// registry/test/api/malformed-bodies.test.ts fails if an upgrade changes them.
import type { ErrorDetail } from "../errors.js";

const PROBLEMS: readonly { match: RegExp; message: string }[] = [
  {
    match: /^Multipart: Boundary not found$/u,
    message:
      "the Content-Type multipart/form-data has no boundary parameter; let the HTTP client build the form",
  },
  {
    match: /^The needle cannot (have a length bigger than 256|be an empty String\/Buffer)\.$/u,
    message: "the multipart boundary must be 1–70 characters (RFC 2046); let the HTTP client build the form",
  },
  {
    match:
      /^(Unexpected end of multipart data|(Part|Preamble) terminated early due to unexpected end of multipart data)$/u,
    message:
      "the multipart body ended before its closing boundary: it was cut short, or its boundary differs from the one in Content-Type",
  },
  {
    match: /^(Missing Content-Type-header|Unsupported Content-Type)\.$/u,
    message: "the body is not multipart/form-data: send the file as a form upload (curl -F file=@…)",
  },
];

/** The detail for an error the multipart parser raised over the client's framing; null for any other error. */
export function multipartProblem(error: unknown): ErrorDetail | null {
  if (!(error instanceof Error) || "statusCode" in error || "code" in error) return null;
  const problem = PROBLEMS.find((p) => p.match.test(error.message));
  return problem ? { field: "body", code: "REG_MULTIPART_MALFORMED", message: problem.message } : null;
}
