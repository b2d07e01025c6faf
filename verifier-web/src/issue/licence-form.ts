// A licence type's form, built from its type.json (GET /api/v1/licence-types/{code}): a labelled control per field
// (text with its maximum length, a select for an enumeration, checkboxes for a list of values, one entry per line for
// a free list, a date input for a date), each with its hint and its own error element tied by aria-describedby.
import type { Bilingual } from "@elicence/core";
import { say } from "../i18n.js";
import { el, fill } from "../common/dom.js";
import { errorId } from "./field-errors.js";
import { fieldSpecs, formValue, type FieldSpec, type FieldValue, type TypeSchema } from "./field-rules.js";
import { iw } from "./issue-words.js";

export interface TypeDetail {
  code: string;
  name: Bilingual;
  holderKind: "person" | "organisation";
  holderTitles?: { name: string; code: string };
  schema: TypeSchema;
  validity?: { years?: number; longTerm?: boolean };
  issuers: { name: string; code: string }[];
  import?: { columns: Record<string, string> };
}

/** The holder's labels as the licence prints them; the usual ones when a registry does not say. */
export function holderTitles(type: TypeDetail): { name: string; code: string } {
  return (
    type.holderTitles ??
    (type.holderKind === "person"
      ? { name: "姓名", code: "公民身份号码" }
      : { name: "名称", code: "统一社会信用代码" })
  );
}

/** The input id of field `key` inside a form whose ids start with `prefix`. */
export const fieldInputId = (prefix: string, key: string) => `${prefix}f-${key}`;

/** The registry's path (fields.businessItems[2]) → the field's key (businessItems), or null for other paths. */
export function fieldKeyOf(path: string): string | null {
  const m = /^fields\.([^.[]+)/.exec(path);
  return m?.[1] ?? null;
}

export class LicenceFields {
  readonly specs: FieldSpec[];

  constructor(
    readonly type: TypeDetail,
    /** Prefix of every id, so an amendment form and the issue form can share a page. */
    private readonly prefix: string,
  ) {
    this.specs = fieldSpecs(type.schema);
  }

  /** The controls, filled with `values` (an amendment starts from the licence's fields). */
  render(values: Readonly<Record<string, unknown>> = {}): HTMLElement[] {
    return this.specs.map((s) => this.control(s, formValue(s, values[s.key])));
  }

  /** What the form holds now, by field key. */
  values(root: ParentNode): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (const s of this.specs) {
      const id = fieldInputId(this.prefix, s.key);
      if (s.kind === "multi")
        out[s.key] = [
          ...root.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(id)}"]:checked`),
        ].map((i) => i.value);
      else if (s.kind === "list")
        out[s.key] = (root.querySelector<HTMLTextAreaElement>(`#${CSS.escape(id)}`)?.value ?? "")
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l.length > 0);
      else
        out[s.key] =
          root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${CSS.escape(id)}`)?.value ?? "";
    }
    return out;
  }

  private control(s: FieldSpec, value: FieldValue): HTMLElement {
    const id = fieldInputId(this.prefix, s.key);
    const hintId = `${id}-hint`;
    const hints = [
      s.kind === "list" ? say(iw.listHint) : "",
      s.maxLength !== undefined && s.kind === "text" ? say(iw.maxChars, { n: String(s.maxLength) }) : "",
      s.itemMaxLength !== undefined ? say(iw.maxChars, { n: String(s.itemMaxLength) }) : "",
    ].filter(Boolean);
    const label = `${s.title}${s.required ? "" : say(iw.optional)}`;
    const describedBy = `${hints.length > 0 ? `${hintId} ` : ""}${errorId(id)}`;
    const hint = hints.length > 0 ? el("p", { id: hintId, class: "hint" }, hints.join(" ")) : null;
    const error = el("p", { id: errorId(id), class: "field-error" });
    const common = {
      id,
      name: id,
      "aria-describedby": describedBy,
      ...(s.required ? { "aria-required": "true" } : {}),
    };
    if (s.kind === "multi") {
      const chosen = Array.isArray(value) ? value : [];
      return el(
        "fieldset",
        { class: "choice field", id, "aria-describedby": describedBy, "data-key": s.key },
        el("legend", {}, label),
        ...s.options.map((o, i) => {
          const box = el("input", { type: "checkbox", name: id, value: o, id: `${id}-${i}` });
          box.checked = chosen.includes(o);
          return el("label", { for: `${id}-${i}` }, box, ` ${o}`);
        }),
        hint,
        error,
      );
    }
    let input: HTMLElement;
    if (s.kind === "choice") {
      const select = el(
        "select",
        common,
        el("option", { value: "" }, say(iw.chooseOption)),
        ...s.options.map((o) => el("option", { value: o }, o)),
      );
      select.value = typeof value === "string" ? value : "";
      input = select;
    } else if (s.kind === "list") {
      const area = el("textarea", { ...common, rows: "4" });
      area.value = Array.isArray(value) ? value.join("\n") : "";
      input = area;
    } else {
      const text = el("input", {
        ...common,
        type: s.kind === "date" ? "date" : "text",
        autocomplete: "off",
        // A little room beyond the limit: the page says what is wrong instead of cutting the text silently.
        ...(s.maxLength !== undefined ? { maxlength: String(s.maxLength + 20) } : {}),
      });
      text.value = typeof value === "string" ? value : "";
      input = text;
    }
    return el(
      "div",
      { class: "field", "data-key": s.key },
      el("label", { for: id }, label),
      input,
      hint,
      error,
    );
  }
}

/** Empties `node` and fills it with the type's controls. */
export function drawFields(
  node: HTMLElement,
  fields: LicenceFields,
  values?: Readonly<Record<string, unknown>>,
): void {
  fill(node, ...fields.render(values));
}
