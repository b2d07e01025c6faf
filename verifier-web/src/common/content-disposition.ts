// The file name a download's Content-Disposition gives (RFC 6266): the UTF-8 `filename*` (RFC 8187) when present and
// readable, else the plain `filename`; null without either. Only the last path segment is kept.

function lastSegment(name: string): string | null {
  const base = name.split(/[/\\]/u).pop()?.trim() ?? "";
  return base.length > 0 ? base : null;
}

export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const ext = /filename\*\s*=\s*UTF-8'[^']*'([^;]+)/iu.exec(header);
  if (ext?.[1]) {
    try {
      return lastSegment(decodeURIComponent(ext[1].trim()));
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/iu.exec(header);
  const value = plain?.[1]?.replace(/\\(.)/gu, "$1") ?? plain?.[2]?.trim();
  return value ? lastSegment(value) : null;
}
