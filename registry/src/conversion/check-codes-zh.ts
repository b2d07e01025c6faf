// Chinese explanations of the codes the licence check (LicenceService.checkIssue) gives a register row, for the
// import report's 中文说明 column. The import's own codes (import-codes.ts) and the identifier codes
// (core/src/identifiers/codes.ts) carry theirs in their own catalogues.
import type { FieldProblemCode } from "../catalogue/index.js";
import type { DETAIL_CODES } from "../errors.js";

type CheckCode = FieldProblemCode | keyof typeof DETAIL_CODES | "REG_DATE_INVALID";

export const CHECK_CODES_ZH = {
  REG_FIELD_REQUIRED: "必填项为空，请按纸质证照填写。",
  REG_FIELD_TYPE: "该单元格的数据类型不对（应为数字、是/否或以“、”分隔的多项），请按说明修改。",
  REG_FIELD_FORMAT: "格式不符合要求（如编号、电话、日期的写法），请参照说明中的示例修改。",
  REG_FIELD_TOO_LONG: "内容超过允许的字数或项数，请删减。",
  REG_FIELD_ENUM: "填写的值不在允许的选项中，请改为允许的值之一（“建议”列给出最接近的选项）。",
  REG_FIELD_UNKNOWN: "该证照类型没有这一项。",
  REG_FIELD_INVALID: "不符合该证照类型的其他填写规则（如多项中有重复），请按说明修改。",
  REG_HOLDER_NAME_REQUIRED: "持证主体名称为空，请按纸质证照填写。",
  REG_HOLDER_NAME_TOO_LONG: "持证主体名称超过200个字符，请检查该单元格。",
  REG_DATE_INVALID: "日期无效：不是真实的日期，或发证日期晚于今天。请对照纸质证照核实。",
  REG_VALIDITY_REVERSED: "有效期截止日期早于起始日期，请对照纸质证照改正。",
  REG_SHA256_INVALID: "文件校验值（SHA-256）格式不正确，应为64位小写十六进制数字。",
  REG_LICENCE_TYPE_UNKNOWN: "没有该代码的证照类型，请核对证照类型代码。",
} as const satisfies Partial<Record<CheckCode, string>>;
