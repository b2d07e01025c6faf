// Bulk conversion over HTTP: upload a register (multipart: file, typeCode, dryRun; CSV or XLSX, told apart by content)
// → 202 with a job id → poll the job's progress → download the report as CSV or XLSX. Issuers only, and only their own department's jobs. Jobs do not survive a
// restart; uploading the same file again is safe (rows already stored are skipped).
import { createReadStream, createWriteStream, statSync } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import multipart from "@fastify/multipart";
import { Type } from "typebox";
import type { Catalogue } from "../../catalogue/index.js";
import { RegistryError, type ErrorDetail } from "../../errors.js";
import type { ImportJobs, ReportFormat } from "../../conversion/jobs/import-jobs.js";
import { DEFAULT_LIMITS, describeLimit } from "../../limits.js";
import { viewOf } from "../../conversion/jobs/import-job.js";
import { requireKey } from "../auth.js";
import { errorResponses } from "../schemas.js";

/** Default upload limit (ELICENCE_IMPORT_MAX_SIZE, limits.ts). */
export const DEFAULT_IMPORT_MAX_BYTES = DEFAULT_LIMITS.importBytes;

const JobParams = Type.Object({ jobId: Type.String({ minLength: 1, maxLength: 64 }) });
const ReportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal("csv"), Type.Literal("xlsx")], { default: "csv" })),
});

const REPORT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const DRY_RUN: Record<string, boolean> = {
  "": false,
  false: false,
  "0": false,
  no: false,
  true: true,
  "1": true,
  yes: true,
};

/** The file name the browser sent, reduced to something harmless to show (never used as a path). */
function displayName(raw: string | undefined): string {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200);
  return clean || "register.csv";
}

