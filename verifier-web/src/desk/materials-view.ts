// The materials checklist: one entry per required licence type with its status badge (exempt with the licence as
// evidence, must submit, not yet in force, expired, suspended, revoked); an entry with a licence opens it (masked) and, when exempt,
// makes an annotated copy. Drawn from state, so a language switch redraws it without losing what was opened.
import type { Bilingual } from "@elicence/core";
import { formatDate, say } from "../i18n.js";
import type { ApiClient } from "../common/api-client.js";
import { addDays, chinaDate } from "../common/dates.js";
import { el, fill } from "../common/dom.js";
import { licenceFacts } from "../common/licence-facts.js";
import type { LicenceCatalogue } from "../common/licence-catalogue.js";
import type { LicenceView } from "../common/licence-view.js";
import { problemNodes } from "../common/problem-box.js";
import { plainProblem, type PlainProblem } from "../common/problem-words.js";
import { w } from "../common/common-words.js";
import { saveBlob } from "../common/pdf-download.js";
import { annotatedFileName, fetchAnnotatedCopy } from "./annotated-copy.js";
import { d, DESK_FIELDS } from "./desk-words.js";
import type { MaterialResult, MaterialsAnswer, MaterialStatus } from "./materials-types.js";

const STATUS: Record<MaterialStatus, { label: Bilingual; explain: Bilingual; symbol: string }> = {
  exempt: { label: d.statusExempt, explain: d.explainExempt, symbol: "✓" },
  must_submit: { label: d.statusMustSubmit, explain: d.explainMustSubmit, symbol: "!" },
  not_yet_in_force: { label: d.statusNotYetInForce, explain: d.explainNotYetInForce, symbol: "!" },
  expired: { label: d.statusExpired, explain: d.explainExpired, symbol: "!" },
  suspended: { label: d.statusSuspended, explain: d.explainSuspended, symbol: "!" },
  revoked: { label: d.statusRevoked, explain: d.explainRevoked, symbol: "✗" },
};

/** How long an annotated copy is valid unless the clerk says otherwise. */
const DEFAULT_ANNOTATION_DAYS = 30;

type Message = { tone: "ok" | "bad" | "info"; text?: string; problem?: PlainProblem };

interface Entry {
  result: MaterialResult;
  licenceOpen: boolean;
  licence: LicenceView | null;
  licenceMessage: Message | null;
  annotateOpen: boolean;
  /** The service item the check was for: the annotated copy's note names it (the registry takes the words from its
   *  catalogue; nothing is typed). Null when the check had none, and then no copy can be made. */
  serviceItem: { code: string; name: string } | null;
  until: string;
  annotateMessage: Message | null;
  busy: boolean;
}

export interface CheckContext {
  /** The purpose the clerk gave for the check: also the purpose of opening its licences. */
  purpose: string;
}

export class MaterialsView {
  private answer: MaterialsAnswer | null = null;
  private context: CheckContext | null = null;
  private entries: Entry[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly catalogue: LicenceCatalogue,
    private readonly summary: HTMLElement,
    private readonly list: HTMLElement,
    private readonly now: () => Date,
    /** Says something to screen readers through the page's one live region (entries are redrawn, regions with them). */
    private readonly announce: (text: string) => void,
  ) {}

  show(answer: MaterialsAnswer, context: CheckContext): void {
    this.answer = answer;
    this.context = context;
    const today = chinaDate(this.now());
    const serviceItem = answer.serviceItem
      ? { code: answer.serviceItem.code, name: answer.serviceItem.name.zh }
      : null;
    this.entries = answer.results.map((result) => ({
      result,
      licenceOpen: false,
      licence: null,
      licenceMessage: null,
      annotateOpen: false,
      serviceItem,
      until: addDays(today, DEFAULT_ANNOTATION_DAYS),
      annotateMessage: null,
      busy: false,
    }));
    this.render();
  }

  clear(): void {
    this.answer = null;
    this.entries = [];
    fill(this.summary);
    fill(this.list);
  }

