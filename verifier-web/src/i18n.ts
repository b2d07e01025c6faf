// The page's words in Chinese (default) and English, and the current language. Messages that come from the
// signer or the registry already carry both languages as { zh, en }.

import { formatChinaDate, type Bilingual } from "@elicence/core";
export type Lang = "zh" | "en";

export const t = {
  title: { zh: "电子证照核验", en: "eLicence verification" },
  subtitle: { zh: "证照库 · 公开核验服务", en: "Licence registry · public verification" },
  skip: { zh: "跳到主要内容", en: "Skip to main content" },
  switchTo: { zh: "English", en: "中文" },
  switchToLabel: { zh: "Switch to English", en: "切换到中文" },
  intro: {
    zh: "用手机扫描电子证照上的二维码，或在下方扫码、拍照、上传 PDF 文件，即可核验证照是否真实、是否仍然有效。",
    en: "Scan the QR code on an electronic licence with your phone, or scan, take a photo or upload the PDF below, to check that the licence is genuine and still valid.",
  },
  checking: { zh: "正在核验……", en: "Checking…" },
  resultHeading: { zh: "核验结果", en: "Result" },
  // Headlines
  genuine: { zh: "真实有效", en: "Genuine and valid" },
  genuineNoStatus: { zh: "签名真实，实时状态未确认", en: "Genuine signature, live status not confirmed" },
  registryValid: { zh: "证照库显示当前有效", en: "Shown as valid by the registry" },
  notGenuine: { zh: "不是真实证照", en: "Not genuine" },
  cannotConfirm: { zh: "无法确认真伪", en: "Cannot confirm" },
  revoked: { zh: "已吊销", en: "Revoked" },
  suspended: { zh: "已暂扣", en: "Suspended" },
  replaced: { zh: "已被新版本替换", en: "Replaced by a newer version" },
  expired: { zh: "已过期", en: "Expired" },
  notYetInForce: { zh: "尚未生效", en: "Not yet in force" },
  statusRefused: { zh: "拒绝采信：状态不属于本证照", en: "Refused: the status is not this licence's" },
  cancelled: { zh: "已撤销", en: "Cancelled" },
  deregistered: { zh: "已注销", en: "Deregistered" },
  transferred: { zh: "已办理转出", en: "Transferred out" },
  otherState: { zh: "非有效状态", en: "Not in force" },
  unknownToRegistry: { zh: "证照库中查无此证", en: "Not found in the registry" },
  // Explanations
  sealedBy: { zh: "签名真实：由{dept}加盖电子印章。", en: "Genuine signature: sealed by {dept}." },
  statusValid: {
    zh: "证照库显示该证照当前有效。",
    en: "The registry shows this licence as currently valid.",
  },
  registrySays: {
    zh: "证照库显示该证照当前状态为“{state}”。",
    en: "The registry shows this licence as “{state}”.",
  },
  statusRevoked: {
    zh: "该证照已于{date}被吊销，不再具有效力。",
    en: "This licence was revoked on {date} and is no longer in force.",
  },
  statusRevokedNoDate: {
    zh: "该证照已被吊销，不再具有效力。",
    en: "This licence was revoked and is no longer in force.",
  },
  statusSuspended: {
    zh: "该证照自{date}起被暂扣，暂扣期间不能使用。",
    en: "This licence has been suspended since {date} and cannot be used while suspended.",
  },
  statusSuspendedNoDate: {
    zh: "该证照已被暂扣，暂扣期间不能使用。",
    en: "This licence is suspended and cannot be used while suspended.",
  },
  statusReason: { zh: "原因：{reason}", en: "Reason: {reason}" },
  statusReplaced: {
    zh: "这是旧版本，已被新版本替换，请以新版本为准。",
    en: "This is an old version; it has been replaced. Rely on the new version.",
  },
  newVersion: { zh: "新版本", en: "New version" },
  verifyNewVersion: { zh: "核验新版本", en: "Verify the new version" },
  statusExpired: { zh: "该证照的有效期已于{date}届满。", en: "This licence's validity ended on {date}." },
  statusNotYetInForce: {
    zh: "该证照自{date}起生效，此前不能作为依据。",
    en: "This licence takes effect on {date} and cannot be relied on before then.",
  },
  statusNotYetInForceNoDate: {
    zh: "该证照尚未生效，生效前不能作为依据。",
    en: "This licence is not yet in force and cannot be relied on before it is.",
  },
  statusEnded: {
    zh: "证照库显示该证照的状态为“{state}”，不再具有效力。",
    en: "The registry shows this licence as “{state}”; it is no longer in force.",
  },
  statusUnknown: {
    zh: "签名真实，但证照库中查不到这张证照。请向发证机关核实。",
    en: "The signature is genuine but the registry does not know this licence. Check with the issuing department.",
  },
  statusOffline: {
    zh: "暂时无法连接证照库，未能查询实时状态（是否吊销、暂扣或被替换）。恢复联网后将自动查询。",
    en: "The registry cannot be reached right now, so the live status (revoked, suspended or replaced?) is not known. It will be checked automatically when you are back online.",
  },
  statusBusy: {
    zh: "查询过于频繁，请稍后再试。",
    en: "Too many checks in a short time; please try again in a moment.",
  },
  statusFailed: {
    zh: "证照库暂时无法回答实时状态查询，请稍后再试。",
    en: "The registry could not answer the live status check; please try again later.",
  },
  statusNotAsked: {
    zh: "签名未通过核验，因此没有查询实时状态。",
    en: "The signature did not verify, so the live status was not asked.",
  },
  legacyQr: {
    zh: "这是旧式二维码，不含签名数据，只能查询实时状态。请用发证机关签发的新版 PDF 核验真伪。",
    en: "This is an old-style QR code without signed data: only the live status can be checked. Verify the new PDF from the issuing department for authenticity.",
  },
  legacyUnknown: {
    zh: "证照库中查不到这个二维码对应的证照。请向发证机关核实。",
    en: "The registry knows no licence for this QR code. Check with the issuing department.",
  },
  retry: { zh: "重新查询", en: "Check again" },
  // Details
  detailsHeading: { zh: "证照信息", en: "Licence details" },
  licenceType: { zh: "证照名称", en: "Licence" },
  identifier: { zh: "证照标识", en: "Identifier" },
  department: { zh: "发证机关", en: "Issued by" },
  holder: { zh: "持证主体", en: "Holder" },
  holderCode: { zh: "主体代码", en: "Holder code" },
  validity: { zh: "有效期", en: "Valid" },
  longTerm: { zh: "长期", en: "no end date" },
  validRange: { zh: "{from} 至 {until}", en: "{from} to {until}" },
  version: { zh: "版本", en: "Version" },
  issuedAt: { zh: "签发时间", en: "Issued" },
  maskedNote: {
    zh: "为保护个人信息，姓名和代码已部分隐藏。",
    en: "Names and codes are partly hidden to protect personal data.",
  },
  // Freshness
  freshnessHeading: { zh: "核验依据", en: "What this answer rests on" },
  signatureCheck: { zh: "签名核验（本机离线完成）", en: "Signature check (done on this device, offline)" },
  liveStatus: { zh: "实时状态", en: "Live status" },
  statusAsOf: { zh: "状态查询时间：{date}", en: "Status as of {date}" },
  trustListAsOf: {
    zh: "信任列表：{date} 发布，下次更新 {next}",
    en: "Trust list as of {date}, next update {next}",
  },
  trustListStale: {
    zh: "信任列表已过期（应于 {next} 前更新），且暂时无法下载新列表：结果不能作为依据。",
    en: "The trust list is out of date (it was due for renewal by {next}) and a new one cannot be downloaded now: do not rely on this result.",
  },
  trustListStaleServed: {
    zh: "证照库提供的信任列表已过期（应于 {next} 前更新），结果不能作为依据。也可能是本设备的日期和时间不正确，请检查。",
    en: "The trust list the registry serves is out of date (due for renewal by {next}): do not rely on this result. This device's date and time may also be wrong; please check them.",
  },
  trustListNone: {
    zh: "本机尚无信任列表，且无法下载。请联网后重试。",
    en: "This device has no trust list yet and cannot download one. Connect to the internet and try again.",
  },
  trustListRejected: {
    zh: "下载的信任列表未通过签名核验，已忽略。",
    en: "The trust list just downloaded failed its signature check and was ignored.",
  },
  trustListRollback: {
    zh: "下载的信任列表是真实的，但比本机已使用过的列表更旧（序号更小），可能早于某枚印章的吊销，已拒绝。",
    en: "The trust list just downloaded is genuine but older than one this device has already used (lower sequence number); it may predate a seal's revocation, so it was refused.",
  },
  trustListFuture: {
    zh: "下载的信任列表签发时间晚于本设备当前时间，已拒绝。请检查本设备的日期和时间。",
    en: "The trust list just downloaded says it was issued in the future and was refused. Check this device's date and time.",
  },
  trustAnchorMissing: {
    zh: "本页面没有配置根证书指纹（信任锚），无法核验信任列表。请联系网站管理员。",
    en: "This page has no root fingerprint (trust anchor) configured and cannot verify a trust list. Please tell the site's administrator.",
  },
  trustAnchorFingerprint: {
    zh: "根证书公钥指纹（SPKI SHA-256）：{fp}",
    en: "Root key fingerprint (SPKI SHA-256): {fp}",
  },
  trustListCached: {
    zh: "使用本机保存的信任列表（暂时无法下载新列表）。",
    en: "Using the trust list saved on this device (a newer one cannot be downloaded right now).",
  },
  moduleMissing: {
    zh: "本页面缺少二维码核验组件，暂时无法核验二维码。请联系网站管理员。",
    en: "This page lacks its QR verification component and cannot check QR codes yet. Please tell the site's administrator.",
  },
  // Input
  chooseHeading: { zh: "选择核验方式", en: "How to check a licence" },
  scanHeading: { zh: "核验其他证照", en: "Check another licence" },
  scanCamera: { zh: "扫描二维码", en: "Scan QR code" },
  stopCamera: { zh: "停止扫描", en: "Stop scanning" },
  cameraHint: {
    zh: "将二维码放在取景框内，识别后会自动核验。",
    en: "Hold the QR code inside the frame; it is checked as soon as it is read.",
  },
  cameraUnavailable: {
    zh: "无法使用相机（可能未授权，或页面不是通过 HTTPS 打开）。请改用“拍照识别”。",
    en: "The camera cannot be used (permission refused, or the page is not on HTTPS). Use “Photo of a QR code” instead.",
  },
  photo: { zh: "拍照识别二维码", en: "Photo of a QR code" },
  photoHint: { zh: "拍摄或选择含有二维码的图片", en: "Take or choose a picture showing the QR code" },
  photoReading: { zh: "正在识别图片中的二维码……", en: "Looking for the QR code in the picture…" },
  noQrInPhoto: {
    zh: "图片中没有找到二维码。请靠近拍摄，保证二维码清晰、完整、光线充足。",
    en: "No QR code was found in the picture. Move closer and make sure the whole code is sharp and well lit.",
  },
  notOurQr: {
    zh: "这个二维码不是电子证照核验码。",
    en: "This QR code is not an eLicence verification code.",
  },
  pasteLabel: { zh: "或粘贴二维码内容（网址）", en: "Or paste the QR code's content (a web address)" },
  pasteSubmit: { zh: "核验", en: "Verify" },
  pdf: { zh: "上传 PDF 文件核验", en: "Upload a PDF to verify" },
  pdfHint: {
    zh: "选择电子证照 PDF 文件，核验电子印章和文件是否被改动。",
    en: "Choose the licence PDF to check its e-seal and that nothing in it was changed.",
  },
  pdfChecking: { zh: "正在核验 PDF 文件……", en: "Checking the PDF…" },
  pdfPassed: { zh: "PDF 文件真实完整", en: "The PDF is genuine and intact" },
  pdfFailed: { zh: "PDF 文件不是真实证照", en: "The PDF is not a genuine licence" },
  pdfIndeterminate: { zh: "无法确认 PDF 文件真伪", en: "Cannot confirm the PDF" },
  pdfWhy: { zh: "未通过的原因", en: "Why it failed" },
  pdfAllChecks: { zh: "全部检查项（{n} 项）", en: "All checks ({n})" },
  pdfTooLarge: {
    zh: "文件太大，无法核验。电子证照 PDF 通常小于 10 MB。",
    en: "The file is too large to check. A licence PDF is usually under 10 MB.",
  },
  pdfUnavailable: {
    zh: "PDF 核验服务暂不可用，请稍后再试，或扫描文件上的二维码核验。",
    en: "PDF verification is not available right now. Try later, or scan the QR code on the document.",
  },
  pdfNetwork: {
    zh: "无法连接证照库上传 PDF。请联网后重试；扫描二维码可离线核验。",
    en: "Cannot reach the registry to upload the PDF. Try again online; scanning the QR code works offline.",
  },
  checkValid: { zh: "通过", en: "passed" },
  checkInvalid: { zh: "未通过", en: "failed" },
  checkSkipped: { zh: "未检查", en: "not checked" },
  checkError: { zh: "检查出错", en: "could not check" },
  footer: {
    zh: "二维码中的数据只在本机核验，不会发送给服务器；实时状态查询不含任何个人信息。",
    en: "The QR code's data is checked on this device and never sent to the server; the live status check carries no personal data.",
  },
  trustListLink: { zh: "信任列表", en: "Trust list" },
  apiLink: { zh: "接口文档", en: "API documentation" },
} satisfies Record<string, Bilingual>;

