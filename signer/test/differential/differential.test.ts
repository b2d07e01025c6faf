// Issue 9: the differential corpus. Every mutation class is applied to a genuine sealed licence and to its annotated
// copy; each file goes to our validator (as `elicence verify` calls it, offline: trust root and revocation from the
// dev PKI, no registry) and to poppler, MuPDF and pdf.js. Whenever a viewer shows something other than the sealed
// document, our verdict must not be TOTAL-PASSED; the review's three classes must fail whatever the viewers show.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import { ValidationPool, type ValidationReport } from "../../src/validation/index.js";
import { CLASSES, generateCorpus, type CorpusFile } from "./corpus.js";
import { makeGenuine, type GenuineSet } from "./genuine.js";
import {
  PIXEL_THRESHOLD,
  VIEWER_TOOLS,
  compareViews,
  differs,
  loadPdfJs,
  viewAll,
  type View,
  type ViewDiff,
} from "./viewers.js";

const ok = toolsAvailable("differential corpus (issue 9)", ...VIEWER_TOOLS);

/** Files through the outside viewers side by side: the machine has two cores, shared with other suites. */
const CONCURRENCY = 2;

interface Outcome {
  file: CorpusFile;
  diff: ViewDiff;
  report: ValidationReport;
}

const failedCodes = (r: ValidationReport) =>
  r.checks.filter((c) => c.status === "INVALID" || c.status === "ERROR").map((c) => c.reason.code);

function diffLabel(d: ViewDiff): string {
  const parts = [
    d.poppler ? "poppler-text" : "",
    d.render > PIXEL_THRESHOLD ? `render(${d.render === Number.MAX_SAFE_INTEGER ? "none" : d.render}px)` : "",
    d.mupdf ? "mupdf" : "",
    d.pdfjs ? "pdfjs" : "",
    d.pdfjsDraw ? "pdfjs-draw" : "",
    d.pdfjsPrint ? "pdfjs-print" : "",
  ].filter(Boolean);
  return parts.length ? parts.join(",") : "-";
}

