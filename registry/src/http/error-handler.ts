// One error handler: RegistryErrors go out as they are; schema failures list every problem; anything else is a 500
// whose cause is logged and never sent.
import type { FastifyError, FastifyInstance } from "fastify";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { isStoreError } from "../store/store-error.js";

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

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | RegistryError, req, reply) => {
    if (error instanceof RegistryError) {
      return reply.status(error.status).send(error.toJSON());
    }
    if (isStoreError(error, "REG_STORE_BAD_QUERY"))
      return reply.status(400).send({ code: error.code, message: error.message, details: [] });
    if (isStoreError(error, "REG_STORE_WRITE_CONTENTION"))
      return reply
        .status(503)
        .header("retry-after", "1")
        .send({ code: error.code, message: error.message, details: [] });
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
    if (error.statusCode === 413)
      return reply.status(413).send(new RegistryError("REG_PAYLOAD_TOO_LARGE").toJSON());
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send({ code: "REG_BAD_REQUEST", message: error.message, details: [] });
    }
    req.log.error({ err: error }, "unhandled error");
    return reply.status(500).send({ ...new RegistryError("REG_INTERNAL").toJSON(), requestId: req.id });
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
