// One error handler: RegistryErrors go out as they are; schema failures list every problem; anything else is a 500
// whose cause is logged and never sent. Every 5xx answer carries the request id it asks the user to report, in the
// body (requestId) and in the X-Request-Id header, so the log line can be found.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { isStoreError } from "../store/store-error.js";
import { describeStorageFault, storageFault } from "../storage/storage-fault.js";
import { multipartProblem } from "./multipart-errors.js";

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(context: string | undefined, v: AjvIssue): string {
  const base = v.instancePath.replace(/^\//, "").replace(/\//g, ".");
  const param = (name: string): string => (typeof v.params[name] === "string" ? v.params[name] : "");
  const missing =
    v.keyword === "required"
      ? param("missingProperty")
      : v.keyword === "additionalProperties"
        ? param("additionalProperty")
        : "";
  const path = [base, missing].filter(Boolean).join(".");
  return context === "body" ? path || "body" : `${context ?? "request"}${path ? "." + path : ""}`;
}

const KEYWORD_CODES: Record<string, string> = {
  required: "REG_FIELD_REQUIRED",
  additionalProperties: "REG_FIELD_UNKNOWN",
  type: "REG_FIELD_TYPE",
  maxLength: "REG_FIELD_TOO_LONG",
  minLength: "REG_FIELD_TOO_SHORT",
  pattern: "REG_FIELD_FORMAT",
  format: "REG_FIELD_FORMAT",
  enum: "REG_FIELD_ENUM",
};

function describe(v: AjvIssue, field: string): string {
  switch (v.keyword) {
    case "required":
      return `${field} is required`;
    case "additionalProperties":
      return `${field} is not a known member; remove it`;
    case "minLength":
      return `${field} must not be empty`;
    case "maxLength":
      return `${field} is too long (at most ${String(v.params.limit)} characters)`;
    case "pattern":
      return field.toLowerCase().includes("valid") || field.toLowerCase().includes("date")
        ? `${field} must be a date written YYYY-MM-DD`
        : `${field} has the wrong format`;
    default:
      return `${field} ${v.message ?? "is invalid"}`;
  }
}

export const REQUEST_ID_HEADER = "x-request-id";

/** A server-side failure (5xx): the answer names the request, whose log line holds the cause. */
function sendServerError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: { code: string; message: string; details: ErrorDetail[] },
): FastifyReply {
  return reply
    .status(status)
    .header(REQUEST_ID_HEADER, req.id)
    .send({ ...body, requestId: req.id });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | RegistryError, req, reply) => {
    if (error instanceof RegistryError) {
      if (error.status >= 500) {
        req.log.error({ err: error, code: error.code }, "server error");
        return sendServerError(req, reply, error.status, error.toJSON());
      }
      return reply.status(error.status).send(error.toJSON());
    }
    if (isStoreError(error, "REG_STORE_BAD_QUERY"))
      return reply.status(400).send({ code: error.code, message: error.message, details: [] });
    if (isStoreError(error, "REG_STORE_WRITE_CONTENTION")) {
      void reply.header("retry-after", "1");
      return sendServerError(req, reply, 503, { code: error.code, message: error.message, details: [] });
    }
    if (error.validation) {
      const seen = new Set<string>();
      const details: ErrorDetail[] = [];
      for (const v of error.validation as AjvIssue[]) {
        // anyOf / union branches repeat themselves: keep one line per field and keyword.
        if (v.keyword === "anyOf" || v.keyword === "oneOf" || v.keyword === "const") continue;
        const field = fieldOf(error.validationContext, v);
        const key = `${field}|${v.keyword}`;
        if (seen.has(key)) continue;
        seen.add(key);
        details.push({
          field,
          code: KEYWORD_CODES[v.keyword] ?? "REG_FIELD_INVALID",
          message: describe(v, field),
        });
      }
      return reply.status(400).send(new RegistryError("REG_BAD_REQUEST", undefined, details).toJSON());
    }
    const multipart = multipartProblem(error);
    if (multipart)
      return reply.status(400).send(new RegistryError("REG_BAD_REQUEST", undefined, [multipart]).toJSON());
    if (error.statusCode === 413)
      return reply.status(413).send(new RegistryError("REG_PAYLOAD_TOO_LARGE").toJSON());
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return reply.status(415).send(
        new RegistryError("REG_BAD_REQUEST", "Unsupported Media Type.", [
          {
            field: "header.content-type",
            code: "REG_CONTENT_TYPE_UNSUPPORTED",
            message: `this route does not take ${String(req.headers["content-type"] ?? "a body without Content-Type").slice(0, 100)}: send application/json (uploads: multipart/form-data)`,
          },
        ]).toJSON(),
      );
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send({ code: "REG_BAD_REQUEST", message: error.message, details: [] });
    }
    // A full or read-only disk is the operator's to fix: a named 503 (retry once fixed), never an anonymous 500.
    const fault = storageFault(error);
    if (fault) {
      req.log.error(
        { code: fault.code, cause: fault.cause, path: fault.path },
        `storage fault: ${describeStorageFault(fault)}`,
      );
      void reply.header("retry-after", "30");
      return sendServerError(req, reply, 503, new RegistryError(fault.code).toJSON());
    }
    // The client went away before its request was complete (a closed tab, a dropped link, a killed upload): nothing
    // failed here, and nobody reads the answer. Not an error of the server's, nor counted as a 500.
    if ((error as { code?: string }).code === "ECONNRESET" && !req.raw.complete) {
      req.log.info(
        { code: "ECONNRESET" },
        "the client closed the connection before its request was complete",
      );
      return reply
        .status(400)
        .send(
          new RegistryError(
            "REG_BAD_REQUEST",
            "The connection was closed before the request was complete; nothing was done.",
          ).toJSON(),
        );
    }
    req.log.error({ err: error }, "unhandled error");
    return sendServerError(req, reply, 500, new RegistryError("REG_INTERNAL").toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send(
        new RegistryError(
          "REG_NOT_FOUND",
          `No route ${req.method} ${req.url.split("?")[0] ?? ""}; the API is described at /docs.`,
        ).toJSON(),
      );
  });
}
