// The operational limits (body and upload sizes, per-address rates, sign-in failures): one table with each limit's
// environment variable, default and allowed range. config.ts reads them once at start; the modules that enforce them
// take their defaults from DEFAULT_LIMITS, so a registry built without configuration (tests) behaves the same.

export interface Limits {
  /** JSON request bodies (fastify bodyLimit), bytes. */
  readonly bodyBytes: number;
  /** POST /api/v1/verify/pdf upload, bytes. */
  readonly verifyPdfBytes: number;
  /** POST /api/v1/verify/pdf uploads per client address and minute. */
  readonly verifyPdfPerMinute: number;
  /** POST /api/v1/verify/pdf validations running at once (each in a worker thread of its own). */
  readonly verifyPdfConcurrency: number;
  /** POST /api/v1/verify/pdf uploads admitted beyond those running (receiving or waiting); more get 503 REG_BUSY. */
  readonly verifyPdfQueue: number;
  /** GET /api/v1/status/{token} requests per client address and minute. */
  readonly statusPerMinute: number;
  /** POST /api/v1/imports register upload, bytes. */
  readonly importBytes: number;
  /** One part of an XLSX register inflated (the worksheet, the shared strings), bytes. */
  readonly xlsxPartBytes: number;
  /** All the parts of an XLSX register read by one import, inflated, bytes. */
  readonly xlsxInflatedBytes: number;
  /** Inflated bytes per stored byte of an XLSX part (a ZIP bomb's is about 1000). */
  readonly xlsxRatio: number;
  /** Strings in an XLSX register's shared-string table. */
  readonly xlsxSharedStrings: number;
  /** Import uploads waiting or running (their register files on disk), all departments together, bytes. */
  readonly importQuotaBytes: number;
  /** Free space the data directory's disk keeps; below it the disk readiness check answers down, bytes. */
  readonly diskMinFreeBytes: number;
  /** Failed holder sign-ins (wrong share code) per holder and client address, per window. */
  readonly shareCodeFailuresPerHolder: number;
  /** Failed holder sign-ins per client address, per window. */
  readonly shareCodeFailuresPerAddress: number;
  /** Failed window-desk sign-ins (unknown key) per client address, per window. */
  readonly deskSignInFailuresPerAddress: number;
  /** The window of the three sign-in failure counts, minutes. */
  readonly signInWindowMinutes: number;
  /** How far the clock may run behind the latest recorded event (or certificate) before it is implausible, minutes. */
  readonly clockToleranceMinutes: number;
  /** How far the clock may run ahead of the latest recorded event before it is implausible, days. */
  readonly clockMaxAheadDays: number;
  /** Licences one expiry sweep may expire at once without an operator's confirmation. */
  readonly sweepExpiryMax: number;
  /** The share of live licences (percent) one expiry sweep may expire without confirmation. */
  readonly sweepExpiryMaxPercent: number;
}

