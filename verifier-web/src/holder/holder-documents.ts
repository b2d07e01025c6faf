// What a holder does with one of their licences on the holder page: download its sealed PDF, make an annotated copy
// (加注件) for a service item they choose, and read why a suspended or ended licence is so (the date and the reason
// code's words, never the department's note). Drawn from state, so a language switch redraws it as it was.
import type { HolderLicence } from "@elicence/registry/api";
import type { Bilingual } from "@elicence/core";
import { formatDate, say } from "../i18n.js";
import type { ApiClient } from "../common/api-client.js";
import { addDays, chinaDate } from "../common/dates.js";
import { el } from "../common/dom.js";
import { fetchPdf, saveBlob } from "../common/pdf-download.js";
import { problemNodes } from "../common/problem-box.js";
import { plainProblem, type PlainProblem } from "../common/problem-words.js";
import { HOLDER_FIELDS, hw } from "./holder-words.js";

// The registry's own type (erased at build: nothing of the registry reaches the bundle).
export type { HolderLicence };

/** How long an annotated copy is valid unless the holder says otherwise (the registry's default too). */
const DEFAULT_ANNOTATION_DAYS = 30;

interface ServiceItem {
  code: string;
  name: Bilingual;
  required: { typeCode: string }[];
}

type Message = { tone: "ok" | "bad" | "info"; text?: string; problem?: PlainProblem };

interface CardState {
  annotateOpen: boolean;
  item: string;
  until: string;
  busy: boolean;
  message: Message | null;
}

export class HolderDocuments {
  private items: ServiceItem[] | null = null;
  private cards = new Map<string, CardState>();

  constructor(
    private readonly api: ApiClient,
    private readonly now: () => Date,
    private readonly announce: (text: string) => void,
    /** Redraws the licence list (keeping the focus on the control that had it). */
    private readonly redraw: () => void,
    /** After a download or a copy: it is in the holder's access log now. */
    private readonly done: () => void,
  ) {}

  /** The service items an annotated copy can be for (public; asked once). */
  async load(): Promise<void> {
    if (this.items) return;
    const res = await this.api.json<{ items: ServiceItem[] }>("GET", "/api/v1/service-items");
    if (res.ok) this.items = res.data.items;
  }

  /** Forgets what was open and said (sign-out). */
  reset(): void {
    this.cards.clear();
  }

  /** "Revoked on …; reason: …" for a suspended, cancelled, deregistered or revoked licence; null otherwise. */
  stateChange(l: HolderLicence): HTMLElement | null {
    const c = l.stateChange;
    if (!c) return null;
    return el(
      "p",
      { class: "state-change", "data-testid": "state-change", "data-reason": c.reason },
      say(hw.stateChangeLine, {
        state: say(l.stateName),
        date: formatDate(c.at),
        reason: say(c.reasonName),
      }),
    );
  }

  /** The card's buttons, the annotated-copy form and the last message. */
  actions(l: HolderLicence): HTMLElement {
    const s = this.card(l);
    const id = `lic-${cssId(l.identifier)}`;
    const download = el(
      "button",
      { id: `${id}-pdf`, type: "button", class: "action small", "data-testid": "download-pdf" },
      say(hw.downloadPdf),
    );
    download.addEventListener("click", () => void this.download(l));
    const buttons: HTMLElement[] = [download];
    // An annotated copy is made of a valid licence only (the registry says so too).
    const annotatable = l.state === "01" && !l.superseded;
    if (annotatable) {
      const open = el(
        "button",
        {
          id: `${id}-annotate`,
          type: "button",
          class: "action small",
          "aria-expanded": String(s.annotateOpen),
          "aria-controls": `${id}-annotation`,
          "data-testid": "open-annotate",
        },
        say(hw.annotate),
      );
      open.addEventListener("click", () => {
        s.annotateOpen = !s.annotateOpen;
        this.redraw();
        if (s.annotateOpen) document.getElementById(`${id}-item`)?.focus();
      });
      buttons.push(open);
    }
    const status = el("div", { class: "annotate-status", role: "status" });
    if (s.message) status.append(messageNode(s.message));
    return el(
      "div",
      { class: "holder-actions" },
      el("div", { class: "material-actions" }, ...buttons),
      annotatable && s.annotateOpen ? this.form(l, s, id) : null,
      status,
    );
  }

  private card(l: HolderLicence): CardState {
    let s = this.cards.get(l.identifier);
    if (!s) {
      const byDefault = addDays(chinaDate(this.now()), DEFAULT_ANNOTATION_DAYS);
      const until = l.validUntil !== null && l.validUntil < byDefault ? l.validUntil : byDefault;
      s = { annotateOpen: false, item: this.itemsFor(l)[0]?.code ?? "", until, busy: false, message: null };
      this.cards.set(l.identifier, s);
    }
    return s;
  }

