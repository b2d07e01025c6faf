// A problem on the page: the headline, then one line per field problem.
import { el } from "./dom.js";
import type { PlainProblem } from "./problem-words.js";

export function problemNodes(p: PlainProblem): Node[] {
  return [
    el("p", { class: "problem-headline", "data-code": p.code }, p.headline),
    ...(p.lines.length > 0
      ? [el("ul", {}, ...p.lines.map((l) => el("li", l.field ? { "data-field": l.field } : {}, l.text)))]
      : []),
  ];
}
