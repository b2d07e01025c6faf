// Registry error codes: created here and only here, documented in docs/errors.md (generated; a test keeps it in
// sync), never reused for another meaning. The message says what is wrong and how to fix it.

export interface ErrorDetail {
  /** Dotted path of the offending input, e.g. `holder.code`, `fields.businessScope`, `header.idempotency-key`. */
  field: string;
  code: string;
  message: string;
  /** A corrected value when one slip explains the error (did-you-mean). */
  suggestion?: string;
  /** Two or three corrected values when one slip explains the error in more than one way. */
  candidates?: string[];
}

interface ErrorSpec {
  status: number;
  message: string;
}

export const REGISTRY_ERRORS = {
  REG_BAD_REQUEST: { status: 400, message: "The request is malformed; see details for each problem." },
  REG_VALIDATION_FAILED: {
    status: 422,
    message: "The request was understood but some values are not acceptable; see details for each problem.",
  },
  REG_PURPOSE_REQUIRED: {
    status: 400,
    message:
      "A stated purpose (用证事由, 1–200 characters) is required for every lookup of personal data: add ?purpose=…",
  },
  REG_UNAUTHENTICATED: {
    status: 401,
    message: "Send an API key as `Authorization: Bearer <key>`; create one with `npx elicence keys create`.",
  },
  REG_KEY_REVOKED: { status: 401, message: "This API key was revoked; ask an administrator for a new one." },
  REG_FORBIDDEN: { status: 403, message: "Your role may not do this." },
  REG_DEPARTMENT_NOT_AUTHORISED: {
    status: 403,
    message: "Your department is not among the departments allowed to issue this licence type.",
  },
  REG_NOT_FOUND: { status: 404, message: "No such resource." },
  REG_LICENCE_NOT_FOUND: {
    status: 404,
    message: "No licence has this identifier; check it for typing errors.",
  },
  REG_LICENCE_TYPE_NOT_FOUND: {
    status: 404,
    message: "No licence type has this code; GET /api/v1/licence-types lists them.",
  },
  REG_ILLEGAL_TRANSITION: {
    status: 409,
    message: "This operation is not allowed in the licence's current state.",
  },
  REG_CONCURRENT_CHANGE: {
    status: 409,
    message: "The licence changed while this request was processed; read it again and retry.",
  },
  REG_IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    message:
      "Send an `Idempotency-Key` header (a unique string of 8–128 characters per intended operation) so that a retry cannot issue twice.",
  },
  REG_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message:
      "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
  },
  REG_IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: "The Idempotency-Key header must be 8–128 characters of letters, digits, '-', '_', ':' or '.'.",
  },
  REG_SEAL_UNAVAILABLE: {
    status: 503,
    message:
      "The department's e-seal cannot be used (revoked or missing); an administrator must issue a new seal certificate. Nothing was stored.",
  },
  REG_DOCUMENT_PENDING: { status: 409, message: "The licence has no sealed document yet; retry shortly." },
  REG_ANNOTATION_NOT_PREPARED: {
    status: 409,
    message:
      "The licence's sealed document predates annotated copies (it has no prepared annotation field), so no annotated copy can be made of it without breaking its certification. Amend or renew the licence to get a document that has one.",
  },
  REG_RATE_LIMITED: { status: 429, message: "Too many requests; wait and retry." },
  REG_CSRF: {
    status: 403,
    message:
      "A request signed in by a session cookie must carry that session's CSRF token in the x-csrf-token header (returned at sign-in, and readable from the elicence_desk_csrf or elicence_holder_csrf cookie).",
  },
  REG_SESSION_INVALID: {
    status: 401,
    message: "The session cookie is unknown or has expired; sign in again.",
  },
  REG_SHARE_CODE_INVALID: {
    status: 401,
    message:
      "This share code does not open this holder's licences: it is mistyped, already used or expired. Ask the department for a new one.",
  },
  REG_IMPORT_JOB_NOT_FOUND: {
    status: 404,
    message:
      "Your department has no import job with this id. Jobs do not survive a restart of the registry: upload the file again; rows already stored are skipped.",
  },
  REG_IMPORT_REPORT_PENDING: {
    status: 409,
    message: "The import is still queued or running; its report is ready when its state is done or failed.",
  },
  REG_DESK_APPLICANT_REQUIRED: {
    status: 403,
    message:
      "Share codes and a clerk's annotated copies are handed to the applicant present at the window desk: sign in at the desk (/desk), look this applicant up (holder lookup or materials check) in the same session, then ask again for that holder.",
  },
  REG_STAFF_SIGNED_IN: {
    status: 403,
    message:
      "A holder signs in without any staff credential: this request carries an API key or a live window-desk session. Sign out of the desk (or use another browser) and send no Authorization header; a share code is for the holder only.",
  },
  REG_PAYLOAD_TOO_LARGE: { status: 413, message: "The request body is too large." },
  REG_NOT_READY: {
    status: 503,
    message:
      "The registry is not ready to serve: details name each check that is down (store, disk, signing keys, clock) and what to do; GET /readyz shows them all.",
  },
  REG_STORAGE_FULL: {
    status: 503,
    message:
      "The data directory's disk is full (or its quota is used up): nothing was stored. Free space on the disk of ELICENCE_DATA_DIR (GET /readyz says when it is writable again), then retry; a running registry recovers without a restart.",
  },
  REG_STORAGE_READ_ONLY: {
    status: 503,
    message:
      "The data directory cannot be written (a read-only file system, or permissions): nothing was stored. Remount the disk of ELICENCE_DATA_DIR read-write, or give the registry's user write access to it, then retry; a running registry recovers without a restart.",
  },
  REG_STORAGE_IO: {
    status: 503,
    message:
      "Reading or writing the data directory failed with an I/O error: nothing was stored. Check the disk of ELICENCE_DATA_DIR (kernel log, SMART, the mount) and retry.",
  },
  REG_IMPORT_QUOTA_EXCEEDED: {
    status: 507,
    message:
      "The registers waiting to be imported already take up the space set aside for uploads (ELICENCE_IMPORT_QUOTA): this upload was not kept. Retry once the queued imports have finished (GET /api/v1/imports/{jobId}), or ask the operator to raise the quota.",
  },
  REG_CLOCK_IMPLAUSIBLE: {
    status: 503,
    message:
      "The system clock cannot be believed: it is before the newest time the registry recorded (its latest audit event or a certificate in use), or far after it (ELICENCE_CLOCK_MAX_AHEAD_DAYS). Nothing was expired, renewed or issued by it. Set the clock right (NTP); if it is right, confirm it once: `elicence serve --confirm-clock` (issues certificates dated in the future again) or POST /api/v1/admin/clock/confirm.",
  },
  REG_SIGNING_CERT_NOT_VALID_NOW: {
    status: 503,
    message:
      "The e-seal certificate is not valid at the registry's clock (dated in the future, or expired), so nothing can be sealed; nothing was stored. If the clock is wrong (GET /readyz, check clock), set it right; if it is right, restart with `elicence serve --confirm-clock` to issue the certificates again.",
  },
  REG_BUSY: {
    status: 503,
    message:
      "The registry is validating as many uploaded PDFs as it takes at once and its queue is full; nothing was examined. Retry after the seconds in the Retry-After header.",
  },
  REG_UPLOAD_TOO_SLOW: {
    status: 408,
    message:
      "The upload arrived too slowly: its body came in below the least rate an upload must keep, so its place was given to others and nothing was examined. Send the file again over a steadier connection.",
  },
  REG_INTERNAL: {
    status: 500,
    message: "An internal error occurred; it has been logged. Retry later or report the request id.",
  },
  REG_URL_NOT_ENCODED: {
    status: 400,
    message:
      'The URL must be percent-encoded ASCII: Chinese or other non-ASCII text in a path or query parameter is sent as UTF-8 %-escapes (curl: `curl -G --data-urlencode "purpose=…" URL`; a program: encodeURIComponent), and a literal % as %25. details names each parameter.',
  },
  REG_BASE_URL_CHANGED: {
    status: 409,
    message:
      "The configured public base URL differs from the one recorded in the data directory: set ELICENCE_BASE_URL back to the recorded one, or start once with `elicence serve --accept-new-base-url` to record the new one (then `elicence reseal --since DATE` gives earlier licences documents carrying it).",
  },
  REG_BASE_URL_INVALID: {
    status: 400,
    message:
      "The public base URL is not acceptable: give the registry's public http(s) address without query or fragment (e.g. https://licences.gov.example), and no loopback address with NODE_ENV=production.",
  },
  REG_KEY_PASSPHRASE_WRONG: {
    status: 503,
    message:
      "The PKI's key files cannot be decrypted with the configured passphrase, so nothing could be sealed: set ELICENCE_KEY_PASSPHRASE (or <data>/pki/passphrase when the variable is unset) back to the passphrase the PKI was created with. Nothing was started or changed.",
  },
  REG_KEY_PASSPHRASE_MISSING: {
    status: 503,
    message:
      "The data directory holds a PKI but no passphrase for its key files: set ELICENCE_KEY_PASSPHRASE to the passphrase it was created with, or restore <data>/pki/passphrase from the backup. A new passphrase is generated only when a PKI is created, never for existing keys.",
  },
  REG_PKI_LOCKED: {
    status: 503,
    message:
      "Another process holds the PKI lock (<data>/pki/.lock) and did not release it in time: wait for the other elicence process to finish starting, or stop it. A lock left by a process that died on this host is taken over by itself; one held from another host (a shared data directory) is taken over after two minutes.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

/** Codes that appear only in `details[]`, naming what is wrong with one field. */
export const DETAIL_CODES = {
  REG_LICENCE_TYPE_UNKNOWN:
    "typeCode (or an entry of required[]) is not a licence type of this registry; GET /api/v1/licence-types lists them.",
  REG_VALIDITY_REVERSED: "validUntil is before validFrom; swap or correct the dates.",
  REG_SHA256_INVALID: "A SHA-256 must be 64 lower-case hex digits.",
  REG_HOLDER_NAME_REQUIRED: "holder.name is empty; give the holder's name as printed on the licence.",
  REG_HOLDER_NAME_TOO_LONG: "holder.name is longer than 200 characters.",
  REG_REASON_REQUIRED: "Every change needs a reason of 1–500 characters; it is recorded with the change.",
  REG_AMEND_EMPTY: "An amendment must change something: fields, holder.name or validUntil.",
  REG_ROLE_UNKNOWN: "The role must be one of admin, issuer, clerk, auditor.",
  REG_DEPARTMENT_REQUIRED: "Issuer and clerk keys act for a department: give its unified social credit code.",
  REG_PURPOSE_TOO_LONG: "The stated purpose is longer than 200 characters.",
  REG_FIELD_TOO_SHORT: "A request member is empty or shorter than allowed.",
  REG_SERVICE_ITEM_UNKNOWN:
    "serviceItem is not a service item (事项) of this registry; GET /api/v1/service-items lists them.",
  REG_MATERIALS_LIST_REQUIRED:
    "Say what the applicant must provide: serviceItem (a service item code) or required (licence type codes).",
  REG_MATERIALS_LIST_AMBIGUOUS: "Give serviceItem or required, not both.",
  REG_SERVICE_ITEM_HOLDER_MISMATCH:
    "The service item is applied for by a person (citizen ID number) or by an organisation (credit code), and the holder code is of the other kind; check the code or the service item.",
  REG_IMPORT_FILE_REQUIRED:
    "Upload the register as multipart/form-data with the file in a part named file (and the fields typeCode, dryRun).",
  REG_DATE_RANGE_INVALID: "from must be on or before to, and the range at most 366 days long.",
  REG_ANNOTATION_VALID_UNTIL_PAST: "An annotated copy's validUntil must be today or later (China time).",
  REG_ANNOTATION_VALID_UNTIL_TOO_FAR: "An annotated copy's validUntil may be at most one year after today.",
  REG_ANNOTATION_AFTER_LICENCE_EXPIRY:
    "An annotated copy's validUntil must not be after the licence's own validUntil.",
  REG_REASON_CODE_UNKNOWN:
    "reason is not a reason code: GET /api/v1/reason-codes lists them (e.g. revoked-by-law, holder-request, other); put any words in note, which is never public.",
  REG_NOTE_TOO_LONG: "The internal note is longer than 500 characters.",
  REG_ANNOTATION_PURPOSE_RETIRED:
    "An annotated copy's note is no longer typed: send serviceItem (a code from GET /api/v1/service-items), not purpose; the note's words come from the catalogue.",
  REG_PURPOSE_UNREADABLE:
    "The stated purpose must be words someone can read: at least one letter or digit, and no control, zero-width or text-direction characters.",
  REG_SERVICE_ITEM_NOT_FOR_LICENCE:
    "An annotated copy is for a service item that asks for this licence: the item's required materials (GET /api/v1/service-items) do not list the licence's type.",
  REG_URL_RAW_CHARACTER:
    "A path or query parameter carries characters that are not percent-encoded (Chinese, other non-ASCII text, spaces); percent-encode them as UTF-8.",
  REG_URL_BAD_ESCAPE:
    "A path or query parameter has a % that does not start a %-escape of UTF-8 (% and two hex digits); write a literal % as %25.",
  REG_FIELD_UNPRINTABLE:
    "A value holds a character the licence font (Noto Sans SC, and the fallback font when ELICENCE_FALLBACK_FONT names one) cannot print, such as a rare ideograph outside the font or an emoji; nothing was stored. Record the value with characters the font covers, or configure a fallback font covering them (e.g. HanaMinB.ttf for CJK Extension B).",
  REG_ID_BIRTH_DATE_MISMATCH:
    "The birth-date field differs from the birth date the holder's citizen ID number states (digits 7–14); correct whichever was mistyped.",
  REG_ID_SEX_MISMATCH:
    "The sex field differs from the sex the holder's citizen ID number states (digit 17: odd 男, even 女); correct whichever was mistyped.",
  REG_RENEWAL_OUTSIDE_WINDOW:
    "The licence type is renewed only inside its renewal window (type.json renewalWindow, days before and after the licence's validUntil); the message gives the window's dates. Too early: renew from the first day; too late: issue a new licence.",
  REG_LICENCE_NUMBER_TAKEN:
    "Another live (valid or suspended) licence of this type already has this licence number; check the number against the paper archive, or end (cancel, deregister) the other licence first.",
  REG_HOLDER_NAME_CONFLICT:
    "The holder's credit code carries another name on its other live licences (one USCC has one name at a time); use that name, or record the name change by amending the holder's licences one after another (the first amendment starts the change, the others follow it).",
  REG_STORE_UNREACHABLE:
    "The store (SQLite file or MongoDB) does not answer; check the data directory or MONGODB_URL and the database server.",
  REG_PROBE_TIMEOUT:
    "A readiness check did not answer in time; the part it checks is treated as down until it does.",
  REG_PROBE_FAILED: "A readiness check failed with an unexpected error; the log holds its cause.",
  REG_SWEEP_HELD:
    "The expiry sweep would expire more licences at once than ELICENCE_SWEEP_EXPIRY_MAX or ELICENCE_SWEEP_EXPIRY_MAX_PERCENT allow, and expired none: check the clock; if it is right and the expiry intended, confirm it (POST /api/v1/admin/clock/confirm or `elicence serve --confirm-clock`) and the next sweep records them.",
  REG_REDIS_UNAVAILABLE:
    "Redis (REDIS_URL) does not answer: it is down, frozen or unreachable. Users see no difference (live status is read from the store, rate limits are counted per registry process), but every status lookup now reads the store. Check the Redis server and the network to it; the registry reconnects by itself and this check turns ok within seconds of Redis answering.",
  REG_SEAL_FAILED:
    "Sealing a licence version failed with an error that may pass; background sealing tries it again with back-off (30 s, 2 min, 8 min, 32 min) and parks it after the fifth attempt. The registry log names the version and the error.",
  REG_SEALING_PARKED:
    "Licence versions that cannot be sealed are parked: they no longer block the others. GET /api/v1/licences/{identifier} shows each one's document.reason; fix the value by amending the licence, or fix the cause (a fallback font, a new seal certificate) and restart elicence serve, which tries every parked version again.",
  REG_BODY_NOT_UTF8:
    "The JSON body is not valid UTF-8 (a byte sequence no UTF-8 text has); send it encoded as UTF-8, as every JSON library does.",
  REG_BODY_TOO_DEEP:
    "The JSON body nests arrays and objects more than 64 levels deep; no request of this API needs more than a few.",
  REG_BODY_NOT_JSON:
    "The body is not valid JSON although Content-Type says application/json (empty, a syntax error at the position given, or a __proto__ member); send one JSON object.",
  REG_CONTENT_TYPE_UNSUPPORTED:
    "This route does not take a body of this Content-Type: send application/json (uploads: multipart/form-data).",
  REG_MULTIPART_MALFORMED:
    "The multipart/form-data upload cannot be read: no boundary in Content-Type (or one far past the 70 characters RFC 2046 allows), or the body ends before its closing boundary (cut short, or a different boundary). Let the HTTP client build the form (curl -F file=@…).",
} as const;

export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(code: RegistryErrorCode, message?: string, details: ErrorDetail[] = []) {
    super(message ?? REGISTRY_ERRORS[code].message);
    this.name = "RegistryError";
    this.code = code;
    this.status = REGISTRY_ERRORS[code].status;
    // A detail built from client input may lack its field (busboy gives a part without name="…" no fieldname): the
    // error schema requires one, and fastify answers a body its serializer refuses with a bare 500, so it names the body.
    this.details = details.map((d) =>
      typeof (d.field as unknown) === "string" ? d : { ...d, field: "body" },
    );
  }

  toJSON(): { code: string; message: string; details: ErrorDetail[] } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
