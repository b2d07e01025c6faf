// Reads DER structure without building an object tree: tag, length and where the contents lie. Enough to walk to a
// known element of a trusted-shape structure (the TSTInfo inside a timestamp token) without parsing its certificates.

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the element. */
  end: number;
}

/** The element at `offset`; throws on a truncated, indefinite-length or multi-byte-tag element. */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  const tag = bytes[offset];
  if (tag === undefined || offset + 2 > limit) throw new Error("DER element truncated");
  if ((tag & 0x1f) === 0x1f) throw new Error("multi-byte DER tags are not expected here");
  let at = offset + 1;
  const first = bytes[at++] ?? 0;
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new Error(n === 0 ? "indefinite length is not DER" : "DER length too large");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (bytes[at++] ?? 0);
  }
  const end = at + length;
  if (end > limit) throw new Error("DER element runs past its container");
  return { tag, start: offset, contentStart: at, end };
}

/** The elements directly inside a constructed element. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export function contentOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.contentStart, tlv.end);
}

export function elementOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}
