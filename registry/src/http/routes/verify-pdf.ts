// POST /api/v1/verify/pdf: anyone uploads a licence PDF (multipart, part "file", at most 20 MiB) and gets the
// validation report. Parsing runs in a worker thread with time and memory limits; the registry answers the live
// questions (the licence's state and stored document hash, the seal's revocation) from its store and PKI.
//
// What uploads cost the server is bounded whatever the number of clients (UploadGate): a few validations at once, a
// short queue admitted beyond them, and 503 REG_BUSY with Retry-After past that, decided before the body is read
// (which is then dropped, never kept). An admitted upload is streamed to a temporary file while it waits, and read into memory only when
// its validation starts; the file is removed however the request ends (answered, refused, aborted).
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import type { DevPki } from "@elicence/signer";
import {
  ValidationPool,
  type LiveStatusPort,
  type RevocationPort,
  type TrustListLike,
  type ValidationReport,
} from "@elicence/signer/verify";
import { RegistryError } from "../../errors.js";
import { chinaDate } from "@elicence/core";
import { standing } from "../../licences/in-force.js";
import type { Store } from "../../store/store.js";
import type { RateLimiter } from "../../status/rate-limiter.js";
import { rateLimitHook } from "../rate-limit-hook.js";
import type { Catalogue } from "../../catalogue/catalogue.js";
import { publicRecord, type PublicRecord } from "../../status/public-record.js";
import { statusFacts, statusView, type StatusView } from "../../status/status-facts.js";
import { identifierSha256 } from "@elicence/signer/browser";
import { DEFAULT_LIMITS } from "../../limits.js";
import { REQUEST_ID_HEADER } from "../error-handler.js";
import { DEFAULT_UPLOAD_PACE, watchUploadPace, type UploadPace } from "../upload-pace.js";
import { UploadGate, type UploadTicket } from "../verify-pdf-limiter.js";

/** Default upload size (ELICENCE_VERIFY_PDF_MAX_SIZE, limits.ts). */
export const VERIFY_PDF_MAX_BYTES = DEFAULT_LIMITS.verifyPdfBytes;

/** Multipart framing around the file: boundaries, part headers. */
const ENVELOPE_BYTES = 64 * 1024;

export interface VerifyPdfDeps {
  store: Store;
  pki: DevPki;
  clock: () => Date;
  maxBytes?: number;
  /** Validations at once (ELICENCE_VERIFY_PDF_CONCURRENCY; default 2), each in a worker thread of its own. */
  concurrency?: number;
  /** Uploads admitted beyond the running ones (ELICENCE_VERIFY_PDF_QUEUE; default 8); more get 503 REG_BUSY. */
  queue?: number;
  /** Uploads one client address may have admitted at once (default: a quarter of the places, at least one). */
  perAddress?: number;
  /** The least pace of an upload's body (default DEFAULT_UPLOAD_PACE); slower ones get 408 REG_UPLOAD_TOO_SLOW. */
  uploadPace?: UploadPace;
  /** Where admitted uploads wait as files (a folder of this process is made in it); default the OS temp folder. */
  tmpDir?: string;
  /** Uploads per client address: each one costs a worker's parse and validation, so anyone could tie them up. */
  limiter: RateLimiter;
  /** The current verified trust list, when the registry has one to check seals against. */
  trustList?: () => Promise<TrustListLike | undefined>;
  /** Names the licence types of the public record added to a genuine document's report. */
  catalogue: Pick<Catalogue, "get">;
}

/** The report, and for a document that is what its department sealed, which licence it is and its state today. */
export type VerifyPdfAnswer = ValidationReport & { licence?: PublicRecord & { status: StatusView } };

/**
 * Which licence a genuine document is, as the status page would say it: the public record and today's status
 * (revoked with its date, replaced with the version in force). Only for a document whose signed bytes are intact,
 * whose seal is trusted and after which nothing unaccounted for follows: a forgery's claimed identifier never makes
 * the registry describe a real licence under it.
 */
export async function licenceOfDocument(
  report: ValidationReport,
  store: Pick<Store, "getLicence" | "statusByToken">,
  catalogue: Pick<Catalogue, "get">,
  now: Date,
): Promise<VerifyPdfAnswer["licence"]> {
  const a = report.answers;
  const genuine =
    a.intact && a.trusted && (a.coverage === "whole-file" || a.coverage === "permitted-updates");
  if (!genuine || !report.identifier) return undefined;
  const record = await store.getLicence(report.identifier);
  const row = record ? await store.statusByToken(record.publicToken) : null;
  if (!record || !row) return undefined;
  const facts = statusFacts(row, await identifierSha256(record.identifier));
  return { ...publicRecord(record, catalogue), status: statusView(facts, now) };
}

