// An input for a citizen ID number or credit code that checks itself as it is typed: valid / incomplete / wrong,
// with the did-you-mean offered as buttons. Screen readers hear the verdicts, not a count at every keystroke.
import type { Bilingual } from "@elicence/core";
import { say } from "../i18n.js";
import { el, fill } from "./dom.js";
import { holderCodeFeedback, type CodeFeedback } from "./holder-code-feedback.js";

export interface HolderCodeFieldWords {
  didYouMean: Bilingual;
  useSuggestion: Bilingual;
}

const SYMBOL = { valid: "✓", invalid: "✗", incomplete: "…" } as const;

export class HolderCodeField {
  private current: CodeFeedback = { state: "empty" };

  constructor(
    readonly input: HTMLInputElement,
    private readonly feedbackNode: HTMLElement,
    private readonly suggestNode: HTMLElement,
    private readonly words: HolderCodeFieldWords,
    private readonly now: () => Date,
  ) {
    input.addEventListener("input", () => this.update());
    this.update();
  }

  get feedback(): CodeFeedback {
    return this.current;
  }

  /** The code to send: the normalised one when valid, else what was typed (the registry explains what is wrong). */
  get value(): string {
    return this.current.state === "valid" ? this.current.code : this.input.value.trim();
  }

  update(): void {
    this.current = holderCodeFeedback(this.input.value, this.now());
    this.render();
  }

  render(): void {
    const f = this.current;
    this.feedbackNode.dataset.state = f.state;
    if (f.state === "invalid") this.input.setAttribute("aria-invalid", "true");
    else this.input.removeAttribute("aria-invalid");
    if (f.state === "empty") {
      fill(this.feedbackNode);
      fill(this.suggestNode);
      return;
    }
    const text = el("span", {}, `${SYMBOL[f.state]} ${say(f.message)}`);
    // The count changes at every keystroke: shown, not announced.
    if (f.state === "incomplete") text.setAttribute("aria-hidden", "true");
    fill(this.feedbackNode, text);
    if (f.state !== "invalid" || f.suggestions.length === 0) {
      fill(this.suggestNode);
      return;
    }
    fill(
      this.suggestNode,
      el("span", { class: "hint" }, say(this.words.didYouMean)),
      ...f.suggestions.map((code) => {
        const b = el(
          "button",
          { type: "button", class: "action small suggestion", "data-testid": "code-suggestion" },
          say(this.words.useSuggestion, { code }),
        );
        b.addEventListener("click", () => {
          this.input.value = code;
          this.update();
          this.input.focus();
        });
        return b;
      }),
    );
  }
}
