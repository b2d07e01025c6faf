// Bulk conversion of a paper register into licences: file → header → rows validated (every problem at once) →
// batches checked for duplicates and conflicts (in the file and in the registry) → stored, one atomic store batch
// per few hundred rows, each licence with its own audit event.
//
// Re-runs and crashes: a row's licence carries (file SHA-256, row) in its provenance and is found again by
// (type, issuer, paper number), so a re-run skips what is stored and stores what is not. A store batch is atomic,
// so a kill -9 leaves whole batches or nothing of one: re-running the same file leaves no duplicates and no gaps.
// Two imports of the same register running at the same time are not guarded against (run them one after another).
import { performance } from "node:perf_hooks";
import type { Catalogue, LicenceType } from "../catalogue/index.js";
import type { LicenceRecord } from "../domain/licence.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { maskHolderCode, parseCreditCode } from "@elicence/core";
import type { Actor, IssuePlan, LicenceService } from "../licences/licence-service.js";
import type { Store } from "../store/store.js";
import { columnName, headerScore, planColumns, type ColumnPlan } from "./column-plan.js";
import { enumSuggestion } from "./did-you-mean.js";
import { inspectFile } from "./file-facts.js";
import { IMPORT_CODES } from "./import-codes.js";
import { ImportError } from "./import-error.js";
import type { ImportCounts, ImportSummary } from "./import-summary.js";
import type { ImportProgress } from "./progress.js";
import type { ReportSink } from "./report-writer.js";
import { isBlankRow, readRow, type RowProblem } from "./row-reader.js";
import { openRows, type SourceRow } from "./row-source.js";
import type { XlsxLimits } from "./xlsx-package.js";
import { ScanIndex } from "./scan-index.js";
import { SeenPaperNumbers, type SeenEntry } from "./seen-paper-numbers.js";

export interface ImportDeps {
  service: LicenceService;
  store: Store;
  catalogue: Catalogue;
}

export interface ImportOptions {
  file: string;
  typeCode: string;
  /** The issuing department's USCC: it must be among the type's issuers. */
  department: string;
  /** Who converts (recorded as provenance.operator and as the audit actor), e.g. "cli:zhangwei". */
  operator: string;
  dryRun?: boolean;
  /** Directory of scans named after the paper numbers. */
  scansDir?: string;
  report?: ReportSink;
  /** Rows per store batch (default 1000). */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Stops between batches; what is stored stays stored, and a re-run completes the import. */
  signal?: AbortSignal;
  /** Parent of the scratch directory (default: the OS temp directory). */
  tmpDir?: string;
  /** What an XLSX register may inflate to and hold (limits.ts; the defaults unless configured). */
  xlsxLimits?: XlsxLimits;
  /** Monotonic milliseconds, for rates and the ETA (default performance.now). */
  elapsed?: () => number;
}

/** Rows read between progress reports when no batch is stored. */
const PROGRESS_ROWS = 2000;

/** Rows searched for the header: enough for a title, a subtitle, a blank line and a two-line header. */
const HEADER_SEARCH_ROWS = 30;

interface Pending {
  row: number;
  paperNumber: string;
  plan: IssuePlan;
}

