// Which characters the licence font can draw, answered without loading the renderer: the registry checks every value
// at entry (API and register import) so that a licence that can never be sealed is never stored. The same font files
// and the same rule (whitespace is never drawn) as the renderer's missingChars: the licence font, or else the fallback
// font when one is configured (useFallbackFont, ELICENCE_FALLBACK_FONT). Each is read once, on first use.
import { readFileSync } from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import { fallbackFontPath, fontFilePath } from "./fonts.js";

interface Coverage {
  font?: { hasGlyphForCodePoint(cp: number): boolean };
  known: Map<number, boolean>;
}

const faces = new Map<string, Coverage>();

function covers(file: string, cp: number): boolean {
  let face = faces.get(file);
  if (!face) {
    face = { known: new Map() };
    faces.set(file, face);
  }
  let has = face.known.get(cp);
  if (has === undefined) {
    face.font ??= fontkit.create(new Uint8Array(readFileSync(file)));
    has = face.font.hasGlyphForCodePoint(cp);
    face.known.set(cp, has);
  }
  return has;
}

/** The distinct characters of `text` no licence font can draw (control characters and lone surrogates included). */
export function undrawableChars(text: string): string[] {
  const out = new Set<string>();
  const main = fontFilePath("regular");
  const fallback = fallbackFontPath();
  for (const ch of text) {
    // Spaces and line breaks are laid out, never drawn; any other control character is refused (NUL, VT, FF …).
    if (ch === "\n" || ch === "\r" || ch === "\t" || (/\s/u.test(ch) && !/\p{Cc}/u.test(ch))) continue;
    const cp = ch.codePointAt(0) ?? 0;
    // Control characters are refused even if a fallback font maps them: nothing prints them.
    if (/\p{Cc}/u.test(ch)) {
      out.add(ch);
      continue;
    }
    if (!covers(main, cp) && (fallback === null || !covers(fallback, cp))) out.add(ch);
  }
  return [...out];
}
