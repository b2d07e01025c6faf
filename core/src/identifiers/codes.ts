// Catalogue of the stable error codes the identifier validators return, with bilingual fix-it texts.
// Codes are never renamed or reused once published: callers and ministry integrations key on them.
import type { Bilingual } from "../bilingual.js";

export const ID_ERROR_CODES = {
  // Shared by every identifier kind: problems found while normalising raw input.
  REG_ID_EMPTY: {
    en: "No identifier was given. Enter the code exactly as printed on the source document.",
    zh: "未填写代码。请按原始证件上的内容完整填写。",
  },
  REG_ID_NOT_TEXT: {
    en: "The identifier was not given as text. Send it as a string, exactly as printed on the source document.",
    zh: "代码不是文本类型。请以字符串形式提交，内容与原始证件一致。",
  },
  REG_ID_FLOAT_PRECISION_LOST: {
    en: "The value is a number that a spreadsheet stored as a floating-point value (for example 1.10105199003071E+17); its last digits are lost. Format the spreadsheet column as text and re-enter the codes from the source documents.",
    zh: "该值被电子表格存成了浮点数（如 1.10105199003071E+17），末尾数字已丢失。请将该列设置为“文本”格式，并按原始证件重新录入。",
  },
  REG_ID_INNER_SPACE: {
    en: "The identifier contains spaces between its characters. Remove the spaces; if a character seems to be missing, check the source document.",
    zh: "代码中间含有空格。请删除空格；如有字符缺失，请核对原始证件。",
  },
  // Citizen ID number (GB 11643-1999).
  REG_ID_WRONG_LENGTH: {
    en: "A citizen ID number has 18 characters (or 15 digits for an old first-generation number). Check for a missing or extra digit against the ID card.",
    zh: "公民身份号码应为18位（第一代身份证为15位）。请对照身份证检查是否多录或漏录。",
  },
  REG_ID_WRONG_CHARACTERS: {
    en: "A citizen ID number has only digits, plus X as the 18th character. Replace the wrong character (letters O/I/l are often typed for 0/1).",
    zh: "公民身份号码只含数字，第18位可以是X。请更正错误字符（常见把0、1录成字母O、I、l）。",
  },
  REG_ID_CHECK_MISMATCH: {
    en: "The 18th (check) character does not match the first 17 digits, so at least one character is mistyped. Compare every digit with the ID card.",
    zh: "第18位校验码与前17位不符，说明有字符录错。请逐位对照身份证核对。",
  },
  REG_ID_IMPOSSIBLE_DATE: {
    en: "Characters 7 to 14 must be a real birth date (YYYYMMDD, year 1800 or later). Check the birth date digits against the ID card.",
    zh: "第7至14位应为真实的出生日期（YYYYMMDD，1800年及以后）。请对照身份证核对出生日期。",
  },
  REG_ID_FUTURE_DATE: {
    en: "The birth date in characters 7 to 14 is in the future. Check the birth date digits against the ID card.",
    zh: "第7至14位的出生日期晚于当前日期。请对照身份证核对出生日期。",
  },
  REG_ID_UNKNOWN_PROVINCE: {
    en: "The first two digits are not a province-level code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82). Check the first digits against the ID card.",
    zh: "前两位不是有效的省级行政区划代码。请对照身份证核对前两位。",
  },
  // Unified social credit code (GB 32100-2015).
  REG_USCC_WRONG_LENGTH: {
    en: "A unified social credit code has 18 characters. Check for a missing or extra character against the business licence or registration certificate.",
    zh: "统一社会信用代码应为18位。请对照营业执照或登记证书检查是否多录或漏录。",
  },
  REG_USCC_FORBIDDEN_LETTER: {
    en: "A unified social credit code never contains the letters I, O, Z, S or V. They are usually the digits 1, 0, 2, 5 or the letter U/Y misread; correct them from the certificate.",
    zh: "统一社会信用代码不使用字母I、O、Z、S、V，通常是数字1、0、2、5等被误认。请对照证书更正。",
  },
  REG_USCC_WRONG_CHARACTERS: {
    en: "A unified social credit code contains only digits and the capital letters A-H, J-N, P-R, T, U, W-Y. Remove or replace the other characters.",
    zh: "统一社会信用代码只含数字和大写字母（不含I、O、Z、S、V）。请删除或更正其他字符。",
  },
  REG_USCC_CHECK_MISMATCH: {
    en: "The 18th (check) character does not match the first 17 characters, so at least one character is mistyped. Compare every character with the certificate.",
    zh: "第18位校验码与前17位不符，说明有字符录错。请逐位对照证书核对。",
  },
  REG_USCC_ORG_CHECK: {
    en: "Characters 9 to 17 must be a valid organisation code (GB 11714): the 17th character does not match characters 9 to 16. Compare those characters with the certificate.",
    zh: "第9至17位应为有效的组织机构代码（GB 11714），第17位校验码与第9至16位不符。请对照证书核对。",
  },
  // Licence identifier (GB/T 36904-2018).
  REG_LID_WRONG_ROOT: {
    en: "A licence identifier starts with the root 1.2.156.3005.2 (some systems mistype it as 1.2.156.3003.2). Replace the beginning with 1.2.156.3005.2.",
    zh: "电子证照标识应以根代码 1.2.156.3005.2 开头（部分系统误写为 1.2.156.3003.2）。请改为 1.2.156.3005.2。",
  },
  REG_LID_MALFORMED: {
    en: "A licence identifier has the form 1.2.156.3005.2.<type code, 21>.<issuer code, 18>.<serial, 1-40 of 0-9 A-Z>.<version, 3 digits>.<check, 1>. Fix the part named in the message.",
    zh: "电子证照标识格式为 1.2.156.3005.2.证照类型代码(21位).颁证单位代码(18位).流水号(1-40位数字或大写字母).版本号(3位数字).校验位(1位)。请更正提示中的部分。",
  },
  REG_LID_CHECK_MISMATCH: {
    en: "The last (check) character does not match the rest of the licence identifier, so a character is mistyped. Copy the identifier again from the licence or its QR code.",
    zh: "电子证照标识的校验位与其余部分不符，说明有字符录错。请从证照或二维码重新复制标识。",
  },
  REG_LID_TYPE_CODE_INVALID: {
    en: "The licence type code must start with a valid unified social credit code (of the authority that defines the licence type). See the details and correct the type code from the licence catalogue.",
    zh: "证照类型代码的前18位应为有效的统一社会信用代码（定义该证照类型的部门）。请查看明细，并按证照目录更正。",
  },
  REG_LID_ISSUER_INVALID: {
    en: "The issuer code must be the issuing department's valid unified social credit code. See the details and correct it from the department's certificate.",
    zh: "颁证单位代码应为颁证部门有效的统一社会信用代码。请查看明细，并对照该部门证书更正。",
  },
  // Holder codes (GB/T 36903 code types 111 and 001).
  REG_HOLDER_CODE_UNRECOGNISED: {
    en: "The holder code is neither a citizen ID number (18 characters, or 15 digits) nor a unified social credit code (18 characters). Re-enter it from the holder's ID card or certificate.",
    zh: "持证主体代码既不是公民身份号码（18位或15位）也不是统一社会信用代码（18位）。请对照证件重新录入。",
  },
  REG_HOLDER_CODE_TYPE_MISMATCH: {
    en: "The holder code is of the other kind than this licence needs (a citizen ID number where a unified social credit code is required, or the reverse). Enter the holder's code of the required kind.",
    zh: "持证主体代码类型与该证照要求不符（要求统一社会信用代码却填了身份证号码，或相反）。请填写所要求类型的代码。",
  },
} as const satisfies Record<string, Bilingual>;

export type IdErrorCode = keyof typeof ID_ERROR_CODES;

export const ID_ERROR_CODE_LIST = Object.keys(ID_ERROR_CODES) as IdErrorCode[];