/** The registry's view of a licence for the validator: its standing today, forward link, stored document hash. */
export function liveStatusFromStore(store: Store, clock: () => Date): LiveStatusPort {
  return async (identifier) => {
    const r = await store.getLicence(identifier);
    if (!r) return null;
    // The same standing as the status API: a renewal made in advance names its successor only once it has taken
    // effect, and a version whose validity has not begun is never "01".
    const { state, status } = standing(r, chinaDate(clock()));
    return {
      state,
      documentSha256: r.documentSha256,
      supersededBy: status === "superseded" ? r.nextIdentifier : null,
      validUntil: r.validUntil,
      ...(status === "not-yet-in-force" ? { notYetInForce: true } : {}),
    };
  };
}

/** Revocation as the PKI knows it now (the validator judges it against the signing time). */
export function revocationFromPki(pki: DevPki, clock: () => Date): RevocationPort {
  return (c) => pki.statusOf(c.serialNumber, clock());
}

function fileRequired(message: string): RegistryError {
  return new RegistryError("REG_BAD_REQUEST", undefined, [
    { field: "file", code: "REG_FIELD_REQUIRED", message },
  ]);
}

const SPOOL_PREFIX = "elicence-verify-";
const STALE_SPOOL_MS = 3_600_000;

function removeStaleSpools(parent: string, cutoff: number): void {
  for (const d of readdirSync(parent, { withFileTypes: true })) {
    const dir = path.join(parent, d.name);
    if (d.isDirectory() && d.name.startsWith(SPOOL_PREFIX) && statSync(dir).mtimeMs < cutoff)
      rmSync(dir, { recursive: true, force: true });
  }
}

/** How long a refused upload's remaining body is read (and dropped) before the refusal is sent regardless. */
const DRAIN_MS = 10_000;

/** Reads the request's body to its end, keeping nothing; gives up past `maxBytes` or DRAIN_MS. */
function drained(req: FastifyRequest, maxBytes: number): Promise<void> {
  const raw = req.raw;
  if (raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off("data", onData).off("end", done).off("close", done).off("error", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > maxBytes) done();
    };
    const timer = setTimeout(done, DRAIN_MS);
    raw.on("data", onData).once("end", done).once("close", done).once("error", done);
  });
}

/** The upload's bytes on disk: streamed from the request, so a waiting upload holds no memory. */
async function receive(
  req: FastifyRequest,
  file: string,
  tooLarge: () => RegistryError,
  pace: UploadPace,
): Promise<void> {
  if (!req.isMultipart()) throw fileRequired("send the PDF as multipart/form-data in a part named file");
  // A body trickling in below the least pace gives its place back (408), whether the file part has begun or not.
  let stopSlow: (e: Error) => void = () => undefined;
  const slow = new Promise<never>((_, reject) => (stopSlow = reject));
  slow.catch(() => undefined);
  let current: { destroy(e: Error): void } | null = null;
  const stopWatching = watchUploadPace(
    req.raw,
    (e) => {
      current?.destroy(e);
      stopSlow(e);
    },
    pace,
  );
  const body = receiveBody(req, file, tooLarge, (stream) => (current = stream));
  body.catch(() => undefined); // settled after a too-slow stop: its error is the stop's, already answered
  try {
    await Promise.race([body, slow]);
  } finally {
    stopWatching();
  }
}

