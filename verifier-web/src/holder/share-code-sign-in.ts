// Signing in with the one-time share code a department handed out: the holder's own code (checked as typed) and the
// share code, sent to POST /api/v1/holder/session.
import { say } from "../i18n.js";
import { el, fill } from "../common/dom.js";
import { HolderCodeField } from "../common/holder-code-field.js";
import { problemNodes } from "../common/problem-box.js";
import { plainProblem, type PlainProblem } from "../common/problem-words.js";
import { HOLDER_FIELDS, hw } from "./holder-words.js";
import type {
  HolderSessionInfo,
  HolderSignInMethod,
  MountedMethod,
  SignInContext,
} from "./sign-in-method.js";

export const shareCodeSignIn: HolderSignInMethod = {
  id: "share-code",
  title: hw.shareCodeMethod,
  mount(host: HTMLElement, ctx: SignInContext): MountedMethod {
    const codeInput = el("input", {
      id: "holder-code",
      type: "text",
      class: "mono-input",
      autocomplete: "off",
      autocapitalize: "characters",
      spellcheck: "false",
      maxlength: "40",
      "aria-describedby": "holder-code-feedback",
    });
    const feedback = el("p", { id: "holder-code-feedback", class: "feedback", "aria-live": "polite" });
    const suggest = el("div", { class: "suggest" });
    const shareInput = el("input", {
      id: "share-code",
      type: "text",
      class: "mono-input",
      autocomplete: "one-time-code",
      autocapitalize: "characters",
      spellcheck: "false",
      maxlength: "20",
      "aria-describedby": "share-code-hint",
    });
    const codeLabel = el("label", { for: "holder-code" });
    const shareLabel = el("label", { for: "share-code" });
    const shareHint = el("p", { id: "share-code-hint", class: "hint" });
    const submit = el("button", { type: "submit", class: "action primary small", id: "holder-sign-in" });
    const errors = el("div", { class: "problem", role: "alert", id: "holder-sign-in-error" });
    const form = el(
      "form",
      { class: "stack", novalidate: "", id: "share-code-form" },
      el("div", { class: "field" }, codeLabel, codeInput, feedback, suggest),
      el("div", { class: "field" }, shareLabel, shareInput, shareHint),
      el("div", {}, submit),
      errors,
    );
    fill(host, form);

    const field = new HolderCodeField(
      codeInput,
      feedback,
      suggest,
      { didYouMean: hw.didYouMean, useSuggestion: hw.useSuggestion },
      ctx.now,
    );
    let problem: PlainProblem | string | null = null;
    let busy = false;

    const render = () => {
      codeLabel.textContent = say(hw.holderCodeLabel);
      shareLabel.textContent = say(hw.shareCodeLabel);
      shareHint.textContent = say(hw.shareCodeHint);
      submit.textContent = say(busy ? hw.signingIn : hw.signIn);
      field.render();
      if (problem === null) fill(errors);
      else if (typeof problem === "string") fill(errors, el("p", {}, problem));
      else fill(errors, ...problemNodes(problem));
    };

    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (busy) return;
      const share = shareInput.value.trim();
      const f = field.feedback;
      if (f.state === "empty" || share.length === 0) {
        problem = say(hw.fillBoth);
        render();
        (f.state === "empty" ? codeInput : shareInput).focus();
        return;
      }
      if (f.state !== "valid") {
        problem = say(hw.codeNotValid, { why: say(f.message) });
        render();
        codeInput.focus();
        return;
      }
      busy = true;
      problem = null;
      render();
      void ctx.api
        .json<HolderSessionInfo>("POST", "/api/v1/holder/session", {
          body: { holderCode: field.value, shareCode: share },
        })
        .then((res) => {
          busy = false;
          if (res.ok) {
            // The share code is spent: nothing to keep.
            shareInput.value = "";
            render();
            ctx.done(res.data);
            return;
          }
          problem = plainProblem(res.problem, HOLDER_FIELDS);
          render();
          shareInput.focus();
        });
    });

    render();
    return { render, focus: () => codeInput.focus() };
  },
};
