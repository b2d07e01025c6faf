// Words the desk and the holder page share: a licence's facts, the session line, the language switch.
import type { Bilingual } from "@elicence/core";

export const w = {
  skip: { zh: "跳到主要内容", en: "Skip to main content" },
  licenceType: { zh: "证照名称", en: "Licence" },
  identifier: { zh: "证照标识", en: "Identifier" },
  holder: { zh: "持证主体", en: "Holder" },
  holderCode: { zh: "主体代码", en: "Holder code" },
  issuer: { zh: "发证机关", en: "Issued by" },
  state: { zh: "状态", en: "Status" },
  validity: { zh: "有效期", en: "Valid" },
  validRange: { zh: "{from} 至 {until}", en: "{from} to {until}" },
  longTerm: { zh: "{from} 起长期有效", en: "from {from}, no end date" },
  issuedOn: { zh: "发证日期", en: "Issued on" },
  version: { zh: "版本", en: "Version" },
  maskedNote: {
    zh: "为保护个人信息，持证主体的名称和代码已部分隐藏；只显示可公开的证照内容。",
    en: "The holder's name and code are partly hidden to protect personal data; only the licence's public fields are shown.",
  },
  signOut: { zh: "退出登录", en: "Sign out" },
  signedOut: { zh: "已退出登录。", en: "You have signed out." },
  sessionEnds: {
    zh: "闲置 {minutes} 分钟后自动退出（如无操作，约 {time} 退出）",
    en: "Signs out after {minutes} minutes idle (at about {time} if nothing more happens)",
  },
  sessionEnded: {
    zh: "因闲置时间过长，已自动退出登录。请重新登录。",
    en: "You were signed out after being idle. Please sign in again.",
  },
  loading: { zh: "正在加载……", en: "Loading…" },
} satisfies Record<string, Bilingual>;
