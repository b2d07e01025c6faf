// Line breaking for licence values: CJK may break between any two characters, Latin words and numbers stay whole,
// and the Chinese line-start/line-end rules (禁则) keep closing punctuation off a line start and opening punctuation off a line end.

/** What wrapping needs from a font: advance widths in em. */
export interface MeasuringFont {
  advance(codePoint: number): number;
}

export interface FitOptions {
  /** Width of the value box, in points. */
  maxWidth: number;
  /** Preferred size, in points. */
  fontSize: number;
  /** Smallest size the text may shrink to before lines beyond maxLines are accepted. */
  minFontSize: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  /** Lines allowed at the preferred size before shrinking; absent = no limit. */
  maxLines?: number;
  /** Height (points) the lines may take (lines × line height); absent = no limit. */
  maxHeight?: number;
}

export interface FittedText {
  lines: string[];
  fontSize: number;
  /** Distance between baselines, in points. */
  lineHeightPt: number;
  /** lines × lineHeightPt. */
  height: number;
  /** True when even minFontSize needed more than maxLines lines or maxHeight: every line is kept, the caller decides. */
  overflow: boolean;
}

// A line may not start with these (closing punctuation, both full-width and ASCII).
const NO_LINE_START = new Set([..."，。、；：？！）」』】》〉〕］｝”’…—·,.;:?!)]}%‰"]);
// A line may not end with these (opening punctuation).
const NO_LINE_END = new Set([..."（「『【《〈〔［｛“‘([{"]);
// Characters that belong to a Latin word or number when between word characters: URLs, dates, codes, decimals.
const WORD_CHAR = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]/u;
const WORD_JOINER = /[.\-/@:_%&+#'’,~=?]/u;

/** Width of `text` at `fontSize` points (sum of glyph advances; licence text uses no kerning). */
export function textWidth(font: MeasuringFont, text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += font.advance(ch.codePointAt(0) ?? 0);
  return em * fontSize;
}

/**
 * Splits text into units a line may break between. A unit is a Latin word or number (with inner joiners such as
 * `.`, `-`, `/`), a single CJK character, or a space run; punctuation is glued to its neighbour per 禁则.
 */
export function breakUnits(text: string): string[] {
  const chars = [...text];
  const raw: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] ?? "";
    if (/\s/u.test(ch)) {
      while (i < chars.length && /\s/u.test(chars[i] ?? "")) i++;
      raw.push(" ");
      continue;
    }
    if (WORD_CHAR.test(ch)) {
      let word = ch;
      i++;
      for (;;) {
        const next = chars[i] ?? "";
        if (WORD_CHAR.test(next)) {
          word += next;
          i++;
        } else if (WORD_JOINER.test(next)) {
          // Joiners stay inside the word only when a word character follows them ("3.5", "http://", "2024-03-15").
          let j = i;
          while (j < chars.length && WORD_JOINER.test(chars[j] ?? "")) j++;
          if (!WORD_CHAR.test(chars[j] ?? "")) break;
          word += chars.slice(i, j).join("");
          i = j;
        } else break;
      }
      raw.push(word);
      continue;
    }
    raw.push(ch);
    i++;
  }
  // Glue closing punctuation to what precedes it and opening punctuation to what follows it.
  const units: string[] = [];
  let pendingOpen = "";
  for (const unit of raw) {
    if (unit === " ") {
      if (pendingOpen) {
        units.push(pendingOpen);
        pendingOpen = "";
      }
      units.push(unit);
      continue;
    }
    const first = [...unit][0] ?? "";
    if (NO_LINE_START.has(first) && unit.length === first.length && units.length > 0 && !pendingOpen) {
      const prev = units[units.length - 1];
      if (prev !== undefined && prev !== " ") {
        units[units.length - 1] = prev + unit;
        continue;
      }
    }
    if (NO_LINE_END.has(first) && unit.length === first.length) {
      pendingOpen += unit;
      continue;
    }
    units.push(pendingOpen + unit);
    pendingOpen = "";
  }
  if (pendingOpen) units.push(pendingOpen);
  return units;
}

