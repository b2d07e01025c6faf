// What an issuer does to one licence: suspend, reinstate, revoke (a reason code from GET /api/v1/reason-codes and an
// internal note), amend (the type's form filled with the licence's fields; only the changes are sent) and renew. Every
// action asks for confirmation, naming the licence and what follows, before it is sent.
import type { Bilingual } from "@elicence/core";
import { say } from "../i18n.js";
import { el, fill } from "../common/dom.js";
import type { LicenceView } from "../common/licence-view.js";
import { plainProblem } from "../common/problem-words.js";
import { FieldErrors, type ShownProblem } from "./field-errors.js";
import { checkFields, fieldsChanged, isIsoDate } from "./field-rules.js";
import { fieldInputId, fieldKeyOf, holderTitles, LicenceFields } from "./licence-form.js";
import { labelled } from "./issue-form.js";
import { ISSUE_FIELDS, iw, ruleWords } from "./issue-words.js";
import type { Office } from "./office.js";

export type Action = "suspend" | "reinstate" | "revoke" | "amend" | "renew";

/** The actions a licence in this state may take (the registry's state machine decides; the page offers only these). */
export function actionsFor(v: Pick<LicenceView, "state" | "superseded">): Action[] {
  if (v.superseded) return [];
  if (v.state === "01") return ["amend", "renew", "suspend", "revoke"];
  if (v.state === "02") return ["reinstate", "revoke"];
  return [];
}

const NAMES: Record<Action, Bilingual> = {
  suspend: iw.actSuspend,
  reinstate: iw.actReinstate,
  revoke: iw.actRevoke,
  amend: iw.actAmend,
  renew: iw.actRenew,
};
const CONFIRM: Record<Action, Bilingual> = {
  suspend: iw.confirmSuspend,
  reinstate: iw.confirmReinstate,
  revoke: iw.confirmRevoke,
  amend: iw.confirmAmend,
  renew: iw.confirmRenew,
};

export const actionName = (a: Action) => say(NAMES[a]);

let reasonCodes: Promise<{ code: string; zh: string; en: string }[]> | null = null;

const P = "act-";
const INPUTS: Readonly<Record<string, string>> = {
  reason: `${P}reason`,
  note: `${P}note`,
  "holder.name": `${P}holder-name`,
  validFrom: `${P}valid-from`,
  validUntil: `${P}valid-until`,
};

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintId = `${id}-hint`;
  control.setAttribute("aria-describedby", `${hint ? `${hintId} ` : ""}${id}-error`);
  return el(
    "div",
    { class: "field" },
    el("label", { for: id }, label),
    control,
    hint ? el("p", { id: hintId, class: "hint" }, hint) : null,
    el("p", { id: `${id}-error`, class: "field-error" }),
  );
}

export class LicenceActions {
  private fields: LicenceFields | null = null;
  private pending: { action: Action; body: object } | null = null;

  constructor(
    private readonly office: Office,
    private readonly area: HTMLElement,
    /** After a change: the licence the registry now answers with (the new version for amend and renew). */
    private readonly changed: (v: LicenceView, action: Action) => void,
  ) {}

  close(): void {
    this.pending = null;
    fill(this.area);
  }

  async open(action: Action, v: LicenceView): Promise<void> {
    this.pending = null;
    this.fields = null;
    const form = el("form", { class: "stack", novalidate: "", id: `${P}form`, "data-action": action });
    const summary = el("div", { class: "problem", role: "alert", tabindex: "-1", id: `${P}errors` });
    const controls: HTMLElement[] = [];
    if (action === "amend" || action === "renew") {
      controls.push(
        field(
          `${P}reason`,
          say(iw.changeReason),
          el("input", { id: `${P}reason`, type: "text", maxlength: "500", "aria-required": "true" }),
        ),
      );
    } else {
      reasonCodes ??= this.office.api
        .json<{ items: { code: string; zh: string; en: string }[] }>("GET", "/api/v1/reason-codes")
        .then((r) => (r.ok ? r.data.items : ((reasonCodes = null), [])));
      const codes = await reasonCodes;
      controls.push(
        field(
          `${P}reason`,
          say(iw.reasonCode),
          el(
            "select",
            { id: `${P}reason`, "aria-required": "true" },
            el("option", { value: "" }, say(iw.chooseReason)),
            ...codes.map((c) => el("option", { value: c.code }, say(c))),
          ),
        ),
        field(
          `${P}note`,
          say(iw.note),
          el("textarea", { id: `${P}note`, rows: "3", maxlength: "600" }),
          say(iw.noteHint),
        ),
      );
    }
    if (action === "amend") {
      const type = await this.office.type(v.typeCode);
      const holderName = el("input", { id: `${P}holder-name`, type: "text", maxlength: "220" });
      holderName.value = v.holder.name;
      controls.push(
        field(
          `${P}holder-name`,
          (type ? holderTitles(type).name : undefined) ?? say(iw.holderName),
          holderName,
        ),
      );
      const until = el("input", { id: `${P}valid-until`, type: "date" });
      until.value = v.validUntil ?? "";
      controls.push(field(`${P}valid-until`, say(iw.validUntil), until));
      if (type) {
        this.fields = new LicenceFields(type, P);
        controls.push(...this.fields.render(v.fields));
      }
    }
    if (action === "renew")
      controls.push(
        field(`${P}valid-from`, say(iw.validFrom), el("input", { id: `${P}valid-from`, type: "date" })),
        field(
          `${P}valid-until`,
          say(iw.validUntil),
          el("input", { id: `${P}valid-until`, type: "date" }),
          say(iw.validUntilHint),
        ),
      );
    const submit = el(
      "button",
      { class: "action primary small", type: "submit", id: `${P}submit` },
      actionName(action),
    );
    const cancel = el("button", { class: "action small", type: "button" }, say(iw.confirmNo));
    cancel.addEventListener("click", () => this.close());
    const confirmBox = el("div", { id: `${P}confirm`, class: "confirm", hidden: "" });
    form.append(summary, ...controls, el("div", { class: "controls" }, submit, cancel), confirmBox);
    const errors = new FieldErrors(form, summary, (f) => {
      const key = fieldKeyOf(f);
      return key !== null ? fieldInputId(P, key) : (INPUTS[f] ?? null);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.prepare(action, v, form, errors, confirmBox);
    });
    fill(this.area, el("h3", {}, actionName(action)), form);
    form.querySelector<HTMLElement>(`#${P}reason`)?.focus();
  }

