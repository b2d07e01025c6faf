// "As typed" feedback on an applicant's (or holder's) code: the registry's own validators, run in the page, sort the
// input into empty / still incomplete / valid / wrong, with the did-you-mean when one typo explains it.
import { ID_ERROR_CODES, parseHolderCode, normaliseIdentifierInput, suggestionsOf } from "@elicence/core";
import type { Bilingual } from "@elicence/core";

export type CodeFeedback =
  | { state: "empty" }
  /** Fewer than 18 characters, all of them possible: the clerk is still typing. */
  | { state: "incomplete"; typed: number; message: Bilingual }
  | { state: "valid"; code: string; kind: "111" | "001"; message: Bilingual }
  | {
      state: "invalid";
      errorCode: string;
      message: Bilingual;
      /** The wrong character is the check character (the 18th): at least one character is mistyped. */
      checkCharacter: boolean;
      /** Valid codes one typo away (one, or two or three when no single one): the did-you-mean. */
      suggestions: string[];
    };

const FULL_LENGTH = 18;
// Digits, X (ID numbers) and the USCC's letters: anything else cannot be part of either kind of code.
const POSSIBLE = /^[0-9A-HJ-NP-RTUW-Y]*$/u;
const FORBIDDEN_LETTER = /[IOZSV]/u;

const VALID_ID: Bilingual = { zh: "有效的公民身份号码", en: "A valid citizen ID number" };
const VALID_LEGACY_ID: Bilingual = {
  zh: "有效的15位旧身份证号码，已换算为18位：{code}",
  en: "A valid 15-digit first-generation ID number, read as the 18-character {code}",
};
const VALID_USCC: Bilingual = { zh: "有效的统一社会信用代码", en: "A valid unified social credit code" };
const INCOMPLETE: Bilingual = {
  zh: "已输入 {n} 位，共 18 位",
  en: "{n} of 18 characters entered",
};
const CHECK_MISMATCH: Bilingual = {
  zh: "校验位（第18位）与前17位不符：至少有一位录错，请逐位对照证件核对。",
  en: "The check character (the 18th) does not match the first 17: at least one character is mistyped. Compare each character with the document.",
};

function idText(code: string): Bilingual | undefined {
  return (ID_ERROR_CODES as Record<string, Bilingual | undefined>)[code];
}

/** Feedback for the code as typed so far; `now` decides whether a birth date lies in the future. */
export function holderCodeFeedback(raw: string, now: Date): CodeFeedback {
  const normalised = normaliseIdentifierInput(raw, { what: "holder code" });
  if (!normalised.ok && normalised.errors.every((e) => e.code === "REG_ID_EMPTY")) return { state: "empty" };
  const compact = normalised.ok ? normalised.value.replace(/\s+/gu, "") : "";

  const result = parseHolderCode(raw, { now });
  if (result.ok) {
    const v = result.value;
    if (v.codeType === "111")
      return result.normalisedFrom !== undefined || compact.length === 15
        ? {
            state: "valid",
            code: v.code,
            kind: "111",
            message: {
              zh: VALID_LEGACY_ID.zh.replace("{code}", v.code),
              en: VALID_LEGACY_ID.en.replace("{code}", v.code),
            },
          }
        : { state: "valid", code: v.code, kind: "111", message: VALID_ID };
    return { state: "valid", code: v.code, kind: "001", message: VALID_USCC };
  }

  if (compact.length > 0 && !POSSIBLE.test(compact.replace(/X$/u, ""))) {
    const code = FORBIDDEN_LETTER.test(compact) ? "REG_USCC_FORBIDDEN_LETTER" : "REG_USCC_WRONG_CHARACTERS";
    return {
      state: "invalid",
      errorCode: code,
      message: idText(code)!,
      checkCharacter: false,
      suggestions: [],
    };
  }
  if (compact.length > 0 && compact.length < FULL_LENGTH)
    return {
      state: "incomplete",
      typed: compact.length,
      message: {
        zh: INCOMPLETE.zh.replace("{n}", String(compact.length)),
        en: INCOMPLETE.en.replace("{n}", String(compact.length)),
      },
    };

  const first = result.errors[0];
  const errorCode = first?.code ?? "REG_HOLDER_CODE_UNRECOGNISED";
  const checkCharacter = errorCode === "REG_ID_CHECK_MISMATCH" || errorCode === "REG_USCC_CHECK_MISMATCH";
  return {
    state: "invalid",
    errorCode,
    message: checkCharacter ? CHECK_MISMATCH : (idText(errorCode) ?? idText("REG_HOLDER_CODE_UNRECOGNISED")!),
    checkCharacter,
    suggestions: suggestionsOf(result),
  };
}