/** Greedy wrap of `text` into lines no wider than maxWidth; explicit newlines are kept as line breaks. */
export function wrapText(font: MeasuringFont, text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/u)) {
    wrapParagraph(font, paragraph, maxWidth, fontSize, lines);
  }
  return lines;
}

function wrapParagraph(
  font: MeasuringFont,
  text: string,
  maxWidth: number,
  fontSize: number,
  out: string[],
): void {
  let line = "";
  let width = 0;
  const flush = () => {
    out.push(line.trimEnd());
    line = "";
    width = 0;
  };
  for (const unit of breakUnits(text.trim())) {
    const w = textWidth(font, unit, fontSize);
    if (unit === " ") {
      if (line === "") continue;
      line += unit;
      width += w;
      continue;
    }
    // A space that separated the unit from the line is trimmed when the line ends there.
    if (line !== "" && width + w > maxWidth) flush();
    if (w <= maxWidth) {
      line += unit;
      width += w;
      continue;
    }
    // A unit wider than the box (a very long code or URL): break it between characters as a last resort.
    for (const ch of unit) {
      const cw = textWidth(font, ch, fontSize);
      if (line !== "" && width + cw > maxWidth) flush();
      line += ch;
      width += cw;
    }
  }
  if (line !== "" || out.length === 0) flush();
}

/**
 * Wraps at the preferred size; if that needs more than maxLines lines or more than maxHeight, shrinks in 0.5 pt steps
 * down to minFontSize.
 * Text is never dropped: at the floor every line is returned and `overflow` is set.
 */
export function fitText(font: MeasuringFont, text: string, options: FitOptions): FittedText {
  const { maxWidth, fontSize, minFontSize, lineHeight, maxLines, maxHeight } = options;
  let size = fontSize;
  for (;;) {
    const lines = wrapText(font, text, maxWidth, size);
    const lineHeightPt = size * lineHeight;
    const height = lines.length * lineHeightPt;
    const fits =
      (maxLines === undefined || lines.length <= maxLines) &&
      (maxHeight === undefined || height <= maxHeight + 1e-6);
    if (fits || size <= minFontSize) {
      return { lines, fontSize: size, lineHeightPt, height, overflow: !fits };
    }
    size = Math.max(minFontSize, Math.round((size - 0.5) * 2) / 2);
  }
}

/** Shrinks a single line's size until it fits maxWidth (never below minFontSize). */
export function fitSingleLine(
  font: MeasuringFont,
  text: string,
  maxWidth: number,
  fontSize: number,
  minFontSize: number,
): number {
  const w = textWidth(font, text, fontSize);
  if (w <= maxWidth || w === 0) return fontSize;
  return Math.max(minFontSize, Math.floor(((fontSize * maxWidth) / w) * 4) / 4);
}

/**
 * x offsets that spread a short label's characters over `targetWidth` (名称 as wide as 法定代表人), as printed
 * certificates do. Labels containing Latin letters or digits are left as they are.
 */
export function justifyOffsets(
  font: MeasuringFont,
  label: string,
  fontSize: number,
  targetWidth: number,
): number[] {
  const chars = [...label];
  const widths = chars.map((c) => textWidth(font, c, fontSize));
  const natural = widths.reduce((a, b) => a + b, 0);
  const offsets: number[] = [];
  if (chars.length < 2 || natural >= targetWidth || /[A-Za-z0-9]/u.test(label)) {
    let x = 0;
    for (const w of widths) {
      offsets.push(x);
      x += w;
    }
    return offsets;
  }
  const gap = (targetWidth - natural) / (chars.length - 1);
  let x = 0;
  for (const w of widths) {
    offsets.push(x);
    x += w + gap;
  }
  return offsets;
}
