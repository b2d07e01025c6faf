// ISO/IEC 7064 hybrid system MOD 37,36 over 0-9 A-Z: the check character of GB/T 36904 licence identifiers.

export const MOD37_36_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const M = 36;

/** Value 0-35 of a character code, -1 outside 0-9 A-Z. */
export function mod3736Value(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

/** Check character for `data` (characters 0-9 A-Z only). Throws RangeError otherwise (minting helper). */
export function computeMod3736Check(data: string): string {
  const check = mod3736(data);
  if (check === undefined) throw new RangeError("computeMod3736Check accepts only characters 0-9 A-Z");
  return check;
}

/** The check character, or undefined when `data` holds a character outside 0-9 A-Z. */
export function mod3736(data: string): string | undefined {
  let p = M;
  for (let i = 0; i < data.length; i++) {
    const v = mod3736Value(data.charCodeAt(i));
    if (v < 0) return undefined;
    p = mod3736Step(p, v);
  }
  // The check a makes (p + a) mod M equal 1.
  return MOD37_36_ALPHABET.charAt(mod3736CheckValue(p));
}

/** One step of the ISO 7064 hybrid recursion: the state after a character of value v. Start state is 36. */
export function mod3736Step(p: number, v: number): number {
  const s = (p + v) % M || M;
  return (s * 2) % (M + 1);
}

/** The check value (0-35) that completes state p. */
export function mod3736CheckValue(p: number): number {
  return (M + 1 - p) % M;
}

/** Whether the last character of `dataWithCheck` is the MOD 37,36 check of the rest. */
export function isValidMod3736(dataWithCheck: string): boolean {
  return dataWithCheck.length >= 2 && mod3736(dataWithCheck.slice(0, -1)) === dataWithCheck.slice(-1);
}
