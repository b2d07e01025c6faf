// DER encoding of a SET OF: elements sorted as octet strings (X.690 §11.6). pkijs keeps insertion order, and the
// signed attributes are hashed in DER form, so the order must be right before anything is signed. The one home of
// this order for the PAdES CMS (pades/) and the PKI builders (pki/); PKI-only, so in the signer, not core.

/** X.690 §11.6 order: compare as octet strings, the shorter padded at its end with 0-octets. */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

export function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Sorts encoded elements in place into DER SET OF order and returns them. */
export function sortDerSet(elements: Uint8Array[]): Uint8Array[] {
  return elements.sort(compareDer);
}

/** `SET OF` (tag 0x31) over already DER-encoded elements, sorted. */
export function encodeDerSet(elements: Uint8Array[]): Uint8Array {
  const sorted = sortDerSet([...elements]);
  const body = Buffer.concat(sorted);
  return Buffer.concat([Uint8Array.of(0x31), derLength(body.length), body]);
}
