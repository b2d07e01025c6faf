// Errors raised while loading layouts and rendering licence PDFs: stable SIG_RENDER_* codes, messages that say how to fix it.

/** Every render error code with what it means and how to fix it (the catalogue docs/errors.md is built from). */
export const RENDER_ERROR_CODES = {
  SIG_RENDER_LAYOUT_INVALID:
    "A templates/<type>/layout.json is unreadable or breaks the layout format; every problem is listed by file and field path.",
  SIG_RENDER_FONT_UNAVAILABLE:
    "The licence font (Noto Sans SC from @expo-google-fonts/noto-sans-sc) cannot be read or subset; reinstall the signer's dependencies.",
  SIG_RENDER_GLYPH_MISSING:
    "A value holds a character the licence font cannot draw (a rare name character, an emoji); the message names the field and code point.",
  SIG_RENDER_FIELD_MISSING:
    'The licence has no value for a field its layout prints; supply it or mark the layout row "optional": true.',
  SIG_RENDER_TEXT_OVERFLOW:
    "A layout's body column has no room for even one line of a row (values too long for their boxes continue on attachment pages); give the column more room in layout.json.",
  SIG_RENDER_QR_TOO_LONG:
    "The QR payload is too long for a QR code at error-correction level M; shorten the payload.",
} as const;

export type RenderErrorCode = keyof typeof RENDER_ERROR_CODES;

/** One problem in a layout file: `path` is a JSON pointer-ish path such as `rows[3].field`. */
export interface LayoutIssue {
  path: string;
  message: string;
}

export class RenderError extends Error {
  override readonly name = "RenderError";
  readonly code: RenderErrorCode;
  /** Every problem found, for SIG_RENDER_LAYOUT_INVALID (all reported at once). */
  readonly details: readonly LayoutIssue[];

  constructor(code: RenderErrorCode, message: string, details: readonly LayoutIssue[] = []) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
