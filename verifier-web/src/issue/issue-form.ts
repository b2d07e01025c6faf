// Issuing a licence: the type chosen among the department's, its form built from type.json, every problem the page
// can see shown at once on its field before anything is sent, then the registry's answer (all its problems at once)
// on the same fields. One Idempotency-Key per distinct body: a retried request never issues twice.
import type { Bilingual } from "@elicence/core";
import { lang, say } from "../i18n.js";
import { byId, el, fill } from "../common/dom.js";
import { HolderCodeField } from "../common/holder-code-field.js";
import { plainProblem } from "../common/problem-words.js";
import { FieldErrors, type ShownProblem } from "./field-errors.js";
import { checkFields, fieldsBody, isIsoDate } from "./field-rules.js";
import {
  fieldInputId,
  fieldKeyOf,
  holderTitles,
  LicenceFields,
  drawFields,
  type TypeDetail,
} from "./licence-form.js";
import { ISSUE_FIELDS, iw, ruleWords } from "./issue-words.js";
import type { Office } from "./office.js";

interface Issued {
  identifier: string;
  typeName: string;
  version: string;
  stateName: Bilingual;
  validFrom: string;
  validUntil: string | null;
}

const INPUTS: Readonly<Record<string, string>> = {
  typeCode: "issue-type",
  "holder.name": "holder-name",
  "holder.code": "holder-code",
  validFrom: "valid-from",
  validUntil: "valid-until",
};

export const labelled = (label: string, text: string) =>
  lang() === "zh" ? `${label}：${text}` : `${label}: ${text}`;

export class IssueForm {
  private fields: LicenceFields | null = null;
  private idempotency: { body: string; key: string } | null = null;
  private busy = false;
  private readonly form = byId<HTMLFormElement>("issue-form");
  private readonly typeSelect = byId<HTMLSelectElement>("issue-type");
  private readonly errors: FieldErrors;
  private readonly code: HolderCodeField;