  render(): void {
    const a = this.answer;
    if (!a) return;
    const exempt = a.results.filter((r) => r.status === "exempt").length;
    fill(
      this.summary,
      el(
        "p",
        { class: "summary-line", "data-testid": "result-summary" },
        say(d.resultSummary, {
          item: a.serviceItem ? say(a.serviceItem.name) : "",
          exempt: String(exempt),
          submit: String(a.results.length - exempt),
        }),
      ),
      el("p", { class: "hint" }, say(d.resultFor, { code: a.holderCode })),
    );
    fill(this.list, ...this.entries.map((_, i) => this.item(i)));
  }

  /** Redraws one entry, keeping the keyboard focus on the control that had it. */
  private redraw(i: number): void {
    const focused = document.activeElement?.id;
    const old = this.list.children[i];
    if (old) old.replaceWith(this.item(i));
    if (focused) document.getElementById(focused)?.focus();
  }

  private item(i: number): HTMLLIElement {
    const e = this.entries[i]!;
    const r = e.result;
    const s = STATUS[r.status];
    const id = `m${i}`;
    const evidence = r.identifier
      ? el(
          "p",
          { class: "evidence" },
          say(d.evidence, { id: "" }),
          el("code", { "data-testid": "evidence-id" }, r.identifier),
          r.validUntil !== undefined
            ? ` · ${r.validUntil === null ? say(d.noEnd) : say(d.validUntil, { date: formatDate(r.validUntil) })}`
            : "",
        )
      : null;

    const actions: HTMLElement[] = [];
    if (r.identifier) {
      const view = el(
        "button",
        {
          id: `${id}-view`,
          type: "button",
          class: "action small",
          "aria-expanded": String(e.licenceOpen),
          "aria-controls": `${id}-licence`,
          "data-testid": "open-licence",
        },
        say(e.licenceOpen ? d.hideLicence : d.openLicence),
      );
      view.addEventListener("click", () => void this.toggleLicence(i));
      actions.push(view);
    }
    if (r.status === "exempt" && r.identifier) {
      const annotate = el(
        "button",
        {
          id: `${id}-annotate`,
          type: "button",
          class: "action small",
          "aria-expanded": String(e.annotateOpen),
          "aria-controls": `${id}-annotation`,
          "data-testid": "open-annotate",
        },
        say(d.annotated),
      );
      annotate.addEventListener("click", () => {
        e.annotateOpen = !e.annotateOpen;
        this.redraw(i);
        if (e.annotateOpen) document.getElementById(`${id}-until`)?.focus();
      });
      actions.push(annotate);
    }

    return el(
      "li",
      {
        class: `material st-${r.status}`,
        "data-status": r.status,
        "data-type-code": r.typeCode,
        "data-testid": "material",
      },
      el(
        "div",
        { class: "material-head" },
        el(
          "span",
          { class: `badge badge-${r.status}`, "data-testid": "material-status" },
          el("span", { "aria-hidden": "true" }, `${s.symbol} `),
          say(s.label),
        ),
        el("h3", { class: "material-name" }, r.typeName),
      ),
      r.note ? el("p", { class: "material-note" }, say(r.note)) : null,
      el("p", { class: "explain" }, say(s.explain)),
      evidence,
      actions.length > 0 ? el("div", { class: "material-actions" }, ...actions) : null,
      r.identifier ? this.licencePanel(i, `${id}-licence`) : null,
      r.status === "exempt" && r.identifier ? this.annotationForm(i, `${id}-annotation`) : null,
    );
  }

  private licencePanel(i: number, panelId: string): HTMLElement {
    const e = this.entries[i]!;
    const panel = el("section", {
      id: panelId,
      class: "licence-panel",
      "aria-label": say(d.licenceHeading),
      "data-testid": "licence-panel",
    });
    panel.hidden = !e.licenceOpen;
    if (!e.licenceOpen) return panel;
    if (e.licenceMessage) panel.append(messageNode(e.licenceMessage));
    if (e.licence)
      panel.append(
        el("h4", {}, say(d.licenceHeading)),
        licenceFacts(e.licence, this.catalogue.get(e.licence.typeCode)),
        el("p", { class: "note" }, say(w.maskedNote)),
      );
    return panel;
  }