export interface LimitSpec {
  variable: string;
  default: number;
  min: number;
  max: number;
  /** "bytes" accepts a KiB, MiB or GiB suffix; "count" a plain integer. */
  unit: "bytes" | "count" | "minutes" | "days" | "percent";
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const LIMIT_SPECS: { readonly [K in keyof Limits]: LimitSpec } = {
  bodyBytes: { variable: "ELICENCE_BODY_LIMIT", default: MiB, min: 16 * KiB, max: 64 * MiB, unit: "bytes" },
  verifyPdfBytes: {
    variable: "ELICENCE_VERIFY_PDF_MAX_SIZE",
    default: 20 * MiB,
    min: MiB,
    max: 200 * MiB,
    unit: "bytes",
  },
  // An upload costs a worker up to seconds of parsing: ten a minute is plenty for a person at a counter.
  verifyPdfPerMinute: {
    variable: "ELICENCE_VERIFY_PDF_RATE",
    default: 10,
    min: 1,
    max: 10_000,
    unit: "count",
  },
  // Each running validation holds the upload twice (read, and its copy in the worker) and a worker heap of up to
  // 256 MB: two at once keep a 20 MiB upload's cost bounded on a small server and use both cores of one.
  verifyPdfConcurrency: {
    variable: "ELICENCE_VERIFY_PDF_CONCURRENCY",
    default: 2,
    min: 1,
    max: 64,
    unit: "count",
  },
  // Admitted uploads go to a temporary file while they wait, not memory: the queue costs disk (20 MiB each) and
  // waiting time (a validation takes up to seconds), so it is short; past it a client is told to retry.
  verifyPdfQueue: { variable: "ELICENCE_VERIFY_PDF_QUEUE", default: 8, min: 0, max: 1000, unit: "count" },
  statusPerMinute: { variable: "ELICENCE_STATUS_RATE", default: 120, min: 1, max: 1_000_000, unit: "count" },
  // A million-row register is ~300 MB of CSV.
  importBytes: {
    variable: "ELICENCE_IMPORT_MAX_SIZE",
    default: 512 * MiB,
    min: MiB,
    max: 4 * GiB,
    unit: "bytes",
  },
  // A million-row register's worksheet inflates to about 1 GB; its stored size is capped by importBytes anyway.
  xlsxPartBytes: {
    variable: "ELICENCE_XLSX_MAX_PART_SIZE",
    default: 2 * GiB,
    min: MiB,
    max: 16 * GiB,
    unit: "bytes",
  },
  xlsxInflatedBytes: {
    variable: "ELICENCE_XLSX_MAX_INFLATED_SIZE",
    default: 4 * GiB,
    min: MiB,
    max: 64 * GiB,
    unit: "bytes",
  },
  // Spreadsheet XML deflates 5–30 times; Apache POI refuses parts over 100 times as a ZIP bomb, and so do we.
  xlsxRatio: { variable: "ELICENCE_XLSX_MAX_RATIO", default: 100, min: 10, max: 1100, unit: "count" },
  // 8 bytes of memory each (their offsets in the spill file): 40 MB at the default, five distinct texts a row for a
  // million-row register.
  xlsxSharedStrings: {
    variable: "ELICENCE_XLSX_MAX_SHARED_STRINGS",
    default: 5_000_000,
    min: 1000,
    max: 100_000_000,
    unit: "count",
  },
  // Uploads are spooled to the data directory before their job runs: bounded together, so queued registers cannot
  // fill the disk the database and the sealed documents live on.
  importQuotaBytes: {
    variable: "ELICENCE_IMPORT_QUOTA",
    default: 2 * GiB,
    min: MiB,
    max: 1024 * GiB,
    unit: "bytes",
  },
  // Room for a WAL checkpoint and a round of sealed PDFs: the registry says it is not ready before writes fail.
  diskMinFreeBytes: {
    variable: "ELICENCE_DISK_MIN_FREE",
    default: 256 * MiB,
    min: 0,
    max: 1024 * GiB,
    unit: "bytes",
  },
  shareCodeFailuresPerHolder: {
    variable: "ELICENCE_SHARE_CODE_FAILURES",
    default: 5,
    min: 1,
    max: 100,
    unit: "count",
  },
  shareCodeFailuresPerAddress: {
    variable: "ELICENCE_SHARE_CODE_FAILURES_PER_ADDRESS",
    default: 30,
    min: 1,
    max: 10_000,
    unit: "count",
  },
  deskSignInFailuresPerAddress: {
    variable: "ELICENCE_DESK_SIGN_IN_FAILURES",
    default: 20,
    min: 1,
    max: 10_000,
    unit: "count",
  },
  signInWindowMinutes: {
    variable: "ELICENCE_SIGN_IN_WINDOW_MINUTES",
    default: 15,
    min: 1,
    max: 1440,
    unit: "minutes",
  },
  // Clocks of the hosts that share one store differ by seconds; an NTP correction by less. Ten minutes behind the
  // latest recorded event is already a clock set wrong (health/clock-check.ts).
  clockToleranceMinutes: {
    variable: "ELICENCE_CLOCK_TOLERANCE_MINUTES",
    default: 10,
    min: 1,
    max: 1440,
    unit: "minutes",
  },
  // A registry records events every working day; half a year without one is far likelier a clock set a year (or six)
  // ahead than a registry left off that long, and a registry really restarted after that long is confirmed once.
  clockMaxAheadDays: {
    variable: "ELICENCE_CLOCK_MAX_AHEAD_DAYS",
    default: 180,
    min: 1,
    max: 3650,
    unit: "days",
  },
  // A day's lapses are a small fraction of a registry; a clock jump expires them all (issue 11: 770 of 770). Either
  // bound held back waits for confirmation (health/sweep-bound.ts).
  sweepExpiryMax: {
    variable: "ELICENCE_SWEEP_EXPIRY_MAX",
    default: 1000,
    min: 1,
    max: 100_000,
    unit: "count",
  },
  sweepExpiryMaxPercent: {
    variable: "ELICENCE_SWEEP_EXPIRY_MAX_PERCENT",
    default: 10,
    min: 1,
    max: 100,
    unit: "percent",
  },
};

export const DEFAULT_LIMITS: Limits = Object.freeze(
  Object.fromEntries(Object.entries(LIMIT_SPECS).map(([k, s]) => [k, s.default])) as unknown as Limits,
);

const SUFFIX: Record<string, number> = { "": 1, kib: KiB, mib: MiB, gib: GiB };

/** How a limit's range reads in an error message: bytes in the largest whole unit. */
export function describeLimit(n: number, unit: LimitSpec["unit"]): string {
  if (unit !== "bytes") return String(n);
  for (const [name, size] of [
    ["GiB", GiB],
    ["MiB", MiB],
    ["KiB", KiB],
  ] as const)
    if (n >= size && n % size === 0) return `${n / size} ${name}`;
  return `${n} bytes`;
}

/** Reads every limit from the environment; each bad value is one problem naming the variable and its range. */
export function readLimits(env: Record<string, string | undefined>): {
  limits: Limits;
  problems: { variable: string; problem: string }[];
} {
  const problems: { variable: string; problem: string }[] = [];
  const limits: Record<string, number> = {};
  for (const [key, spec] of Object.entries(LIMIT_SPECS) as [keyof Limits, LimitSpec][]) {
    const raw = env[spec.variable]?.trim() ?? "";
    limits[key] = spec.default;
    if (raw === "") continue;
    const m = /^(\d{1,13})\s*(KiB|MiB|GiB)?$/iu.exec(raw);
    const value =
      m && (spec.unit === "bytes" || !m[2]) ? Number(m[1]) * (SUFFIX[(m[2] ?? "").toLowerCase()] ?? 1) : NaN;
    const range = `${describeLimit(spec.min, spec.unit)}–${describeLimit(spec.max, spec.unit)}`;
    if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max)
      problems.push({
        variable: spec.variable,
        problem: `"${raw}" is not ${spec.unit === "bytes" ? "a size" : "a whole number"} in ${range}${spec.unit === "bytes" ? " (bytes, or with KiB, MiB, GiB)" : ""}; unset, it is ${describeLimit(spec.default, spec.unit)}`,
      });
    else limits[key] = value;
  }
  return { limits: Object.freeze(limits) as unknown as Limits, problems };
}

/**
 * What Excel itself can hold, so no real register exceeds them: an XLSX holding more was not written by a spreadsheet
 * program and is refused (import-codes.ts) before its text reaches the parser's memory. Not configurable.
 */
export const EXCEL_LIMITS = Object.freeze({
  /** Characters in one cell or shared string. */
  stringChars: 32_767,
  /** Columns of a sheet (A … XFD). */
  columns: 16_384,
  /** Rows of a sheet. */
  rows: 1_048_576,
});
