// Organisation code (组织机构代码, GB 11714): 8 body characters and a check character, positions 9-17 of a USCC.

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function valueOf(c: string): number {
  // Digits 0-9, letters A=10 ... Z=35 (GB 11714 allows every capital letter in the body).
  return Number.parseInt(c, 36);
}

function checkOf(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += valueOf(body8.charAt(i)) * (WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** GB 11714 check character (0-9 or X) for 8 body characters [0-9A-Z]. Throws RangeError otherwise (minting helper). */
export function computeOrgCodeCheck(first8: string): string {
  if (!/^[0-9A-Z]{8}$/u.test(first8))
    throw new RangeError("computeOrgCodeCheck needs exactly 8 characters 0-9 A-Z");
  return checkOf(first8);
}

/** Whether 9 characters (no hyphen) form an organisation code with a matching check character. */
export function isValidOrgCode(code9: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/u.test(code9) && checkOf(code9.slice(0, 8)) === code9.charAt(8);
}
