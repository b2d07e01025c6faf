// A value too long for its box on the licence page, even at the layout's smallest size: the lines that fit stay in
// the box, the last of them ending with the continuation mark, and the rest continues on an attachment page (附页).
import { textWidth, wrapText } from "./text-layout.js";
import type { MeasuringFont } from "./text-layout.js";

/** Ends the last line of a value that continues on an attachment page. */
export const CONTINUED_MARK = "（续见附页）";
/** Follows the row's label where the value continues on an attachment page. */
export const CONTINUED_LABEL_SUFFIX = "（续）";

export interface SplitValue {
  /** The lines shown in the box; the last ends with CONTINUED_MARK when `rest` is not empty. */
  head: string[];
  /** What continues on the attachment page, from the first character not shown ("" when everything fits). */
  rest: string;
}

/**
 * Splits `text` into at most `lines` lines no wider than `maxWidth` at `size` points (the last one leaving room for
 * the mark) and the rest. Wrapping drops only whitespace, so the head's characters and the rest's together are the
 * value's characters in order.
 */
export function splitForContinuation(
  font: MeasuringFont,
  text: string,
  maxWidth: number,
  size: number,
  lines: number,
): SplitValue {
  const all = wrapText(font, text, maxWidth, size);
  if (all.length <= lines) return { head: all, rest: "" };
  const head = all.slice(0, Math.max(0, lines - 1));
  let rest = afterNonSpace(text, nonSpaceCount(head.join("")));
  const markWidth = textWidth(font, CONTINUED_MARK, size);
  const last = wrapText(font, rest.trimStart(), Math.max(maxWidth - markWidth, 1), size)[0] ?? "";
  rest = afterNonSpace(rest, nonSpaceCount(last)).trim();
  if (rest === "") return { head: [...head, last], rest: "" };
  head.push(last + CONTINUED_MARK);
  return { head, rest };
}

function nonSpaceCount(s: string): number {
  let n = 0;
  for (const ch of s) if (!/\s/u.test(ch)) n++;
  return n;
}

/** `text` after its first `count` non-whitespace characters. */
function afterNonSpace(text: string, count: number): string {
  if (count === 0) return text;
  let seen = 0;
  let index = 0;
  for (const ch of text) {
    index += ch.length;
    if (!/\s/u.test(ch) && ++seen === count) return text.slice(index);
  }
  return "";
}
