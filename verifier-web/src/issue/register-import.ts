// Importing a paper register (POST /api/v1/imports): a check first (dryRun: counts and problems, nothing stored), then
// the import of the same file, its progress watched (GET /api/v1/imports/{jobId}: rows read, stored, problems, rows/s,
// ETA) until done, and the report downloaded (CSV or XLSX) with the session.
import { ID_ERROR_CODES } from "@elicence/core";
import type { Bilingual } from "@elicence/core";
import { say } from "../i18n.js";
import { byId, el, fill } from "../common/dom.js";
import { plainProblem } from "../common/problem-words.js";
import { FieldErrors, type ShownProblem } from "./field-errors.js";
import { ISSUE_FIELDS, iw } from "./issue-words.js";
import type { Office } from "./office.js";

interface JobView {
  jobId: string;
  state: "queued" | "running" | "done" | "failed";
  dryRun: boolean;
  fileName: string;
  progress: {
    rowsRead: number;
    percent: number | null;
    stored: number;
    problems: number;
    rowsPerSecond: number;
    etaSeconds: number | null;
  };
  counts?: {
    rows: number;
    invalid: number;
    duplicates: number;
    conflicts: number;
    alreadyImported: number;
    /** Stored by this run; in a check, rows that would be stored. */
    imported: number;
  };
  problemsByCode?: Record<string, number>;
  error?: { code: string; message: string };
  reports: { csv: string; xlsx: string } | null;
  /** The department's licences still waiting for their sealed PDF (a real import only). */
  sealing?: { waiting: number };
}

const STATE_WORDS: Record<JobView["state"], Bilingual> = {
  queued: iw.jobQueued,
  running: iw.jobRunning,
  done: iw.jobDone,
  failed: iw.jobFailed,
};

/** How often the page asks for the job's progress, and then for the sealing that follows a real import. */
const POLL_MS = 1000;
const SEALING_POLL_MS = 3000;

export class RegisterImport {
  private job: JobView | null = null;
  /** The file and type the last check was done on: the import sends exactly these. */
  private checked: { file: File; typeCode: string } | null = null;
  private timer: number | null = null;
  private readonly form = byId<HTMLFormElement>("import-form");
  private readonly errors: FieldErrors;

