// Holder codes (持证主体代码, GB/T 36903 types 111 and 001): tells a citizen ID number from a USCC and validates it.
import { parseIdNumber, type CitizenIdNumber } from "./citizen-id.js";
import { parseCreditCode, type CreditCode } from "./credit-code.js";
import { normaliseIdentifierInput, removeInnerSpace } from "./normalise.js";
import type { IdResult } from "./result.js";

export type HolderCodeType = "111" | "001";
export type HolderCode = CitizenIdNumber | CreditCode;

export interface HolderCodeOptions {
  /** Birth dates after this day are rejected. */
  now: Date;
  /** The code type the licence type requires; the other kind is then REG_HOLDER_CODE_TYPE_MISMATCH. */
  expect?: HolderCodeType;
}

type Shape = HolderCodeType | "either" | undefined;

// All-digit 18-character codes can be either kind (a USCC may contain no letter), so only validation decides.
function shapeOf(value: string): Shape {
  if (/^\d{15}$/u.test(value)) return "111";
  if (/^\d{17}[\dX]$/u.test(value)) return "either";
  if (/^\d{13,18}X?$/u.test(value)) return "111";
  if (value.length >= 17 && value.length <= 19 && /^[0-9A-Z]+$/u.test(value)) return "001";
  return undefined;
}

const KIND: Record<HolderCodeType, { noun: string; licence: string }> = {
  "111": { noun: "a citizen ID number", licence: "an individual's licence" },
  "001": { noun: "a unified social credit code", licence: "an organisation licence" },
};

/**
 * Validates a holder code and says which kind it is. A code valid as both kinds (an all-digit USCC that also
 * passes as an ID number, about 1 in 340 ID numbers) is read as a citizen ID number unless `expect` says otherwise.
 */
export function parseHolderCode(raw: unknown, options: HolderCodeOptions): IdResult<HolderCode> {
  const normalised = normaliseIdentifierInput(raw, { what: "holder code" });
  if (!normalised.ok) return normalised;
  const shape = shapeOf(removeInnerSpace(normalised.value));
  const asId = (): IdResult<HolderCode> => parseIdNumber(raw, { now: options.now });
  const asUscc = (): IdResult<HolderCode> => parseCreditCode(raw);

  const { expect } = options;
  if (expect !== undefined) {
    const other: HolderCodeType = expect === "111" ? "001" : "111";
    const wanted = expect === "111" ? asId() : asUscc();
    if (wanted.ok) return wanted;
    const otherResult = other === "111" ? asId() : asUscc();
    if (
      otherResult.ok ||
      shape === other ||
      (other === "111" && shape === "either" && looksLikeIdNumber(otherResult))
    ) {
      return {
        ok: false,
        errors: [
          {
            code: "REG_HOLDER_CODE_TYPE_MISMATCH",
            message: `${capitalise(KIND[expect].licence)} needs ${KIND[expect].noun}; this looks like ${KIND[other].noun}. Enter the holder's code of the required kind.`,
          },
        ],
      };
    }
    return wanted;
  }

  const id = asId();
  if (id.ok) return id;
  const uscc = asUscc();
  if (uscc.ok) return uscc;
  if (shape === "111" || shape === "either") return id;
  if (shape === "001") return uscc;
  return {
    ok: false,
    errors: [
      {
        code: "REG_HOLDER_CODE_UNRECOGNISED",
        message: `The holder code is neither a citizen ID number (18 characters, or 15 digits) nor a unified social credit code (18 characters of digits and capital letters). Re-enter it from the holder's ID card or certificate.`,
      },
    ],
  };
}

// An all-digit code whose only fault as an ID number is its check character (real birth date, known province)
// is far more likely a mistyped ID number than a USCC.
function looksLikeIdNumber(result: IdResult<HolderCode>): boolean {
  return !result.ok && result.errors.every((e) => e.code === "REG_ID_CHECK_MISMATCH");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
