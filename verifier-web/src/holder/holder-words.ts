// The holder page's words in Chinese (default) and English. Static ones are keyed by the HTML's data-t attributes.
import type { Bilingual } from "@elicence/core";
import { w } from "../common/common-words.js";

export const hw = {
  skip: w.skip,
  title: { zh: "我的电子证照", en: "My licences" },
  subtitle: { zh: "证照库 · 持证人查询", en: "Licence registry · for holders" },
  signInHeading: { zh: "登录查看我的证照", en: "Sign in to see your licences" },
  signInIntro: {
    zh: "登录后可以查看您名下的电子证照，以及哪些部门在什么时间、因什么事由查询过您的证照。",
    en: "Once signed in you can see the licences in your name, and which departments looked them up, when and why.",
  },
  methodsLabel: { zh: "登录方式", en: "How to sign in" },
  shareCodeMethod: { zh: "一次性查询码", en: "One-time share code" },
  holderCodeLabel: {
    zh: "您的公民身份号码或单位的统一社会信用代码",
    en: "Your citizen ID number, or your organisation's unified social credit code",
  },
  holderCodeShort: { zh: "证件号码", en: "Your code" },
  shareCodeLabel: { zh: "查询码", en: "Share code" },
  shareCodeHint: {
    zh: "由发证部门或办事窗口提供，形如 7KQ2M-X9D4T，只能使用一次。",
    en: "Given to you by the department or the service window, like 7KQ2M-X9D4T; it works once.",
  },
  didYouMean: { zh: "您是否要输入：", en: "Did you mean:" },
  useSuggestion: { zh: "改为 {code}", en: "Use {code}" },
  signIn: { zh: "登录", en: "Sign in" },
  signingIn: { zh: "正在登录……", en: "Signing in…" },
  fillBoth: {
    zh: "请填写证件号码和查询码。",
    en: "Please enter your code and the share code.",
  },
  codeNotValid: {
    zh: "证件号码不正确：{why}",
    en: "The code is not right: {why}",
  },
  sessionLabel: { zh: "登录状态", en: "Session" },
  signOut: w.signOut,
  signedInAs: { zh: "已登录：{code}", en: "Signed in: {code}" },
  sessionUntil: { zh: "本次登录最迟于 {time} 结束。", en: "This sign-in ends by {time} at the latest." },
  signedInNow: { zh: "已登录。", en: "Signed in." },
  licencesHeading: { zh: "我的证照", en: "My licences" },
  noLicences: {
    zh: "证照库中没有您名下的有效证照。",
    en: "The registry holds no current licence in your name.",
  },
  stateChangeLine: {
    zh: "{state}日期：{date}；原因：{reason}",
    en: "Since {date}: {state}; reason: {reason}",
  },
  downloadPdf: { zh: "下载证照文件", en: "Download the licence (PDF)" },
  downloading: { zh: "正在下载……", en: "Downloading…" },
  downloaded: { zh: "已下载：{file}", en: "Downloaded: {file}" },
  annotate: { zh: "制作加注件", en: "Make an annotated copy" },
  annotatedHeading: { zh: "加注件", en: "Annotated copy" },
  annotatedHint: {
    zh: "加注件是在您的电子证照上加盖平台电子签章、注明“仅供……使用，有效期至……”的副本，交给办事部门后只能用于所选事项；原证照的签章仍可核验。",
    en: "An annotated copy is your sealed licence with the platform's e-signature noting “for … only, valid until …”: the office you give it to may use it for that service item only. The original seal still verifies.",
  },
  annotateItem: { zh: "仅供以下事项使用", en: "For this service item only" },
  annotateUntil: { zh: "有效期至", en: "Valid until" },
  annotateSubmit: { zh: "生成并下载", en: "Make and download" },
  annotating: { zh: "正在生成加注件……", en: "Making the annotated copy…" },
  annotated: { zh: "已下载加注件：{file}", en: "Annotated copy downloaded: {file}" },
  noServiceItems: {
    zh: "目前没有需要此类证照的办事事项，暂不能制作加注件。",
    en: "No service item asks for this kind of licence, so no annotated copy can be made for it yet.",
  },
  logHeading: { zh: "谁查询了我的证照", en: "Who looked up my licences" },
  logIntro: {
    zh: "每次工作人员查询、查看或下载您的证照，都会在这里留下记录：哪个部门、什么时间、因什么事由。",
    en: "Every time staff look up, view or download your licences it is recorded here: which department, when and why.",
  },
  noAccess: { zh: "目前还没有人查询过您的证照。", en: "Nobody has looked up your licences yet." },
  footer: {
    zh: "您看到的是自己的完整信息，请勿在公共电脑上保持登录。",
    en: "You are seeing your own full details: do not stay signed in on a shared computer.",
  },
  verifierLink: { zh: "证照核验", en: "Verify a licence" },
} satisfies Record<string, Bilingual>;

export const HOLDER_FIELDS: Readonly<Record<string, Bilingual>> = {
  holderCode: hw.holderCodeShort,
  shareCode: hw.shareCodeLabel,
  serviceItem: hw.annotateItem,
  validUntil: hw.annotateUntil,
};