const STORAGE_KEY = "elicence.lang";

let current: Lang = "zh";

export function initialLang(storage: { getItem(key: string): string | null } | null): Lang {
  const saved = storage?.getItem(STORAGE_KEY);
  return saved === "en" || saved === "zh" ? saved : "zh";
}

export function setLang(lang: Lang, storage: { setItem(key: string, value: string): void } | null): void {
  current = lang;
  try {
    storage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage full: the choice simply is not remembered.
  }
}

export function lang(): Lang {
  return current;
}

/** "label：value" in Chinese, "label: value" in English. */
export function labelled(label: string, value: string): string {
  return current === "zh" ? `${label}：${value}` : `${label}: ${value}`;
}

/** The text in the current language, with {name} placeholders filled. */
export function say(text: Bilingual, vars: Record<string, string> = {}): string {
  return text[current].replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** A date (YYYY-MM-DD) or an instant in the current language, always in China time (core/china-date). */
export function formatDate(iso: string, withTime = false): string {
  return formatChinaDate(iso, current, withTime);
}

/** The PDF validation engine's checks (signer/src/validation CHECK_NAMES) in plain words. */
export const CHECK_TITLES: Readonly<Record<string, Bilingual>> = {
  size: { zh: "文件大小", en: "File size" },
  structure: { zh: "文件结构", en: "File structure" },
  "signature-dictionary": { zh: "电子印章信息", en: "E-seal record" },
  "byte-range": { zh: "印章覆盖范围", en: "What the seal covers" },
  revisions: { zh: "盖章后的改动", en: "Changes after sealing" },
  docmdp: { zh: "修改权限", en: "Permitted changes" },
  "cms-digest": { zh: "文件内容完整", en: "Content intact" },
  "cms-signature": { zh: "印章签名", en: "Seal signature" },
  "signing-certificate": { zh: "印章证书绑定", en: "Seal certificate binding" },
  chain: { zh: "证书链", en: "Certificate chain" },
  "trust-list": { zh: "信任列表", en: "Trust list" },
  "seal-issuer": { zh: "印章所属机关", en: "Seal's department" },
  timestamp: { zh: "盖章时间（时间戳）", en: "Sealing time (timestamp)" },
  revocation: { zh: "印章吊销状态", en: "Seal revocation" },
  annotation: { zh: "加注（用途与有效期）", en: "Annotation (purpose and validity)" },
  "licence-status": { zh: "证照当前状态", en: "Licence status now" },
  "document-hash": { zh: "与证照库存档一致", en: "Matches the registry's copy" },
};
