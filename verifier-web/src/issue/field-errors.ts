// Problems shown where they belong: each on its input (aria-invalid, and its text in the input's own error element,
// which the input names in aria-describedby), and all of them at once in a summary whose lines link to the inputs.
import { el, fill } from "../common/dom.js";
import { problemNodes } from "../common/problem-box.js";
import type { PlainProblem } from "../common/problem-words.js";

export interface ShownProblem {
  /** The registry's path (fields.licenceNumber, holder.code); absent for a problem of the whole form. */
  field?: string;
  text: string;
}

/** The input id a registry path lands on, or null when the form has no such input. */
export type InputOf = (field: string) => string | null;

/** An input's error element: `<input id=X aria-describedby="… X-error">` + `<p id="X-error">`. */
export const errorId = (inputId: string) => `${inputId}-error`;

export class FieldErrors {
  private marked: string[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly inputOf: InputOf,
  ) {}

  clear(): void {
    for (const id of this.marked) {
      this.root.querySelector(`#${CSS.escape(id)}`)?.removeAttribute("aria-invalid");
      const e = this.root.querySelector(`#${CSS.escape(errorId(id))}`);
      if (e) fill(e);
    }
    this.marked = [];
    fill(this.summary);
  }

  /**
   * Shows `problems`; `headline` (the registry's, or the page's "correct the following") tops the summary. Returns
   * the first input with a problem, to move focus to.
   */
  show(headline: string, problems: readonly ShownProblem[], registry?: PlainProblem): HTMLElement | null {
    this.clear();
    const byInput = new Map<string, string[]>();
    for (const p of problems) {
      const id = p.field !== undefined ? this.inputOf(p.field) : null;
      const input = id ? this.root.querySelector<HTMLElement>(`#${CSS.escape(id)}`) : null;
      if (!id || !input) continue;
      byInput.set(id, [...(byInput.get(id) ?? []), p.text]);
    }
    for (const [id, texts] of byInput) {
      this.root.querySelector(`#${CSS.escape(id)}`)?.setAttribute("aria-invalid", "true");
      const e = this.root.querySelector(`#${CSS.escape(errorId(id))}`);
      if (e) fill(e, texts.join(" "));
      this.marked.push(id);
    }
    const lines = problems.map((p) => {
      const id = p.field !== undefined ? this.inputOf(p.field) : null;
      const linked = id !== null && byInput.has(id);
      return el(
        "li",
        p.field ? { "data-field": p.field } : {},
        linked ? el("a", { href: `#${id}` }, p.text) : p.text,
      );
    });
    if (registry && problems.length === 0) fill(this.summary, ...problemNodes(registry));
    else fill(this.summary, el("p", { class: "problem-headline" }, headline), el("ul", {}, ...lines));
    const first = [...byInput.keys()][0];
    return first ? this.root.querySelector<HTMLElement>(`#${CSS.escape(first)}`) : null;
  }
}