  /** The service items that ask for this licence's type: the copy's note may name only one of them. */
  private itemsFor(l: HolderLicence): ServiceItem[] {
    return (this.items ?? []).filter((i) => i.required.some((r) => r.typeCode === l.typeCode));
  }

  private form(l: HolderLicence, s: CardState, id: string): HTMLElement {
    const items = this.itemsFor(l);
    const form = el(
      "form",
      { id: `${id}-annotation`, class: "annotation stack", novalidate: "", "data-testid": "annotate-form" },
      el("h4", {}, say(hw.annotatedHeading)),
      el("p", { class: "hint" }, say(hw.annotatedHint)),
    );
    if (items.length === 0) {
      form.append(el("p", { class: "message" }, say(hw.noServiceItems)));
      return form;
    }
    // Chosen, not typed: the note's words are the service item's name from the registry's catalogue.
    const select = el(
      "select",
      { id: `${id}-item`, "data-testid": "annotate-item" },
      ...items.map((i) => el("option", { value: i.code }, say(i.name))),
    );
    select.value = s.item;
    select.addEventListener("change", () => (s.item = select.value));
    const until = el("input", {
      id: `${id}-until`,
      type: "date",
      min: chinaDate(this.now()),
      ...(l.validUntil ? { max: l.validUntil } : {}),
      "data-testid": "annotate-until",
    });
    until.value = s.until;
    until.addEventListener("input", () => (s.until = until.value));
    const submit = el(
      "button",
      { id: `${id}-submit`, type: "submit", class: "action primary small", "data-testid": "annotate-submit" },
      say(s.busy ? hw.annotating : hw.annotateSubmit),
    );
    if (s.busy) submit.setAttribute("aria-disabled", "true");
    form.append(
      el("div", { class: "field" }, el("label", { for: select.id }, say(hw.annotateItem)), select),
      el("div", { class: "field" }, el("label", { for: until.id }, say(hw.annotateUntil)), until),
      el("div", {}, submit),
    );
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void this.annotate(l);
    });
    return form;
  }

  private async download(l: HolderLicence): Promise<void> {
    const s = this.card(l);
    if (s.busy) return;
    await this.run(s, say(hw.downloading), async () => {
      const res = await fetchPdf(
        this.api,
        "GET",
        `/api/v1/holder/licences/${encodeURIComponent(l.identifier)}/pdf`,
      );
      if (!res.ok) return res;
      const file = res.data.fileName ?? `${l.identifier}.pdf`;
      saveBlob(res.data.blob, file);
      return { ok: true, text: say(hw.downloaded, { file }) };
    });
  }

  private async annotate(l: HolderLicence): Promise<void> {
    const s = this.card(l);
    if (s.busy) return;
    const until = s.until.trim();
    await this.run(s, say(hw.annotating), async () => {
      const res = await fetchPdf(
        this.api,
        "POST",
        `/api/v1/holder/licences/${encodeURIComponent(l.identifier)}/annotated-copy`,
        { session: true, body: { serviceItem: s.item, ...(until ? { validUntil: until } : {}) } },
      );
      if (!res.ok) return res;
      const file = res.data.fileName ?? `${l.identifier}-加注件.pdf`;
      saveBlob(res.data.blob, file);
      return { ok: true, text: say(hw.annotated, { file }) };
    });
  }

  private async run(
    s: CardState,
    busyText: string,
    work: () => Promise<
      { ok: true; text: string } | { ok: false; problem: Parameters<typeof plainProblem>[0] }
    >,
  ): Promise<void> {
    s.busy = true;
    s.message = { tone: "info", text: busyText };
    this.redraw();
    const done = await work();
    s.busy = false;
    s.message = done.ok
      ? { tone: "ok", text: done.text }
      : { tone: "bad", problem: plainProblem(done.problem, HOLDER_FIELDS) };
    this.announce(s.message.text ?? s.message.problem?.headline ?? "");
    this.redraw();
    if (done.ok) this.done();
  }
}

/** An identifier as an id fragment: letters, digits and hyphens only. */
function cssId(identifier: string): string {
  return identifier.replace(/[^A-Za-z0-9-]/gu, "_");
}

function messageNode(m: Message): HTMLElement {
  const box = el("div", { class: `message-box tone-${m.tone}`, "data-testid": "message" });
  if (m.problem) box.append(...problemNodes(m.problem));
  else if (m.text) box.append(el("p", {}, m.text));
  return box;
}