describe.skipIf(!ok)("differential corpus: viewers against our verdict", () => {
  let set: GenuineSet;
  let dir: string;
  // As `elicence verify` does: one worker thread, default limits (it also keeps parsing off pdf.js's thread).
  // The whole corpus is queued at once, so the queue must hold it.
  const pool = new ValidationPool({ size: 1, maxQueue: 1000 });
  const genuineView = new Map<string, View>();
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    const started = performance.now();
    dir = mkdtempSync(join(tmpdir(), "elicence-differential-"));
    // pdf.js's module takes seconds to load on a busy machine: start it while the licence is sealed.
    const [genuine] = await Promise.all([makeGenuine(), loadPdfJs()]);
    set = genuine;
    // The CLI's context: the PKI root as trust anchor, revocation from the PKI, no registry (offline).
    const ctx = set.env.ctx({ offline: true });
    const genuineDocs = [set.plain, set.annotated];
    for (const g of genuineDocs) {
      const report = await pool.validate(g.bytes, ctx);
      // The corpus starts from documents that pass; otherwise every "fails" below would prove nothing.
      if (report.verdict !== "TOTAL-PASSED")
        throw new Error(`genuine ${g.kind} copy is ${report.verdict}: ${JSON.stringify(report.reason)}`);
    }
    const views = await viewAll(
      dir,
      genuineDocs.map((g) => ({ name: `genuine-${g.kind}`, data: g.bytes })),
      CONCURRENCY,
    );
    genuineDocs.forEach((g, i) => genuineView.set(g.kind, views[i] as View));
    const sealedAt = performance.now();
    const tsa = (request: Uint8Array) => set.env.pki.timestamp(request, set.env.t0);
    const corpus = await generateCorpus(set.plain, set.annotated, { tsa });
    // Validation runs in the pool's worker thread while the viewers run: the two cores stay busy.
    const [shown, reports] = await Promise.all([
      viewAll(
        dir,
        corpus.map((file, i) => ({
          name: `${String(i).padStart(3, "0")}-${file.cls.name}-${file.kind}`,
          data: file.bytes,
        })),
        CONCURRENCY,
      ),
      Promise.all(corpus.map((file) => pool.validate(file.bytes, ctx))),
    ]);
    const results = corpus.map((file, i): Outcome => ({
      file,
      diff: compareViews(genuineView.get(file.kind) as View, shown[i] as View),
      report: reports[i] as ValidationReport,
    }));
    outcomes.push(...results);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const timing = `sealing, pdf.js load and genuine views ${seconds(sealedAt - started)}; corpus through validator and viewers ${seconds(performance.now() - sealedAt)}`;
    const rows = outcomes.map((o) => [
      `${o.file.cls.name} [${o.file.kind}]`,
      diffLabel(o.diff),
      o.report.verdict,
      failedCodes(o.report).join(" ") || "-",
    ]);
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
    console.log(
      [`differential corpus: ${CLASSES.length} classes, ${outcomes.length} files (${timing})`]
        .concat(rows.map((r) => r.map((x, c) => (c < 3 ? x.padEnd(widths[c] ?? 0) : x)).join("  ")))
        .join("\n"),
    );
  });

  afterAll(async () => {
    await pool.close();
    set?.env.close();
    // ELICENCE_DIFFERENTIAL_KEEP=1 keeps the corpus files (and the viewers' renderings) for a closer look.
    if (process.env.ELICENCE_DIFFERENTIAL_KEEP === "1") console.log(`differential corpus kept in ${dir}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("covers at least 40 mutation classes, each named once and saying what a forger gains", () => {
    expect(CLASSES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CLASSES.map((c) => c.name)).size).toBe(CLASSES.length);
    for (const c of CLASSES) expect(c.gain.length, c.name).toBeGreaterThan(10);
    expect(outcomes.length).toBe(2 * CLASSES.length);
  });

  it("the viewers agree with themselves: the genuine copies read back as they did (no flaky comparison)", async () => {
    for (const g of [set.plain, set.annotated]) {
      const [again] = await viewAll(dir, [{ name: `genuine-again-${g.kind}`, data: g.bytes }], 1);
      const d = compareViews(genuineView.get(g.kind) as View, again as View);
      expect(differs(d), `${g.kind}: ${diffLabel(d)}`).toBe(false);
    }
    // And they tell the two genuine copies apart (the note is visible): the comparison can see a change at all.
    const d = compareViews(genuineView.get("plain") as View, genuineView.get("annotated") as View);
    expect(d.poppler && d.mupdf && d.pdfjs && d.pdfjsDraw && d.render > PIXEL_THRESHOLD, diffLabel(d)).toBe(
      true,
    );
  });

  it("the generator's forgeries are visible: each class promised to change the display does so in some viewer", () => {
    const invisible = outcomes
      .filter((o) => o.file.cls.visible?.includes(o.file.kind) && !differs(o.diff))
      .map((o) => `${o.file.cls.name} [${o.file.kind}]`);
    expect(invisible).toEqual([]);
  });

  it("no file that a viewer shows differently from the sealed document is TOTAL-PASSED", () => {
    const passedButShownOtherwise = outcomes
      .filter((o) => differs(o.diff) && o.report.verdict === "TOTAL-PASSED")
      .map((o) => `${o.file.cls.name} [${o.file.kind}]: ${diffLabel(o.diff)}`);
    expect(passedButShownOtherwise).toEqual([]);
  });

  for (const named of ["unlisted-glued", "generation", "markup"] as const)
    it(`issue 9's ${named} class fails on the plain and the annotated copy, whatever the viewers show`, () => {
      const mine = outcomes.filter((o) => o.file.cls.named === named);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(new Set(mine.map((o) => o.file.kind))).toEqual(new Set(["plain", "annotated"]));
      const passed = mine
        .filter((o) => o.report.verdict === "TOTAL-PASSED")
        .map((o) => `${o.file.cls.name} [${o.file.kind}]`);
      expect(passed).toEqual([]);
      for (const o of mine) expect(failedCodes(o.report).length, o.file.cls.name).toBeGreaterThan(0);
    });
});
