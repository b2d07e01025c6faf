// Converts ECDSA signatures between WebCrypto's fixed-width r||s and the DER ECDSA-Sig-Value that CMS and X.509 carry.

function derInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  // A set high bit would read as negative: DER needs a leading zero octet then.
  const pad = (trimmed[0] ?? 0) & 0x80 ? 1 : 0;
  const out = new Uint8Array(2 + pad + trimmed.length);
  out[0] = 0x02;
  out[1] = pad + trimmed.length;
  out.set(trimmed, 2 + pad);
  return out;
}

/** r||s (each `size` bytes, as WebCrypto returns them) → DER SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0)
    throw new RangeError("ECDSA raw signature must be r||s of equal length");
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  const bodyLength = r.length + s.length;
  // P-256 and P-384 bodies stay below 128 bytes; P-521 needs the long length form.
  const header = bodyLength < 0x80 ? [0x30, bodyLength] : [0x30, 0x81, bodyLength];
  const out = new Uint8Array(header.length + bodyLength);
  out.set(header, 0);
  out.set(r, header.length);
  out.set(s, header.length + r.length);
  return out;
}

/** DER ECDSA-Sig-Value → r||s with each half left-padded to `size` bytes (32 for P-256). */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  let offset = 0;
  const readLength = (): number => {
    const first = der[offset++];
    if (first === undefined) throw new RangeError("truncated ECDSA signature");
    if (first < 0x80) return first;
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) {
      const b = der[offset++];
      if (b === undefined) throw new RangeError("truncated ECDSA signature");
      length = length * 256 + b;
    }
    return length;
  };
  if (der[offset++] !== 0x30) throw new RangeError("ECDSA signature is not a DER SEQUENCE");
  readLength();
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[offset++] !== 0x02) throw new RangeError("ECDSA signature component is not an INTEGER");
    const length = readLength();
    let value = der.subarray(offset, offset + length);
    offset += length;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    if (value.length > size) throw new RangeError("ECDSA signature component longer than the curve size");
    out.set(value, part * size + (size - value.length));
  }
  return out;
}