  constructor(private readonly office: Office) {
    this.errors = new FieldErrors(this.form, byId("issue-errors"), (f) => {
      const key = fieldKeyOf(f);
      return key !== null ? fieldInputId("", key) : (INPUTS[f] ?? null);
    });
    this.code = new HolderCodeField(
      byId<HTMLInputElement>("holder-code"),
      byId("holder-code-feedback"),
      byId("holder-code-suggest"),
      { didYouMean: iw.didYouMean, useSuggestion: iw.useSuggestion },
      office.now,
    );
    this.typeSelect.addEventListener("change", () => void this.choose(this.typeSelect.value));
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  renderTypes(): void {
    const chosen = this.typeSelect.value;
    const types = this.office.types;
    fill(
      this.typeSelect,
      el("option", { value: "" }, say(iw.chooseType)),
      ...types.map((t) => el("option", { value: t.code }, say(t.name))),
    );
    this.typeSelect.value = types.some((t) => t.code === chosen) ? chosen : "";
    fill(
      byId("issue-type-hint"),
      this.office.typesFailed ? say(iw.typesFailed) : types.length === 0 ? say(iw.noTypes) : "",
    );
  }

  /** Builds the chosen type's form (from GET /api/v1/licence-types/{code}). */
  async choose(code: string): Promise<void> {
    this.errors.clear();
    const body = byId("issue-body");
    if (!code) {
      this.fields = null;
      body.hidden = true;
      return;
    }
    const type = await this.office.type(code);
    if (this.typeSelect.value !== code) return;
    if (!type) {
      fill(byId("issue-type-hint"), say(iw.typesFailed));
      return;
    }
    this.fields = new LicenceFields(type, "");
    this.drawHolder(type);
    drawFields(byId("issue-fields"), this.fields);
    body.hidden = false;
  }

  private drawHolder(type: TypeDetail): void {
    byId("holder-name-label").textContent = holderTitles(type).name;
    byId("holder-code-label").textContent = holderTitles(type).code;
  }

  /** Field names for the registry's problem lines: the page's, and each field's printed title. */
  private labels(): Record<string, Bilingual> {
    const out: Record<string, Bilingual> = { ...ISSUE_FIELDS };
    const type = this.fields?.type;
    if (type) {
      out["holder.name"] = { zh: holderTitles(type).name, en: holderTitles(type).name };
      out["holder.code"] = { zh: holderTitles(type).code, en: holderTitles(type).code };
    }
    return out;
  }

  /** Everything the page can see before asking, all at once. */
  private ownProblems(): ShownProblem[] {
    const fields = this.fields;
    if (!fields) return [{ field: "typeCode", text: labelled(say(iw.typeLabel), say(iw.chooseType)) }];
    const t = holderTitles(fields.type);
    const out: ShownProblem[] = [];
    if (byId<HTMLInputElement>("holder-name").value.trim().length === 0)
      out.push({ field: "holder.name", text: say(iw.nameMissing, { label: t.name }) });
    const f = this.code.feedback;
    if (f.state === "empty") out.push({ field: "holder.code", text: say(iw.codeMissing, { label: t.code }) });
    else if (f.state === "incomplete")
      out.push({ field: "holder.code", text: say(iw.codeIncomplete, { label: t.code, n: String(f.typed) }) });
    else if (f.state === "invalid")
      out.push({ field: "holder.code", text: say(iw.codeInvalid, { label: t.code, why: say(f.message) }) });
    for (const [field, id, label] of [
      ["validFrom", "valid-from", iw.validFrom],
      ["validUntil", "valid-until", iw.validUntil],
    ] as const) {
      const v = byId<HTMLInputElement>(id).value.trim();
      if (v && !isIsoDate(v)) out.push({ field, text: labelled(say(label), say(iw.dateInvalid)) });
    }
    for (const p of checkFields(fields.specs, fields.values(this.form))) {
      const spec = fields.specs.find((s) => s.key === fieldKeyOf(p.field));
      out.push({ field: p.field, text: labelled(spec?.title ?? p.field, say(ruleWords(p))) });
    }
    return out;
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    byId("issue-result").hidden = true;
    const own = this.ownProblems();
    if (own.length > 0) {
      (this.errors.show(say(iw.fixBelow), own) ?? byId("issue-errors")).focus();
      return;
    }
    this.errors.clear();
    const fields = this.fields!;
    const validFrom = byId<HTMLInputElement>("valid-from").value.trim();
    const validUntil = byId<HTMLInputElement>("valid-until").value.trim();
    const body = {
      typeCode: fields.type.code,
      holder: { name: byId<HTMLInputElement>("holder-name").value.trim(), code: this.code.value },
      ...(validFrom ? { validFrom } : {}),
      ...(validUntil ? { validUntil } : {}),
      fields: fieldsBody(fields.specs, fields.values(this.form)),
    };
    const text = JSON.stringify(body);
    if (this.idempotency?.body !== text) this.idempotency = { body: text, key: crypto.randomUUID() };
    this.busy = true;
    const button = byId<HTMLButtonElement>("issue-submit");
    button.setAttribute("aria-disabled", "true");
    button.textContent = say(iw.issuing);
    const res = await this.office.api.json<Issued>("POST", "/api/v1/licences", {
      session: true,
      body,
      headers: { "idempotency-key": this.idempotency.key },
    });
    this.busy = false;
    button.removeAttribute("aria-disabled");
    button.textContent = say(iw.submitIssue);
    if (!this.office.session.signedIn) return;
    if (!res.ok) {
      const plain = plainProblem(res.problem, this.labels());
      const lines = plain.lines.map((l) => {
        const key = l.field ? fieldKeyOf(l.field) : null;
        const spec = key ? fields.specs.find((s) => s.key === key) : undefined;
        return { ...l, text: spec ? labelled(spec.title, l.text) : l.text };
      });
      (this.errors.show(plain.headline, lines, plain) ?? byId("issue-errors")).focus();
      return;
    }
    this.idempotency = null;
    const out = byId("issue-result");
    const said = say(iw.issued, { type: res.data.typeName, id: res.data.identifier });
    fill(out, el("p", { "data-testid": "issued", "data-identifier": res.data.identifier }, said));
    out.hidden = false;
    this.office.announce(said);
    this.form.reset();
    this.code.update();
    this.typeSelect.value = fields.type.code;
    void this.choose(fields.type.code);
  }

  rerender(): void {
    this.code.render();
    this.renderTypes();
    // The hints are in the page's language: redrawn with what was typed.
    if (this.fields) drawFields(byId("issue-fields"), this.fields, this.fields.values(this.form));
  }
}
