// The revisions check: what follows the signed revision, judged three ways. (1) Every byte of every later update is
// accounted for (pdf/update-accounting.ts). (2) A reader that rebuilds the document by scanning the file sees the
// same objects on the page as the cross-reference data lists (pdf/repaired-view.ts) — checked even when the seal
// covers the whole file. (3) The signed revision's objects diffed against the final ones (revision-diff.ts): only
// what PAdES permits may change.
import { invalid, valid } from "../check.js";
import type { Budget } from "../limits.js";
import type { PRef } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import { reachableRefs } from "../pdf/reachable.js";
import { repairedViewDifferences } from "../pdf/repaired-view.js";
import { accountForUpdate } from "../pdf/update-accounting.js";
import type { Check } from "../types.js";
import { Differ, PRIORITY } from "./revision-diff.js";
import { RoleMap } from "./role-map.js";

export type { Finding } from "./revision-diff.js";

export interface RevisionsResult {
  check: Check;
  coverage: "whole-file" | "permitted-updates" | "not-covered";
  /** Prepared signature fields filled after the seal (DocMDP P=1 forbids even these). */
  filledFields: number;
  docTimestamps: number;
}

const failed = (check: Check): RevisionsResult => ({
  check,
  coverage: "not-covered",
  filledFields: 0,
  docTimestamps: 0,
});

/**
 * Every object the final revision can reach (page tree, contents, resources, fonts, XObjects, annotations and their
 * appearances, the form, actions) as a repairing reader would resolve them; run after the diff, which names a change
 * better.
 */
function repairedView(
  file: PdfFile,
  where: Record<string, unknown>,
  budget: Budget,
): RevisionsResult | undefined {
  const shown = reachableRefs(file, file.last, budget);
  const differences = repairedViewDifferences(file, shown, budget);
  if (differences.length === 0) return undefined;
  return failed(invalid("revisions", "VER_PDF_REPAIRED_VIEW_DIFFERS", { ...where, differences }));
}

export function checkRevisions(
  file: PdfFile,
  signedRevision: number,
  sealRef: PRef,
  budget: Budget,
): RevisionsResult {
  const revisions = file.revisions.length;
  const where = { signedRevision: signedRevision + 1, revisions };
  for (let r = signedRevision + 1; r <= file.last; r++) {
    const p = accountForUpdate(file, r, budget);
    if (p)
      return failed(
        invalid("revisions", p.code, { ...where, revision: p.revision, offset: p.offset, detail: p.detail }),
      );
  }
  if (signedRevision === file.last)
    return (
      repairedView(file, where, budget) ?? {
        check: valid("revisions", "VER_PDF_COVERS_WHOLE_FILE", where),
        coverage: "whole-file",
        filledFields: 0,
        docTimestamps: 0,
      }
    );
  const map = new RoleMap(file, signedRevision, budget).walk();
  const differ = new Differ(file, signedRevision, map.roles, sealRef, map.refs);
  differ.run();
  const data = {
    ...where,
    documentTimestamps: differ.timestamps.size,
    filledSignatureFields: differ.filled.size,
    findings: differ.findings.slice(0, 50),
  };
  if (differ.findings.length === 0)
    return (
      repairedView(file, where, budget) ?? {
        check: valid(
          "revisions",
          differ.filled.size > 0 ? "VER_PDF_LATER_REVISIONS_SIGNED" : "VER_PDF_LATER_REVISIONS_PERMITTED",
          data,
        ),
        coverage: "permitted-updates",
        filledFields: differ.filled.size,
        docTimestamps: differ.timestamps.size,
      }
    );
  const primary =
    PRIORITY.find((code) => differ.findings.some((f) => f.code === code)) ??
    "VER_PDF_REVISION_OBJECT_CHANGED";
  return {
    check: invalid("revisions", primary, data),
    coverage: "not-covered",
    filledFields: differ.filled.size,
    docTimestamps: differ.timestamps.size,
  };
}
