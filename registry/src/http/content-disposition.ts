// Content-Disposition for a download (RFC 6266): a plain ASCII `filename` for old clients and the real name, in UTF-8,
// as `filename*` (RFC 8187 ext-value), which every current browser prefers.

/** RFC 8187 ext-value: UTF-8, percent-encoded beyond attr-char. */
function extValue(s: string): string {
  return `UTF-8''${encodeURIComponent(s).replace(/['()*!]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** Only what a quoted-string may hold unescaped and every file system accepts; anything else becomes "_". */
function asciiFallback(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/gu, "_");
}

export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiFallback(asciiName)}"; filename*=${extValue(name)}`;
}

/** A file name part made of catalogue words: path separators, quotes and control characters out. */
export function fileNamePart(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/gu, "_").trim();
}
