// The key sign-in form of the staff pages (the window desk, the issuing office): the key checked as typed, sent once
// and never kept (not even in the input), the registry's problem shown in words and tied to the field, and the
// reason a session ended shown where the key is asked for again.
import type { Bilingual } from "@elicence/core";
import { say } from "../i18n.js";
import { el, fill } from "./dom.js";
import { problemNodes } from "./problem-box.js";
import { plainProblem, type PlainProblem } from "./problem-words.js";
import type { StaffSession } from "./staff-session.js";

export interface StaffSignInOptions {
  session: StaffSession;
  form: HTMLFormElement;
  keyInput: HTMLInputElement;
  button: HTMLButtonElement;
  error: HTMLElement;
  words: { keyRequired: Bilingual; signingIn: Bilingual; signIn: Bilingual };
  /** Field labels for the registry's problems. */
  fields: Readonly<Record<string, Bilingual>>;
  now: () => Date;
  onSignedIn: () => void;
}

export class StaffSignInForm {
  #problem: PlainProblem | string | null = null;

  constructor(private readonly o: StaffSignInOptions) {
    o.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#submit();
    });
  }

  /** Back to the form, saying why (a session that ended) or nothing (signed out). */
  reset(why: string | null): void {
    this.#problem = why;
    this.render();
  }

  focus(): void {
    this.o.keyInput.focus();
  }

  render(): void {
    const { error } = this.o;
    if (this.#problem === null) return fill(error);
    if (typeof this.#problem === "string") return fill(error, el("p", {}, this.#problem));
    fill(error, ...problemNodes(this.#problem));
  }

  #refuse(problem: PlainProblem | string): void {
    this.#problem = problem;
    this.o.keyInput.setAttribute("aria-invalid", "true");
    this.render();
    this.o.keyInput.focus();
  }

  async #submit(): Promise<void> {
    const { keyInput, button, words } = this.o;
    const key = keyInput.value.trim();
    if (key.length === 0) return this.#refuse(say(words.keyRequired));
    button.disabled = true;
    button.textContent = say(words.signingIn);
    const res = await this.o.session.signIn(key, this.o.now);
    // The key leaves the page as soon as it was sent: nothing keeps it, not even the input.
    keyInput.value = "";
    button.disabled = false;
    button.textContent = say(words.signIn);
    if (!res.ok) return this.#refuse(plainProblem(res.problem, this.o.fields));
    this.#problem = null;
    keyInput.removeAttribute("aria-invalid");
    this.render();
    this.o.onSignedIn();
  }
}
