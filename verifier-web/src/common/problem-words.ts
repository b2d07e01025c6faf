// The registry's errors in plain words for people at a window or at home: a headline per error code and a line per
// field problem, in the page's language. Codes the page does not know keep the registry's own (English) message.
import { ID_ERROR_CODES } from "@elicence/core";
import type { Bilingual } from "@elicence/core";
import { lang, say } from "../i18n.js";
import { CLIENT_CODES, type ApiProblem } from "./api-client.js";

const HEADLINES: Readonly<Record<string, Bilingual>> = {
  REG_UNAUTHENTICATED: {
    zh: "密钥不正确，或尚未登录。请检查密钥是否完整复制（以 ek_ 开头）；如仍不行，请联系管理员。",
    en: "The key is not right, or you are not signed in. Check the whole key was copied (it starts with ek_); if it still fails, ask an administrator.",
  },
  REG_KEY_REVOKED: {
    zh: "这个密钥已被停用，请向管理员申请新的窗口人员密钥。",
    en: "This key has been withdrawn; ask an administrator for a new clerk key.",
  },
  REG_FORBIDDEN: {
    zh: "您的账号无权进行这项操作。窗口登录只接受窗口人员（clerk）密钥。",
    en: "Your account may not do this. Only clerk keys sign in at the window desk.",
  },
  REG_SESSION_INVALID: {
    zh: "登录已失效（已退出、闲置超时或服务器已重启），请重新登录。",
    en: "You are no longer signed in (signed out, idle too long, or the server restarted). Please sign in again.",
  },
  REG_CSRF: {
    zh: "登录凭据不完整，请重新登录。",
    en: "The sign-in is incomplete on this page; please sign in again.",
  },
  REG_RATE_LIMITED: {
    zh: "尝试次数过多，请稍后再试。",
    en: "Too many attempts; please wait a little and try again.",
  },
  REG_VALIDATION_FAILED: {
    zh: "填写的内容有误，请按下面的提示修改：",
    en: "Some of what was entered is not right; please correct it as shown below:",
  },
  REG_BAD_REQUEST: {
    zh: "填写的内容有误，请按下面的提示修改：",
    en: "Some of what was entered is not right; please correct it as shown below:",
  },
  REG_PURPOSE_REQUIRED: {
    zh: "请填写申请事由：每次查询个人信息都要说明原因。",
    en: "Please give the purpose: every look-up of personal data needs one.",
  },
  REG_NOT_FOUND: {
    zh: "证照库暂未提供这项服务。",
    en: "The registry does not offer this service (yet).",
  },
  REG_LICENCE_NOT_FOUND: {
    zh: "证照库中没有这个证照标识。",
    en: "The registry has no licence with this identifier.",
  },
  REG_DOCUMENT_PENDING: {
    zh: "这张证照的电子文件还在生成中，请稍后再试。",
    en: "This licence's document is still being prepared; please try again shortly.",
  },
  REG_SEAL_UNAVAILABLE: {
    zh: "发证部门的电子印章暂时不能使用，无法生成文件。请联系管理员。",
    en: "The department's e-seal cannot be used right now, so no document can be made. Please tell an administrator.",
  },
  REG_ANNOTATION_NOT_PREPARED: {
    zh: "这张证照的电子文件生成较早，无法加注。请发证部门办理变更或延续后再试。",
    en: "This licence's document predates annotated copies and cannot carry the note; the department must amend or renew it first.",
  },
  REG_ILLEGAL_TRANSITION: {
    zh: "这张证照当前不是有效状态，不能进行这项操作。",
    en: "This licence is not currently valid, so this cannot be done.",
  },
  REG_SHARE_CODE_INVALID: {
    zh: "查询码不正确、已经用过或已过期。请向发证部门或办事窗口重新领取。",
    en: "The share code is wrong, already used or expired. Ask the department or the service window for a new one.",
  },
  REG_DESK_APPLICANT_REQUIRED: {
    zh: "查询码和加注件只能交给刚刚在本窗口查询过的申请人：请先查询或核对该申请人的材料。",
    en: "Share codes and annotated copies go only to the applicant this desk has just looked up: look the applicant up (or check their materials) first.",
  },
  REG_STAFF_SIGNED_IN: {
    zh: "这台浏览器正以工作人员身份登录（窗口系统）。查询码只供持证人本人使用：请先退出窗口系统，或在自己的手机上登录。",
    en: "This browser is signed in as staff (the window desk). A share code is for the holder only: sign out of the desk first, or sign in on your own phone.",
  },
  REG_PAYLOAD_TOO_LARGE: { zh: "提交的内容太大。", en: "What was sent is too large." },
  REG_NOT_READY: {
    zh: "证照库暂时无法服务，请稍后再试。",
    en: "The registry cannot serve right now; please try again later.",
  },
  REG_INTERNAL: {
    zh: "证照库出现内部错误，已记录。请稍后再试。",
    en: "The registry had an internal error (it has been logged). Please try again later.",
  },
  [CLIENT_CODES.network]: {
    zh: "无法连接证照库，请检查网络后重试。",
    en: "The registry cannot be reached; check the network and try again.",
  },
  [CLIENT_CODES.badResponse]: {
    zh: "证照库的回答无法识别，请稍后再试。",
    en: "The registry's answer could not be understood; please try again later.",
  },
};