export async function importRoutes(
  server: FastifyInstance,
  deps: {
    jobs: ImportJobs;
    catalogue: Catalogue;
    maxBytes?: number;
    /** Counts the department's licences still waiting for their sealed PDF (the job view's sealing figure). */
    unsealed?: (department: string) => Promise<number>;
  },
): Promise<void> {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  const maxBytes = deps.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES;

  // Multipart parsing only where uploads are expected.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 2, fields: 5, fieldSize: 1000, parts: 10 },
    });

    scope.post(
      "/api/v1/imports",
      {
        config: { permission: "licence.import" },
        schema: {
          tags: ["imports"],
          summary:
            "Upload a paper register (multipart/form-data: file as CSV or XLSX, typeCode, dryRun) for bulk conversion; 202 with a job id",
          description:
            "The job runs in the background, one at a time per department. Jobs do not survive a restart of the registry: upload the same file again and only the rows not yet stored are imported.",
          consumes: ["multipart/form-data"],
          response: {
            202: Type.Object({ jobId: Type.String(), state: Type.String(), progress: Type.String() }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const key = requireKey(req);
        const department = key.department;
        if (!department)
          throw new RegistryError(
            "REG_FORBIDDEN",
            "This issuer key has no department; ask an administrator.",
          );
        if (!req.isMultipart())
          throw new RegistryError("REG_BAD_REQUEST", undefined, [
            {
              field: "file",
              code: "REG_IMPORT_FILE_REQUIRED",
              message:
                "send multipart/form-data with the register in a part named file, and typeCode (and dryRun)",
            },
          ]);
        const upload = deps.jobs.prepare();
        try {
          const details: ErrorDetail[] = [];
          const fields = new Map<string, string>();
          let fileName: string | null = null;
          let truncated = false;
          let overQuota = false;
          for await (const part of req.parts()) {
            // A part whose Content-Disposition lacks name="…" (busboy gives no fieldname) is named "body" in details.
            const partName = part.fieldname || "body";
            if (part.type === "file") {
              if (part.fieldname !== "file" || fileName !== null) {
                part.file.resume();
                details.push({
                  field: partName,
                  code: "REG_FIELD_UNKNOWN",
                  message: `only one file, in the part named file, is expected`,
                });
                continue;
              }
              fileName = displayName(part.filename);
              // Counted against the quota as it arrives; past it, the rest is read and dropped (the client gets
              // its answer), nothing more is written.
              const counted = new Transform({
                transform(chunk: Buffer, _encoding, done) {
                  if (!overQuota && !deps.jobs.admit(upload, chunk.length)) overQuota = true;
                  done(null, overQuota ? undefined : chunk);
                },
              });
              await pipeline(part.file, counted, createWriteStream(upload.uploadPath));
              truncated = part.file.truncated;
            } else if (part.fieldname === "typeCode" || part.fieldname === "dryRun") {
              fields.set(part.fieldname, String(part.value).trim());
            } else
              details.push({
                field: partName,
                code: "REG_FIELD_UNKNOWN",
                message: part.fieldname
                  ? `${part.fieldname} is not a field of an import; send file, typeCode and dryRun`
                  : `a form part has no name (its Content-Disposition lacks name="…"); send file, typeCode and dryRun`,
              });
          }
          if (truncated)
            throw new RegistryError(
              "REG_PAYLOAD_TOO_LARGE",
              `The register is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; split it into several files (each is imported on its own).`,
            );
          if (overQuota) {
            const quota = deps.jobs.quotaBytes ?? 0;
            throw new RegistryError(
              "REG_IMPORT_QUOTA_EXCEEDED",
              `Registers waiting to be imported take ${describeLimit(deps.jobs.pendingBytes(), "bytes")} of the ${describeLimit(quota, "bytes")} set aside for uploads (ELICENCE_IMPORT_QUOTA); this upload was not kept. Retry once the queued imports have finished.`,
            );
          }
          const bytes = fileName !== null ? statSync(upload.uploadPath).size : 0;
          if (fileName === null || bytes === 0)
            details.push({
              field: "file",
              code: "REG_IMPORT_FILE_REQUIRED",
              message:
                fileName === null
                  ? "the register file (part named file) is missing"
                  : "the uploaded file is empty",
            });
          const typeCode = fields.get("typeCode") ?? "";
          const type = typeCode ? deps.catalogue.get(typeCode) : undefined;
          if (!typeCode)
            details.push({
              field: "typeCode",
              code: "REG_FIELD_REQUIRED",
              message: "typeCode is required: the licence type of the register",
            });
          else if (!type)
            details.push({
              field: "typeCode",
              code: "REG_LICENCE_TYPE_UNKNOWN",
              message: `"${typeCode}" is not a licence type of this registry; GET /api/v1/licence-types lists them`,
            });
          else if (!type.import)
            details.push({
              field: "typeCode",
              code: "REG_IMPORT_NO_MAPPING",
              message: `${type.name.zh} declares no import.columns, so its registers cannot be converted`,
            });
          else if (!deps.catalogue.mayIssue(type.code, department))
            details.push({
              field: "typeCode",
              code: "REG_DEPARTMENT_NOT_AUTHORISED",
              message: `your department ${department} may not issue ${type.name.zh}; its issuers are ${type.issuers.map((i) => i.name).join(", ")}`,
            });
          const dryRunText = (fields.get("dryRun") ?? "").toLowerCase();
          const dryRun = DRY_RUN[dryRunText];
          if (dryRun === undefined)
            details.push({
              field: "dryRun",
              code: "REG_FIELD_FORMAT",
              message: "dryRun must be true or false",
            });
          if (details.length > 0 || !type || dryRun === undefined || fileName === null)
            throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);

          const job = await deps.jobs.submit(
            upload,
            { keyId: key.id, department },
            { typeCode: type.code, typeName: type.name.zh, dryRun, fileName, bytes },
          );
          const progress = `/api/v1/imports/${job.id}`;
          return reply
            .status(202)
            .header("location", progress)
            .send({ jobId: job.id, state: job.state, progress });
        } catch (e) {
          deps.jobs.discard(upload);
          throw e;
        }
      },
    );
  });

  app.get(
    "/api/v1/imports/:jobId",
    {
      config: { permission: "licence.import" },
      schema: {
        tags: ["imports"],
        summary:
          "An import job's state (queued, running, done, failed) and progress: rows read, rows/s, stored, problems, ETA; sealing.waiting: the department's licences still waiting for their sealed PDF (sealed in the background by the server)",
        params: JobParams,
      },
    },
    async (req) => {
      const department = requireKey(req).department;
      const view = viewOf(jobOf(deps.jobs, req.params.jobId, department));
      // Stored licences get their sealed PDFs in the background: how many of the department's still wait.
      if (!deps.unsealed || department === null || view.dryRun) return view;
      return { ...view, sealing: { waiting: await deps.unsealed(department) } };
    },
  );

  app.get(
    "/api/v1/imports/:jobId/report",
    {
      config: { permission: "licence.import" },
      schema: {
        tags: ["imports"],
        summary:
          "The import report: a line per problem (row, column letter and header, code, message in English and Chinese), then a summary",
        description:
          "format=csv (default): UTF-8 with BOM, the summary below the problems. format=xlsx: a workbook with the sheets 问题 Problems and 汇总 Summary.",
        params: JobParams,
        querystring: ReportQuery,
      },
    },
    async (req, reply) => {
      const job = jobOf(deps.jobs, req.params.jobId, requireKey(req).department);
      const format: ReportFormat = req.query.format ?? "csv";
      if (job.state !== "done" && job.state !== "failed")
        throw new RegistryError(
          "REG_IMPORT_REPORT_PENDING",
          `Import ${job.id} is ${job.state}; its report is ready when it is done or failed.`,
        );
      const path = deps.jobs.reportPath(job, format);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        // A job that failed before its report was opened (the registry was shutting down, say).
        throw new RegistryError(
          "REG_NOT_FOUND",
          `Import ${job.id} failed before writing a report: ${job.error?.message ?? ""}`,
        );
      }
      const base = job.fileName.replace(/\.[^.]*$/, "");
      return reply
        .type(REPORT_TYPES[format])
        .header("content-length", size)
        .header(
          "content-disposition",
          `attachment; filename="import-report.${format}"; filename*=UTF-8''${encodeURIComponent(`${base}-report.${format}`)}`,
        )
        .send(createReadStream(path));
    },
  );
}

function jobOf(jobs: ImportJobs, jobId: string, department: string | null) {
  const job = jobs.get(jobId, department);
  if (!job) throw new RegistryError("REG_IMPORT_JOB_NOT_FOUND");
  return job;
}
