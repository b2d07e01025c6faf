// The shape every verification answer carries: a stable reason code and its message in Chinese and English.
import type { Bilingual } from "@elicence/core";

export interface VerificationReason {
  /** VER_… code: documented in docs/errors.md, never reused for another meaning. */
  code: string;
  message: Bilingual;
}

/** A reason from a catalogue of codes; `detail` (English, technical) is appended to the English message only. */
export function reasonFrom<C extends string>(
  catalogue: Readonly<Record<C, Bilingual>>,
  code: C,
  detail?: string,
): VerificationReason {
  const m = catalogue[code];
  return { code, message: { zh: m.zh, en: detail ? `${m.en} (${detail})` : m.en } };
}