  /** Checks the form; if it is right, asks for confirmation. */
  private prepare(
    action: Action,
    v: LicenceView,
    form: HTMLFormElement,
    errors: FieldErrors,
    box: HTMLElement,
  ): void {
    const value = (id: string) => form.querySelector<HTMLInputElement>(`#${P}${id}`)?.value.trim() ?? "";
    const own: ShownProblem[] = [];
    const reason = value("reason");
    let body: Record<string, unknown>;
    if (action === "amend" || action === "renew") {
      if (!reason) own.push({ field: "reason", text: say(iw.changeReasonMissing) });
      for (const [f, id, label] of [
        ["validFrom", "valid-from", iw.validFrom],
        ["validUntil", "valid-until", iw.validUntil],
      ] as const) {
        const d = value(id);
        if (d && !isIsoDate(d)) own.push({ field: f, text: labelled(say(label), say(iw.dateInvalid)) });
      }
      body = { reason };
      if (action === "renew") {
        if (value("valid-from")) body.validFrom = value("valid-from");
        if (value("valid-until")) body.validUntil = value("valid-until");
      } else {
        const fields = this.fields;
        if (fields) {
          const values = fields.values(form);
          for (const p of checkFields(fields.specs, values)) {
            const spec = fields.specs.find((s) => s.key === fieldKeyOf(p.field));
            own.push({ field: p.field, text: labelled(spec?.title ?? p.field, say(ruleWords(p))) });
          }
          const changed = fieldsChanged(fields.specs, v.fields, values);
          if (Object.keys(changed).length > 0) body.fields = changed;
        }
        const name = value("holder-name");
        if (name && name !== v.holder.name) body.holder = { name };
        const until = value("valid-until");
        if (until !== (v.validUntil ?? "")) body.validUntil = until || null;
        if (own.length === 0 && Object.keys(body).length === 1) own.push({ text: say(iw.nothingChanged) });
      }
    } else {
      if (!reason) own.push({ field: "reason", text: say(iw.reasonMissing) });
      const note = value("note");
      if ([...note].length > 500) own.push({ field: "note", text: say(iw.noteTooLong) });
      body = { reason, ...(note ? { note } : {}) };
    }
    if (own.length > 0) {
      box.hidden = true;
      (errors.show(say(iw.fixBelow), own) ?? form.querySelector<HTMLElement>(`#${P}errors`))?.focus();
      return;
    }
    errors.clear();
    this.pending = { action, body };
    const yes = el(
      "button",
      { class: "action primary small", type: "button", id: `${P}confirm-yes` },
      say(iw.confirmYes),
    );
    const no = el("button", { class: "action small", type: "button" }, say(iw.confirmNo));
    const text = el("p", { id: `${P}confirm-text` }, say(CONFIRM[action], { id: v.identifier }));
    fill(box, text, el("div", { class: "controls" }, yes, no));
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", `${P}confirm-text`);
    box.hidden = false;
    yes.addEventListener("click", () => void this.send(v, form, errors, box));
    no.addEventListener("click", () => {
      this.pending = null;
      box.hidden = true;
      form.querySelector<HTMLElement>(`#${P}submit`)?.focus();
    });
    yes.focus();
  }

  private async send(
    v: LicenceView,
    form: HTMLFormElement,
    errors: FieldErrors,
    box: HTMLElement,
  ): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    box.hidden = true;
    const res = await this.office.api.json<LicenceView>(
      "POST",
      `/api/v1/licences/${encodeURIComponent(v.identifier)}/${p.action}`,
      { session: true, body: p.body },
    );
    if (!this.office.session.signedIn) return;
    if (!res.ok) {
      const labels: Record<string, Bilingual> = { ...ISSUE_FIELDS };
      for (const s of this.fields?.specs ?? []) labels[`fields.${s.key}`] = { zh: s.title, en: s.title };
      const plain = plainProblem(res.problem, labels);
      (
        errors.show(plain.headline, plain.lines, plain) ?? form.querySelector<HTMLElement>(`#${P}errors`)
      )?.focus();
      return;
    }
    this.close();
    this.changed(res.data, p.action);
  }
}
