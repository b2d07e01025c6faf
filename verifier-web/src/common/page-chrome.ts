// What the desk and the holder page share around their content: the language (zh-CN by default, the same saved
// choice as the verifier page), the words of every [data-t] node, and the header's language switch.
import type { Bilingual } from "@elicence/core";
import { initialLang, lang, say, setLang } from "../i18n.js";
import { byId } from "./dom.js";

const SWITCH: Record<"label" | "aria", Bilingual> = {
  label: { zh: "English", en: "中文" },
  aria: { zh: "Switch to English", en: "切换到中文" },
};

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Sets the language and the page's static words; `onChange` re-renders what the page drew itself. */
export function initChrome(
  words: Readonly<Record<string, Bilingual>>,
  title: Bilingual,
  onChange: () => void,
): { render(): void } {
  const storage = localStore();
  setLang(initialLang(storage), storage);
  const render = () => {
    document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
    document.title = say(title);
    for (const node of document.querySelectorAll<HTMLElement>("[data-t]")) {
      const text = words[node.dataset.t ?? ""];
      if (text) node.textContent = say(text);
    }
    for (const node of document.querySelectorAll<HTMLElement>("[data-t-placeholder]")) {
      const text = words[node.dataset.tPlaceholder ?? ""];
      if (text) node.setAttribute("placeholder", say(text));
    }
    for (const node of document.querySelectorAll<HTMLElement>("[data-t-aria]")) {
      const text = words[node.dataset.tAria ?? ""];
      if (text) node.setAttribute("aria-label", say(text));
    }
    const sw = byId<HTMLButtonElement>("lang-switch");
    sw.textContent = say(SWITCH.label);
    sw.lang = lang() === "zh" ? "en" : "zh-CN";
    sw.setAttribute("aria-label", say(SWITCH.aria));
  };
  byId<HTMLButtonElement>("lang-switch").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh", storage);
    render();
    onChange();
  });
  render();
  return { render };
}