  private async toggleLicence(i: number): Promise<void> {
    const e = this.entries[i]!;
    e.licenceOpen = !e.licenceOpen;
    const identifier = e.result.identifier;
    if (!e.licenceOpen || e.licence || !identifier || !this.context) return this.redraw(i);
    e.licenceMessage = { tone: "info", text: say(w.loading) };
    this.redraw(i);
    const purpose = encodeURIComponent(this.context.purpose);
    const [res] = await Promise.all([
      this.api.json<LicenceView>(
        "GET",
        `/api/v1/licences/${encodeURIComponent(identifier)}?purpose=${purpose}`,
        {
          session: true,
        },
      ),
      this.catalogue.load(),
    ]);
    if (res.ok) {
      e.licence = res.data;
      e.licenceMessage = null;
      this.announce(`${say(d.licenceHeading)}: ${res.data.typeName}`);
    } else {
      e.licenceMessage = { tone: "bad", problem: plainProblem(res.problem, DESK_FIELDS) };
      this.announce(e.licenceMessage.problem!.headline);
    }
    this.redraw(i);
  }

  private annotationForm(i: number, formId: string): HTMLElement {
    const e = this.entries[i]!;
    const id = `m${i}`;
    // Shown, not typed: the note's words are the service item's name from the registry's catalogue.
    const purpose = el(
      "output",
      {
        id: `${id}-purpose`,
        "data-testid": "annotate-purpose",
        "data-service-item": e.serviceItem?.code ?? "",
      },
      e.serviceItem?.name ?? "—",
    );
    const until = el("input", {
      id: `${id}-until`,
      type: "date",
      min: chinaDate(this.now()),
      "data-testid": "annotate-until",
    });
    until.value = e.until;
    until.addEventListener("input", () => (e.until = until.value));
    const submit = el(
      "button",
      { id: `${id}-submit`, type: "submit", class: "action primary small", "data-testid": "annotate-submit" },
      say(e.busy ? d.annotating : d.annotateSubmit),
    );
    if (e.busy) submit.setAttribute("aria-disabled", "true");
    const status = el("div", { class: "annotate-status" });
    if (e.annotateMessage) status.append(messageNode(e.annotateMessage));
    const form = el(
      "form",
      { id: formId, class: "annotation stack", novalidate: "", "data-testid": "annotate-form" },
      el("h4", {}, say(d.annotatedHeading)),
      el("p", { class: "hint" }, say(d.annotatedHint)),
      el("div", { class: "field" }, el("label", { for: purpose.id }, say(d.annotatePurpose)), purpose),
      el("div", { class: "field" }, el("label", { for: until.id }, say(d.annotateUntil)), until),
      el("div", {}, submit),
      status,
    );
    form.hidden = !e.annotateOpen;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void this.annotate(i);
    });
    return form;
  }

  private async annotate(i: number): Promise<void> {
    const e = this.entries[i]!;
    const identifier = e.result.identifier;
    if (e.busy || !identifier) return;
    if (e.serviceItem === null) {
      e.annotateMessage = { tone: "bad", text: say(d.annotateMissing) };
      this.redraw(i);
      return;
    }
    e.busy = true;
    e.annotateMessage = { tone: "info", text: say(d.annotating) };
    this.redraw(i);
    const until = e.until.trim();
    const res = await fetchAnnotatedCopy(this.api, identifier, {
      serviceItem: e.serviceItem.code,
      ...(until ? { validUntil: until } : {}),
    });
    e.busy = false;
    if (res.ok) {
      const file = annotatedFileName(identifier, until || undefined);
      saveBlob(res.data, file);
      e.annotateMessage = { tone: "ok", text: say(d.annotated_done, { file }) };
    } else if (res.problem.status === 404 && res.problem.code === "REG_NOT_FOUND")
      e.annotateMessage = { tone: "bad", text: say(d.annotateNotYet) };
    else e.annotateMessage = { tone: "bad", problem: plainProblem(res.problem, DESK_FIELDS) };
    this.announce(e.annotateMessage.text ?? e.annotateMessage.problem?.headline ?? "");
    this.redraw(i);
  }
}

function messageNode(m: Message): HTMLElement {
  const box = el("div", { class: `message-box tone-${m.tone}`, "data-testid": "message" });
  if (m.problem) box.append(...problemNodes(m.problem));
  else if (m.text) box.append(el("p", {}, m.text));
  return box;
}