export async function runImport(deps: ImportDeps, options: ImportOptions): Promise<ImportSummary> {
  const elapsed = options.elapsed ?? (() => performance.now());
  const started = elapsed();
  const type = deps.catalogue.get(options.typeCode);
  if (!type)
    throw new ImportError(
      "REG_IMPORT_TYPE_UNKNOWN",
      `No licence type has the code "${options.typeCode}"; the loaded types are ${deps.catalogue
        .list()
        .map((t) => `${t.code} ${t.name.zh}`)
        .join(", ")}.`,
    );
  if (!type.import)
    throw new ImportError(
      "REG_IMPORT_NO_MAPPING",
      `${type.name.zh} (${type.code}) declares no import.columns in ${type.source}; add the mapping of register headers to fields.`,
    );
  const department = checkDepartment(deps.catalogue, type, options.department);
  const facts = await inspectFile(options.file);
  const source = openRows(facts, {
    ...(options.tmpDir !== undefined ? { tmpDir: options.tmpDir } : {}),
    ...(options.xlsxLimits ? { limits: options.xlsxLimits } : {}),
  });
  const rows = source[Symbol.asyncIterator]();
  const scans = options.scansDir !== undefined ? new ScanIndex(options.scansDir) : null;
  const actor: Actor = { id: options.operator, role: "issuer", department };
  const dryRun = options.dryRun ?? false;
  const batchSize = Math.max(1, options.batchSize ?? 1000);

  const { header, rest } = await findHeader(type, rows);
  const plan = planColumns(type, header.cells, header.row);

  const counts: ImportCounts = {
    rows: 0,
    blank: 0,
    invalid: 0,
    duplicates: 0,
    conflicts: 0,
    alreadyImported: 0,
    imported: 0,
  };
  const problemsByCode: Record<string, number> = {};
  let problemCount = 0;
  // A row's problems are listed left to right, as the operator reads the row; stray cells and row-level ones last.
  const positions = new Map(plan.columns.map((c) => [c.header, c.index]));
  const columnOrder = (column: string) => positions.get(column) ?? Number.MAX_SAFE_INTEGER;
  const report = (p: RowProblem) => {
    problemCount++;
    problemsByCode[p.code] = (problemsByCode[p.code] ?? 0) + 1;
    if (p.columnLetter === undefined) {
      const index = positions.get(p.column);
      if (index !== undefined) p = { ...p, columnLetter: columnName(index) };
    }
    options.report?.problem(p);
  };
  const progress = (): ImportProgress => ({
    rowsRead: counts.rows + counts.blank,
    estimatedRows: Math.max(0, (source.estimatedRows?.() ?? facts.estimatedRows) - header.row),
    imported: counts.imported,
    problems: problemCount,
    elapsedMs: elapsed() - started,
  });

  const seen = new SeenPaperNumbers(options.tmpDir);
  let pending: Pending[] = [];
  let cancelled = false;

  /**
   * The rows of a batch that the register's data rules accept (licences/rules/: the number free among live licences
   * of the type, the credit code's name the one on its live licences and on the batch's earlier rows); each refused
   * row is passed to `refuse` with every problem. Rows stored by earlier batches are in the register already.
   */
  const checkAgainstRegister = async (
    rows: Pending[],
    refuse: (b: Pending, problems: ErrorDetail[]) => void,
  ): Promise<Pending[]> => {
    const verdicts = await deps.service.checkManyAgainstRegister(
      rows.map((b) => ({ ...b.plan, lineage: null })),
    );
    // Rows already ended by date are history, not live licences: an old name or a reused number is no conflict.
    const today = deps.service.today();
    const names = new Map<string, { name: string; row: number }>();
    return rows.filter((b, i) => {
      const problems = [...(verdicts[i] ?? [])];
      const holder = b.plan.holder;
      const live = b.plan.validUntil === null || b.plan.validUntil >= today;
      const earlier = live ? names.get(holder.code) : undefined;
      if (
        holder.codeType === "001" &&
        earlier !== undefined &&
        earlier.name !== holder.name &&
        !problems.some((p) => p.code === "REG_HOLDER_NAME_CONFLICT")
      )
        problems.push({
          field: "holder.name",
          code: "REG_HOLDER_NAME_CONFLICT",
          message: `Row ${earlier.row} of this file names credit code ${holder.code} "${earlier.name}", this row "${holder.name}"; one credit code has one name at a time: correct one of the rows against the paper archive`,
        });
      if (problems.length > 0) {
        refuse(b, problems);
        return false;
      }
      if (holder.codeType === "001" && live && earlier === undefined)
        names.set(holder.code, { name: holder.name, row: b.row });
      return true;
    });
  };

  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const papers = batch.map((b) => b.paperNumber);
    const earlier = seen.lookup(papers);
    const stored = new Map<string, LicenceRecord[]>();
    for (const r of await deps.store.findByPaperNumbers(type.code, department, papers)) {
      if (r.provenance.kind !== "paper") continue;
      stored.set(r.provenance.paperNumber, [...(stored.get(r.provenance.paperNumber) ?? []), r]);
    }
    const taken = new Map<string, SeenEntry>();
    const toStore: Pending[] = [];
    for (const b of batch) {
      const holder = b.plan.holder.code;
      const column = plan.headerOf("provenance.paperNumber") ?? "";
      const base = { row: b.row, column, paperNumber: b.paperNumber };
      const prior = taken.get(b.paperNumber) ?? earlier.get(b.paperNumber);
      if (prior) {
        if (prior.holderCode === holder) {
          counts.duplicates++;
          report({
            ...base,
            code: "REG_IMPORT_DUPLICATE",
            message: `Row ${prior.row} of this file already has this licence (same holder and paper number ${b.paperNumber}); this row was not imported again`,
          });
        } else {
          counts.conflicts++;
          report({
            ...base,
            code: "REG_IMPORT_CONFLICT",
            message: `Paper number ${b.paperNumber} is already used in row ${prior.row} for another holder (${maskHolderCode(prior.holderCode, type.holderCodeType)}); check both rows against the paper archive`,
          });
        }
        continue;
      }
      const existing = stored.get(b.paperNumber) ?? [];
      if (existing.length > 0) {
        const same = existing.filter((r) => r.holder.code === holder);
        if (same.length === 0) {
          const other = current(existing);
          counts.conflicts++;
          report({
            ...base,
            code: "REG_IMPORT_CONFLICT",
            existing: other.identifier,
            message: `Paper number ${b.paperNumber} already belongs to another holder (${maskHolderCode(other.holder.code, other.holder.codeType)}) in licence ${other.identifier}; nothing was overwritten: check against the paper archive`,
          });
          continue;
        }
        if (
          same.some(
            (r) =>
              r.provenance.kind === "paper" &&
              r.provenance.sourceFileSha256 === facts.sha256 &&
              r.provenance.sourceRow === b.row,
          )
        ) {
          counts.alreadyImported++;
          taken.set(b.paperNumber, { row: b.row, holderCode: holder });
          continue;
        }
        const mine = current(same);
        const from =
          mine.provenance.kind === "paper" && mine.provenance.sourceRow !== undefined
            ? ` (converted on ${mine.provenance.convertedOn} from row ${mine.provenance.sourceRow} of another file)`
            : "";
        counts.duplicates++;
        report({
          ...base,
          code: "REG_IMPORT_DUPLICATE",
          existing: mine.identifier,
          message: `The registry already holds this licence as ${mine.identifier}${from}; this row was not imported again`,
        });
        continue;
      }
      toStore.push(b);
      taken.set(b.paperNumber, { row: b.row, holderCode: holder });
    }
    const accepted = await checkAgainstRegister(toStore, (b, problems) => {
      counts.conflicts++;
      // Not stored: a later row with this paper number is judged on its own, not as a duplicate of this one.
      taken.delete(b.paperNumber);
      for (const p of problems)
        report({
          row: b.row,
          column: columnOf(plan, p.field),
          paperNumber: b.paperNumber,
          code: p.code,
          message: p.message,
        });
    });
    if (!dryRun && accepted.length > 0)
      await deps.service.issueMany(
        actor,
        accepted.map((b) => b.plan),
      );
    counts.imported += accepted.length;
    seen.add(taken);
    options.onProgress?.(progress());
  };

  const ctx = { type, plan, sourceFileSha256: facts.sha256 };
  const handle = async (r: SourceRow) => {
    if (isBlankRow(r.cells)) {
      counts.blank++;
      return;
    }
    counts.rows++;
    // Rows that are all refused store nothing, so no batch reports progress for them: report it here too.
    if (counts.rows % PROGRESS_ROWS === 0) options.onProgress?.(progress());
    const read = readRow(ctx, r.cells, r.row);
    const problems = read.problems;
    const check = deps.service.checkIssue(actor, read.input);
    if (!check.ok) {
      const flagged = new Set(problems.map((p) => p.column));
      for (const d of check.details) {
        const column = columnOf(plan, d.field);
        if (column !== "" && flagged.has(column)) continue; // the register-level problem already explains this cell
        const suggestion =
          d.suggestion ??
          (d.code === "REG_FIELD_ENUM" ? enumSuggestion(type, d.field, read.input.fields) : undefined);
        problems.push({
          row: r.row,
          column,
          code: d.code,
          message: d.message,
          ...(suggestion !== undefined ? { suggestion } : {}),
        });
      }
    }
    const scan = scans && read.paperNumber !== null ? scans.match(read.paperNumber) : null;
    if (scan?.kind === "ambiguous")
      problems.push({
        row: r.row,
        column: plan.headerOf("provenance.paperNumber") ?? "",
        code: "REG_IMPORT_SCAN_AMBIGUOUS",
        message: `${IMPORT_CODES.REG_IMPORT_SCAN_AMBIGUOUS.en} Files: ${scan.files.join(", ")}`,
      });
    if (problems.length > 0 || !check.ok || read.paperNumber === null) {
      counts.invalid++;
      problems.sort((a, b) => columnOrder(a.column) - columnOrder(b.column));
      for (const p of problems)
        report(read.paperNumber !== null ? { ...p, paperNumber: read.paperNumber } : p);
      return;
    }
    let issue = check.plan;
    if (scan?.kind === "one" && issue.provenance.kind === "paper")
      issue = { ...issue, provenance: { ...issue.provenance, scanSha256: scans!.sha256(scan.file) } };
    pending.push({ row: r.row, paperNumber: read.paperNumber, plan: issue });
    if (pending.length >= batchSize) {
      await flush();
      if (options.signal?.aborted) cancelled = true;
    }
  };

  try {
    for (const r of rest) {
      await handle(r);
      if (cancelled) break;
    }
    while (!cancelled) {
      const next = await rows.next();
      if (next.done) break;
      await handle(next.value);
    }
    if (!cancelled) await flush();
  } finally {
    seen.close();
    // Closes the file when the import stops early (cancelled, or an error).
    await rows.return?.();
  }

  const seconds = (elapsed() - started) / 1000;
  const summary: ImportSummary = {
    file: facts.path,
    fileSha256: facts.sha256,
    format: facts.format,
    encoding: facts.encoding,
    typeCode: type.code,
    typeName: type.name.zh,
    department,
    operator: options.operator,
    dryRun,
    headerRow: plan.headerRow,
    columns: plan.columns.map((c) => ({ header: c.header, targets: c.targets })),
    ignoredColumns: plan.ignored,
    counts,
    problemsByCode,
    scans: scans ? { dir: scans.dir, files: scans.fileCount, matched: scans.usedCount } : null,
    seconds,
    rowsPerSecond: seconds > 0 ? counts.rows / seconds : 0,
    cancelled,
  };
  await options.report?.finish(summary);
  return summary;
}