async function receiveBody(
  req: FastifyRequest,
  file: string,
  tooLarge: () => RegistryError,
  onStream: (stream: { destroy(e: Error): void }) => void,
): Promise<void> {
  try {
    const part = await req.file();
    if (!part || part.fieldname !== "file") {
      part?.file.resume();
      throw fileRequired("the PDF (a part named file) is missing");
    }
    onStream(part.file);
    // A client that goes away mid-body must not leave the upload waiting for bytes that never come.
    const gone = () => {
      if (!req.raw.complete) part.file.destroy(new Error("the client closed the connection mid-upload"));
    };
    req.raw.once("close", gone);
    try {
      await pipeline(part.file, createWriteStream(file, { mode: 0o600 }));
    } finally {
      req.raw.off("close", gone);
    }
    if (part.file.truncated) throw tooLarge();
  } catch (e) {
    if (e instanceof RegistryError) throw e;
    if ((e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    throw e;
  }
}

export async function verifyPdfRoutes(app: FastifyInstance, deps: VerifyPdfDeps): Promise<void> {
  const maxBytes = deps.maxBytes ?? VERIFY_PDF_MAX_BYTES;
  const gate = new UploadGate(deps.concurrency, deps.queue, deps.perAddress);
  const pace = deps.uploadPace ?? DEFAULT_UPLOAD_PACE;
  // One worker per validation slot: a validation let through the gate never waits in the pool holding its bytes.
  const pool = new ValidationPool({ size: gate.running, limits: { maxBytes } });
  // This process's own folder, removed at close. Folders a crashed process left in the data directory are removed
  // once untouched for an hour (a folder in use is touched by every upload, which lasts seconds).
  const parent = deps.tmpDir ?? os.tmpdir();
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  // File times are the real clock's, whatever clock the registry is given.
  if (deps.tmpDir !== undefined) removeStaleSpools(parent, Date.now() - STALE_SPOOL_MS);
  const spool = mkdtempSync(path.join(parent, SPOOL_PREFIX));
  app.addHook("onClose", async () => {
    await pool.close();
    rmSync(spool, { recursive: true, force: true });
  });
  const tickets = new WeakMap<FastifyRequest, UploadTicket>();
  const liveStatus = liveStatusFromStore(deps.store, deps.clock);
  const revocation = revocationFromPki(deps.pki, deps.clock);
  const tooLarge = () =>
    new RegistryError(
      "REG_PAYLOAD_TOO_LARGE",
      `A licence PDF is at most ${Math.round(maxBytes / 1024 / 1024)} MiB; this upload is larger and was not examined.`,
    );
  /** Last of the request hooks: only an upload that passed the others takes a place. */
  const admit = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const address = req.ip;
    if (gate.heldBy(address) >= gate.perAddress) {
      // One client's uploads never take every place: slow or many, the others' still fit (red team, slowloris).
      await drained(req, maxBytes + ENVELOPE_BYTES);
      req.log.warn(
        { code: "REG_RATE_LIMITED", held: gate.heldBy(address), perAddress: gate.perAddress },
        "PDF upload refused: this address already has its share of uploads in progress",
      );
      return reply
        .status(429)
        .header("retry-after", String(gate.retryAfterSeconds()))
        .send(
          new RegistryError(
            "REG_RATE_LIMITED",
            `This address already has ${gate.perAddress} PDF uploads in progress, the most one client may have at once; nothing was examined. Retry once one has been answered.`,
          ).toJSON(),
        );
    }
    const ticket = gate.admit(address);
    if (ticket) {
      tickets.set(req, ticket);
      return undefined;
    }
    // The rest of the body is read and dropped first (nothing kept): answered while it is still arriving, a client
    // that asked to close the connection has it closed under its writes and never reads the 503.
    await drained(req, maxBytes + ENVELOPE_BYTES);
    const wait = gate.retryAfterSeconds();
    req.log.warn(
      { code: "REG_BUSY", admitted: gate.admitted, running: gate.running, queue: gate.queue },
      "PDF upload refused: validations and queue full",
    );
    const body = new RegistryError(
      "REG_BUSY",
      `${gate.running} PDF validations are running and ${gate.queue} more uploads are waiting, the most this registry takes; nothing was examined. Retry in ${wait} s.`,
    ).toJSON();
    return reply
      .status(503)
      .header("retry-after", String(wait))
      .header(REQUEST_ID_HEADER, req.id)
      .send({ ...body, requestId: req.id });
  };
  // Whatever ends the request (a hook's refusal, an error, the answer), its place is given back once.
  const release = async (req: FastifyRequest) => tickets.get(req)?.release();

  // Multipart parsing only where uploads are expected.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 5 },
    });
    scope.post(
      "/api/v1/verify/pdf",
      {
        config: { permission: "public" },
        onRequest: [
          rateLimitHook(deps.limiter, deps.clock, "PDF uploads"),
          // Refuse a declared oversize body before reading any of it.
          async (req) => {
            const declared = Number(req.headers["content-length"]);
            if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) throw tooLarge();
          },
          admit,
        ],
        onResponse: release,
        onRequestAbort: release,
        schema: {
          tags: ["verification"],
          summary:
            "Validate a sealed licence PDF (multipart/form-data, part named file, ≤ 20 MiB); limited per client address (429 REG_RATE_LIMITED with Retry-After) and in all (503 REG_BUSY with Retry-After)",
          description:
            "Returns the validation report: verdict TOTAL-PASSED | TOTAL-FAILED | INDETERMINATE, one check per rule with a VER_PDF_ reason code and messages in Chinese and English, and the registry's live status of the licence.",
          consumes: ["multipart/form-data"],
        },
      },
      async (req, reply) => {
        const ticket = tickets.get(req);
        const file = path.join(spool, `${randomBytes(12).toString("hex")}.pdf`);
        try {
          // Created again if a sibling process sharing the parent folder removed it as stale.
          mkdirSync(spool, { recursive: true, mode: 0o700 });
          try {
            await receive(req, file, tooLarge, pace);
          } catch (e) {
            // The rest of a too-slow body is not waited for: the connection closes after the answer.
            if (e instanceof RegistryError && e.code === "REG_UPLOAD_TOO_SLOW")
              void reply.header("connection", "close");
            throw e;
          }
          const validate = async () => {
            const bytes = await readFile(file);
            await rm(file, { force: true });
            if (bytes.length === 0) throw fileRequired("the uploaded file is empty");
            const trustList = await deps.trustList?.();
            return pool.validate(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
              trust: { rootDer: new Uint8Array(deps.pki.root.rawData), ...(trustList ? { trustList } : {}) },
              now: deps.clock(),
              liveStatus,
              revocation,
              limits: { maxBytes },
            });
          };
          const report = ticket ? await ticket.run(validate) : await validate();
          const licence = await licenceOfDocument(report, deps.store, deps.catalogue, deps.clock());
          const answer: VerifyPdfAnswer = licence ? { ...report, licence } : report;
          return answer;
        } finally {
          await rm(file, { force: true });
          ticket?.release();
        }
      },
    );
  });
}
