// Masks personal data for display on public pages, audit views and logs (citizen ID numbers, USCCs, names).

function stars(n: number): string {
  return "*".repeat(Math.max(0, n));
}

// Anything that is not a well-formed code keeps at most its last 4 characters: enough to recognise, too little to use.
function maskUnknown(chars: string[]): string {
  return chars.length > 8 ? stars(chars.length - 4) + chars.slice(-4).join("") : stars(chars.length);
}

/**
 * Citizen ID number: 18 characters keep the 6-digit division and the last 4 (birth date and most of the sequence
 * hidden): "110105199001011234" → "110105********1234". 15-digit legacy: first 6 and last 3. Other input: last 4.
 */
export function maskIdNumber(code: string): string {
  const chars = [...code.trim()];
  if (chars.length === 18) return chars.slice(0, 6).join("") + stars(8) + chars.slice(14).join("");
  if (chars.length === 15) return chars.slice(0, 6).join("") + stars(6) + chars.slice(12).join("");
  return maskUnknown(chars);
}

/**
 * Unified social credit code: keeps the first 8 (authority, type, division) and the last 4:
 * "91110108MA01ABCD1X" → "91110108******CD1X". Other input: last 4.
 */
export function maskCreditCode(code: string): string {
  const chars = [...code.trim()];
  if (chars.length === 18) return chars.slice(0, 8).join("") + stars(6) + chars.slice(14).join("");
  return maskUnknown(chars);
}

export function maskHolderCode(code: string, codeType: "111" | "001"): string {
  return codeType === "111" ? maskIdNumber(code) : maskCreditCode(code);
}

/**
 * Names keep their first character and replace every other character (spaces and separators included, so word
 * boundaries do not leak) with one star: "张三" → "张*", "欧阳娜娜" → "欧***", "John Smith" → "J*********".
 * A one-character name becomes "*".
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return stars(chars.length);
  return (chars[0] as string) + stars(chars.length - 1);
}
