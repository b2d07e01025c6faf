// Which characters the licence font can draw, answered without loading the renderer: the registry checks every value
// at entry (API and register import) so that a licence that can never be sealed is never stored. The same font file
// and the same rule (whitespace is never drawn) as the renderer's missingChars; read once, on first use.
import { readFileSync } from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import { fontFilePath } from "./fonts.js";

let font: { hasGlyphForCodePoint(cp: number): boolean } | undefined;
const known = new Map<number, boolean>();

function covers(cp: number): boolean {
  let has = known.get(cp);
  if (has === undefined) {
    font ??= fontkit.create(new Uint8Array(readFileSync(fontFilePath("regular"))));
    has = font.hasGlyphForCodePoint(cp);
    known.set(cp, has);
  }
  return has;
}

/** The distinct characters of `text` the licence font cannot draw (control characters and lone surrogates included). */
export function undrawableChars(text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) {
    // Spaces and line breaks are laid out, never drawn; any other control character is refused (NUL, VT, FF …).
    if (ch === "\n" || ch === "\r" || ch === "\t" || (/\s/u.test(ch) && !/\p{Cc}/u.test(ch))) continue;
    if (!covers(ch.codePointAt(0) ?? 0)) out.add(ch);
  }
  return [...out];
}