  constructor(private readonly office: Office) {
    this.errors = new FieldErrors(this.form, byId("import-errors"), (f) =>
      f === "typeCode" ? "import-type" : f === "file" ? "import-file" : null,
    );
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.upload(true);
    });
    byId("import-run").addEventListener("click", () => void this.upload(false));
    for (const id of ["import-type", "import-file"])
      byId(id).addEventListener("change", () => {
        this.checked = null;
        this.renderRunButton();
      });
  }

  renderTypes(): void {
    const select = byId<HTMLSelectElement>("import-type");
    const chosen = select.value;
    const types = this.office.types.filter((t) => t.import);
    fill(
      select,
      el("option", { value: "" }, say(iw.chooseType)),
      ...types.map((t) => el("option", { value: t.code }, say(t.name))),
    );
    select.value = types.some((t) => t.code === chosen) ? chosen : "";
  }

  /** Stops watching and forgets the job (sign-out). */
  clear(): void {
    this.stop();
    this.job = null;
    this.checked = null;
    this.errors.clear();
    this.form.reset();
    byId("import-job").hidden = true;
    this.renderRunButton();
  }

  private async upload(dryRun: boolean): Promise<void> {
    const typeCode = byId<HTMLSelectElement>("import-type").value;
    const file = dryRun ? byId<HTMLInputElement>("import-file").files?.[0] : this.checked?.file;
    const own: ShownProblem[] = [];
    if (!typeCode) own.push({ field: "typeCode", text: say(iw.chooseType) });
    if (!file) own.push({ field: "file", text: say(iw.fileMissing) });
    if (own.length > 0 || !file) {
      (this.errors.show(say(iw.fixBelow), own) ?? byId("import-errors")).focus();
      return;
    }
    this.errors.clear();
    const form = new FormData();
    form.set("typeCode", dryRun ? typeCode : (this.checked?.typeCode ?? typeCode));
    form.set("dryRun", String(dryRun));
    form.set("file", file, file.name);
    this.stop();
    const res = await this.office.api.json<{ jobId: string }>("POST", "/api/v1/imports", {
      session: true,
      form,
    });
    if (!this.office.session.signedIn) return;
    if (!res.ok) {
      const plain = plainProblem(res.problem, ISSUE_FIELDS);
      (this.errors.show(plain.headline, plain.lines, plain) ?? byId("import-errors")).focus();
      return;
    }
    this.checked = dryRun ? { file, typeCode } : null;
    this.renderRunButton();
    this.job = null;
    byId("import-job").hidden = false;
    await this.poll(res.data.jobId);
    byId("import-job-heading").focus();
  }

  private async poll(jobId: string): Promise<void> {
    const res = await this.office.api.json<JobView>("GET", `/api/v1/imports/${encodeURIComponent(jobId)}`, {
      session: true,
    });
    if (!this.office.session.signedIn) return;
    if (!res.ok) {
      const plain = plainProblem(res.problem, ISSUE_FIELDS);
      fill(byId("import-progress-line"), plain.headline);
      return;
    }
    const before = this.job?.state;
    this.job = res.data;
    this.render();
    if (before !== res.data.state) this.office.announce(this.heading());
    if (res.data.state === "queued" || res.data.state === "running")
      this.timer = window.setTimeout(() => void this.poll(jobId), POLL_MS);
    // Stored licences are sealed in the background: watched until none of the department's waits.
    else if (res.data.state === "done" && (res.data.sealing?.waiting ?? 0) > 0)
      this.timer = window.setTimeout(() => void this.poll(jobId), SEALING_POLL_MS);
  }

  private stop(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  private heading(): string {
    const j = this.job;
    if (!j) return "";
    return say(iw.jobLine, {
      kind: say(j.dryRun ? iw.kindDry : iw.kindReal),
      file: j.fileName,
      state: say(STATE_WORDS[j.state]),
    });
  }

  private renderRunButton(): void {
    const run = byId<HTMLButtonElement>("import-run");
    run.disabled = !(this.checked && this.job?.dryRun && this.job.state === "done");
  }

  render(): void {
    this.renderRunButton();
    const j = this.job;
    if (!j) return;
    const heading = byId("import-job-heading");
    heading.textContent = this.heading();
    heading.dataset.state = j.state;
    const bar = byId<HTMLProgressElement>("import-progress");
    if (j.progress.percent === null) bar.removeAttribute("value");
    else bar.value = j.progress.percent;
    const p = j.progress;
    byId("import-progress-line").textContent = say(iw.progressLine, {
      read: String(p.rowsRead),
      stored: String(p.stored),
      problems: String(p.problems),
      rate: String(p.rowsPerSecond),
      eta: p.etaSeconds !== null ? say(iw.eta, { s: String(p.etaSeconds) }) : "",
    });
    const sealing = byId("import-sealing");
    sealing.hidden = j.sealing === undefined;
    if (j.sealing)
      sealing.textContent =
        j.sealing.waiting > 0
          ? say(iw.sealingWaiting, { n: String(j.sealing.waiting) })
          : say(iw.sealingDone);
    const c = j.counts;
    const counts = byId("import-counts");
    counts.textContent = c
      ? say(j.dryRun ? iw.countsDry : iw.countsLine, {
          rows: String(c.rows),
          imported: String(c.imported),
          skipped: String(c.alreadyImported),
          invalid: String(c.invalid + c.duplicates + c.conflicts),
        })
      : "";
    if (j.error) counts.textContent = say(iw.jobError, { why: j.error.message });
    const codes = Object.entries(j.problemsByCode ?? {});
    fill(
      byId("import-codes"),
      ...codes.map(([code, n]) => {
        // The identifier codes carry words of their own; the report has every problem in both languages.
        const words = (ID_ERROR_CODES as Record<string, Bilingual | undefined>)[code];
        return el("li", { "data-code": code }, `${words ? `${say(words)} ` : ""}${code} × ${n}`);
      }),
    );
    fill(
      byId("import-reports"),
      ...(j.reports
        ? (["csv", "xlsx"] as const).map((format) => {
            const b = el(
              "button",
              { class: "action small", type: "button", "data-format": format },
              say(format === "csv" ? iw.reportCsv : iw.reportXlsx),
            );
            b.addEventListener("click", () => void this.download(j, format));
            return b;
          })
        : []),
    );
  }

  /** The report through the session (the GET needs the CSRF header, so a plain link would be refused). */
  private async download(j: JobView, format: "csv" | "xlsx"): Promise<void> {
    const url = j.reports?.[format];
    if (!url) return;
    const res = await this.office.api.blob("GET", url, { session: true });
    if (!res.ok) {
      fill(byId("import-progress-line"), plainProblem(res.problem, ISSUE_FIELDS).headline);
      return;
    }
    const href = URL.createObjectURL(res.data);
    const a = el("a", { href, download: `${j.fileName.replace(/\.[^.]+$/, "")}-report.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