function checkDepartment(catalogue: Catalogue, type: LicenceType, raw: string): string {
  const parsed = parseCreditCode(raw);
  if (!parsed.ok)
    throw new RegistryError(
      "REG_VALIDATION_FAILED",
      "The --department must be the issuing department's unified social credit code.",
      parsed.errors.map((e) => ({
        field: "department",
        code: e.code,
        message: e.message,
        ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
      })),
    );
  const code = parsed.value.code;
  if (!catalogue.mayIssue(type.code, code))
    throw new RegistryError(
      "REG_DEPARTMENT_NOT_AUTHORISED",
      `Department ${code} may not issue ${type.name.zh} (${type.code}); its issuers are ${type.issuers.map((i) => `${i.name} ${i.code}`).join(", ")}.`,
    );
  return code;
}

/** The header row: among the first rows, the one naming the most columns the type knows (at least two). */
async function findHeader(
  type: LicenceType,
  rows: AsyncIterator<SourceRow>,
): Promise<{ header: SourceRow; rest: SourceRow[] }> {
  const first: SourceRow[] = [];
  while (first.length < HEADER_SEARCH_ROWS) {
    const next = await rows.next();
    if (next.done) break;
    first.push(next.value);
  }
  let best = -1;
  let bestScore = 1;
  first.forEach((r, i) => {
    const score = headerScore(type, r.cells);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const header = first[best];
  if (!header) {
    const expected = Object.keys(type.import?.columns ?? {}).join("、");
    throw new ImportError(
      "REG_IMPORT_HEADER_NOT_FOUND",
      `None of the first ${first.length} rows is a header of the ${type.name.zh} register; expected column headers such as ${expected}.`,
    );
  }
  return { header, rest: first.slice(best + 1) };
}

/** The column a service problem is about: `fields.businessItems[2]` → the header feeding businessItems. */
function columnOf(plan: ColumnPlan, field: string): string {
  const target = /^fields\.[^.[]+/u.exec(field)?.[0] ?? field;
  return plan.headerOf(target) ?? "";
}

/** The version that is current (not superseded), else the newest. */
function current(records: LicenceRecord[]): LicenceRecord {
  return (
    records.find((r) => r.nextIdentifier === null) ??
    records.reduce((a, b) => (b.version > a.version ? b : a))
  );
}