/** Field problems the desk and holder pages can meet, beyond the identifier codes (which carry their own words). */
const DETAILS: Readonly<Record<string, Bilingual>> = {
  REG_DESK_APPLICANT_REQUIRED: {
    zh: "请先在本窗口查询该申请人。",
    en: "Look this applicant up at this desk first.",
  },
  REG_PURPOSE_REQUIRED: { zh: "请填写申请事由。", en: "Please give the purpose." },
  REG_PURPOSE_TOO_LONG: {
    zh: "申请事由不能超过 200 个字。",
    en: "The purpose can be at most 200 characters.",
  },
  REG_PURPOSE_UNREADABLE: {
    zh: "申请事由要写成文字（至少一个汉字、字母或数字），不能只有符号或不可见字符。",
    en: "Write the purpose in words (at least one letter or digit), not only symbols or invisible characters.",
  },
  REG_SERVICE_ITEM_UNKNOWN: {
    zh: "没有这个办理事项，请从列表中选择。",
    en: "There is no such service item; choose one from the list.",
  },
  REG_SERVICE_ITEM_HOLDER_MISMATCH: {
    zh: "申请人的代码类型与该事项不符：个人办理的事项填公民身份号码，单位办理的事项填统一社会信用代码。",
    en: "The applicant's code is of the wrong kind for this service item: a person applies with a citizen ID number, an organisation with its unified social credit code.",
  },
  REG_MATERIALS_LIST_REQUIRED: {
    zh: "请选择办理事项。",
    en: "Please choose a service item.",
  },
  REG_FIELD_FORMAT: {
    zh: "格式不正确。",
    en: "This is not in the right format.",
  },
  REG_DATE_INVALID: {
    zh: "日期格式不正确，请按“年-月-日”填写。",
    en: "The date is not valid; write it as year-month-day.",
  },
  REG_DATE_RANGE_INVALID: {
    zh: "日期范围不正确。",
    en: "The date range is not valid.",
  },
};

const DID_YOU_MEAN: Bilingual = { zh: "您是否要输入：{code}", en: "Did you mean: {code}" };

export interface PlainLine {
  /** The field the problem is about (the registry's name for it, e.g. holderCode), when there is one. */
  field?: string;
  text: string;
}

export interface PlainProblem {
  code: string;
  headline: string;
  lines: PlainLine[];
}

/** The words for one problem; `labels` names the page's fields (holderCode → 申请人代码). */
export function plainProblem(p: ApiProblem, labels: Readonly<Record<string, Bilingual>> = {}): PlainProblem {
  const known = HEADLINES[p.code];
  const headline = known
    ? say(known)
    : p.status >= 500
      ? say(HEADLINES.REG_INTERNAL!)
      : p.message || say(HEADLINES[CLIENT_CODES.badResponse]!);
  const wait =
    p.retryAfterSeconds !== undefined
      ? say(
          { zh: "（约 {n} 秒后可再试）", en: " (try again in about {n} s)" },
          { n: String(p.retryAfterSeconds) },
        )
      : "";
  const lines = p.details.map((d) => {
    const idText = (ID_ERROR_CODES as Record<string, Bilingual | undefined>)[d.code];
    const words = idText ?? DETAILS[d.code];
    let text = words ? say(words) : d.message;
    if (d.suggestion) text += ` ${say(DID_YOU_MEAN, { code: d.suggestion })}`;
    const label = d.field !== undefined ? labels[d.field] : undefined;
    if (label) text = lang() === "zh" ? `${say(label)}：${text}` : `${say(label)}: ${text}`;
    return d.field !== undefined ? { field: d.field, text } : { text };
  });
  return { code: p.code, headline: headline + wait, lines };
}
