// The issuing office's words in Chinese (default) and English. Static ones are keyed by the HTML's data-t attributes.
import type { Bilingual } from "@elicence/core";
import { w } from "../common/common-words.js";
import type { RuleProblem } from "./field-rules.js";

export const iw = {
  skip: w.skip,
  title: { zh: "发证业务办理", en: "Issuing office" },
  subtitle: { zh: "证照库 · 发证部门工作人员专用", en: "Licence registry · for issuing departments" },
  signInHeading: { zh: "发证人员登录", en: "Issuer sign-in" },
  signInHint: {
    zh: "请输入管理员发给您的发证人员密钥（以 ek_ 开头）。密钥只用于这次登录，不会保存在本机；登录后由浏览器会话保持。",
    en: "Enter the issuer key an administrator gave you (it starts with ek_). The key is used for this sign-in only and is not kept on this computer; the browser session does the rest.",
  },
  issuerKey: { zh: "发证人员密钥", en: "Issuer key" },
  signIn: { zh: "登录", en: "Sign in" },
  signingIn: { zh: "正在登录……", en: "Signing in…" },
  keyRequired: { zh: "请填写发证人员密钥。", en: "Please enter your issuer key." },
  signedInAs: { zh: "已登录：{who}", en: "Signed in: {who}" },
  signedInNow: { zh: "已登录为 {who}。", en: "Signed in as {who}." },
  issuer: { zh: "发证人员", en: "Issuer" },
  signOut: w.signOut,
  sessionLabel: { zh: "登录状态", en: "Session" },
  tabsLabel: { zh: "发证功能", en: "Sections" },
  tabIssue: { zh: "发证", en: "Issue" },
  tabLicences: { zh: "本部门证照", en: "Our licences" },
  tabImport: { zh: "台账导入", en: "Import a register" },
  issueHeading: { zh: "发放电子证照", en: "Issue a licence" },
  typeLabel: { zh: "证照类型", en: "Licence type" },
  chooseType: { zh: "请选择证照类型", en: "Choose a licence type" },
  noTypes: {
    zh: "本部门没有可以发放的证照类型。",
    en: "Your department may issue no licence type.",
  },
  typesFailed: {
    zh: "证照类型加载失败，请刷新重试。",
    en: "The licence types could not be loaded; reload to retry.",
  },
  validFrom: { zh: "有效期起", en: "Valid from" },
  validUntil: { zh: "有效期至", en: "Valid until" },
  validFromHint: { zh: "留空为今天。", en: "Empty: today." },
  validUntilHint: {
    zh: "留空按该类证照的默认有效期计算。",
    en: "Empty: the type's default validity.",
  },
  listHint: { zh: "每行一项。", en: "One entry per line." },
  maxChars: { zh: "最多 {n} 个字。", en: "At most {n} characters." },
  optional: { zh: "（选填）", en: " (optional)" },
  chooseOption: { zh: "请选择", en: "Choose" },
  submitIssue: { zh: "发证", en: "Issue" },
  issuing: { zh: "正在发证……", en: "Issuing…" },
  issued: {
    zh: "已发证：{type}，证照标识 {id}。",
    en: "Issued: {type}, identifier {id}.",
  },
  fixBelow: { zh: "请修改以下内容：", en: "Please correct the following:" },
  didYouMean: { zh: "您是否要输入：", en: "Did you mean:" },
  useSuggestion: { zh: "改为 {code}", en: "Use {code}" },
  codeMissing: { zh: "请填写{label}。", en: "Please enter the {label}." },
  codeIncomplete: {
    zh: "{label}还不完整（已输入 {n} 位）。",
    en: "The {label} is incomplete ({n} characters so far).",
  },
  codeInvalid: { zh: "{label}不正确：{why}", en: "The {label} is not valid: {why}" },
  nameMissing: { zh: "请填写{label}。", en: "Please enter the {label}." },
  dateInvalid: {
    zh: "请按“年-月-日”填写正确的日期。",
    en: "Write a real date as year-month-day.",
  },
  // Licences
  listHeading: { zh: "本部门证照", en: "Our department's licences" },
  purposeLabel: { zh: "查询事由（必填）", en: "Purpose (required)" },
  purposeHint: {
    zh: "列出的证照会记入持证人的查询记录，请说明原因。",
    en: "Every licence listed shows in its holder's access log: say why.",
  },
  purposeExample: {
    zh: "例如：食品经营许可证年度监督检查",
    en: "e.g. annual inspection of food business licences",
  },
  typeFilter: { zh: "证照类型", en: "Licence type" },
  allTypes: { zh: "全部类型", en: "All types" },
  stateFilter: { zh: "状态", en: "Status" },
  allStates: { zh: "全部状态", en: "All" },
  findLabel: { zh: "查找（名称、代码或证照标识）", en: "Find (name, code or identifier)" },
  listSubmit: { zh: "查询", en: "List" },
  listing: { zh: "正在查询……", en: "Listing…" },
  listEmpty: { zh: "没有符合条件的证照。", en: "No licence matches." },
  listCount: { zh: "共 {n} 张", en: "{n} licences" },
  more: { zh: "加载更多", en: "Load more" },
  purposeMissing: { zh: "请填写查询事由。", en: "Please give the purpose." },
  open: { zh: "办理", en: "Manage" },
  colHolder: { zh: "持证主体", en: "Holder" },
  colType: { zh: "证照", en: "Licence" },
  colState: { zh: "状态", en: "Status" },
  colValid: { zh: "有效期", en: "Valid" },
  colAction: { zh: "操作", en: "Action" },
  detailHeading: { zh: "证照办理", en: "Manage the licence" },
  close: { zh: "关闭", en: "Close" },
  downloadPdf: { zh: "下载证照文件（PDF）", en: "Download the sealed PDF" },
  actSuspend: { zh: "暂停", en: "Suspend" },
  actReinstate: { zh: "恢复", en: "Reinstate" },
  actRevoke: { zh: "吊销", en: "Revoke" },
  actAmend: { zh: "变更", en: "Amend" },
  actRenew: { zh: "延续", en: "Renew" },
  reasonCode: { zh: "原因", en: "Reason" },
  chooseReason: { zh: "请选择原因", en: "Choose a reason" },
  reasonMissing: { zh: "请选择原因。", en: "Please choose a reason." },
  note: { zh: "内部备注（选填，不公开）", en: "Internal note (optional, never public)" },
  noteHint: {
    zh: "最多 500 个字；只有发证和审计人员能看到。",
    en: "At most 500 characters; only issuers and auditors read it.",
  },
  noteTooLong: { zh: "内部备注不能超过 500 个字。", en: "The note can be at most 500 characters." },
  changeReason: { zh: "变更或延续事由", en: "Reason for the change" },
  changeReasonMissing: { zh: "请填写事由。", en: "Please give the reason." },
  holderName: { zh: "持证主体名称", en: "Holder's name" },
  nothingChanged: { zh: "没有修改任何内容。", en: "Nothing was changed." },
  confirmSuspend: {
    zh: "确认暂停证照 {id}？暂停期间核验显示“暂停”，可以恢复。",
    en: "Suspend licence {id}? Verifiers see it suspended until it is reinstated.",
  },
  confirmReinstate: { zh: "确认恢复证照 {id}？", en: "Reinstate licence {id}?" },
  confirmRevoke: {
    zh: "确认吊销证照 {id}？吊销不能撤销，核验会立即显示“已吊销”。",
    en: "Revoke licence {id}? This cannot be undone; verifiers see it revoked at once.",
  },
  confirmAmend: {
    zh: "确认变更证照 {id}？将生成新版本并重新签章，旧版本作废。",
    en: "Amend licence {id}? A new version is sealed and the old one is replaced.",
  },
  confirmRenew: {
    zh: "确认延续证照 {id}？将生成新版本并重新签章。",
    en: "Renew licence {id}? A new version is sealed.",
  },
  confirmYes: { zh: "确认", en: "Confirm" },
  confirmNo: { zh: "取消", en: "Cancel" },
  done: {
    zh: "已办理：{action}，证照 {id} 现为“{state}”。",
    en: "Done: {action}; licence {id} is now {state}.",
  },
  doneNew: { zh: "已办理：{action}，新证照标识 {id}。", en: "Done: {action}; the new identifier is {id}." },
  // Imports
  importHeading: { zh: "纸质台账导入", en: "Import a paper register" },
  importHint: {
    zh: "CSV（UTF-8 或 GBK）或 XLSX 文件，表头与证照类型的导入列一致。先预检（不入库），确认问题后再正式导入；已入库的行会自动跳过。",
    en: "A CSV (UTF-8 or GBK) or XLSX file whose headers are the type's import columns. Check it first (nothing stored), then import; rows already stored are skipped.",
  },
  importType: { zh: "台账的证照类型", en: "The register's licence type" },
  importFile: { zh: "台账文件", en: "Register file" },
  fileMissing: { zh: "请选择台账文件。", en: "Please choose the register file." },
  dryRun: { zh: "预检（不入库）", en: "Check (store nothing)" },
  runImport: { zh: "正式导入", en: "Import" },
  runImportHint: {
    zh: "预检完成后可正式导入同一文件。",
    en: "Once the check is done, the same file can be imported.",
  },
  jobQueued: { zh: "排队中", en: "Queued" },
  jobRunning: { zh: "处理中", en: "Running" },
  jobDone: { zh: "已完成", en: "Done" },
  jobFailed: { zh: "失败", en: "Failed" },
  jobLine: {
    zh: "{kind}“{file}”：{state}",
    en: "{kind} of “{file}”: {state}",
  },
  kindDry: { zh: "预检", en: "Check" },
  kindReal: { zh: "导入", en: "Import" },
  progressLabel: { zh: "处理进度", en: "Progress" },
  sealingWaiting: {
    zh: "盖章进度：本部门还有 {n} 本证照在等待生成盖章 PDF（由证照库在后台完成）",
    en: "Sealing: {n} of your department's licences are waiting for their sealed PDF (the registry seals them in the background)",
  },
  sealingDone: {
    zh: "盖章进度：本部门的证照均已生成盖章 PDF",
    en: "Sealing: every licence of your department has its sealed PDF",
  },
  progressLine: {
    zh: "已读 {read} 行 · 入库 {stored} · 问题 {problems} · {rate} 行/秒{eta}",
    en: "{read} rows read · {stored} stored · {problems} problems · {rate} rows/s{eta}",
  },
  eta: { zh: " · 预计还需 {s} 秒", en: " · about {s} s left" },
  countsLine: {
    zh: "共 {rows} 行：本次入库 {imported}，此前已导入跳过 {skipped}，有问题 {invalid}。",
    en: "{rows} rows: {imported} stored, {skipped} imported before (skipped), {invalid} with problems.",
  },
  countsDry: {
    zh: "共 {rows} 行：可入库 {imported}，此前已导入 {skipped}，有问题 {invalid}（预检未入库）。",
    en: "{rows} rows: {imported} would be stored, {skipped} imported before, {invalid} with problems (nothing stored).",
  },
  problemsByCode: { zh: "问题类别", en: "Problems by code" },
  reportCsv: { zh: "下载问题报告（CSV）", en: "Download the report (CSV)" },
  reportXlsx: { zh: "下载问题报告（XLSX）", en: "Download the report (XLSX)" },
  jobError: { zh: "导入失败：{why}", en: "The import failed: {why}" },
  verifierLink: { zh: "证照核验", en: "Verify a licence" },
  deskLink: { zh: "窗口办事材料核验", en: "Window desk" },
} satisfies Record<string, Bilingual>;

/** The page's field names (the registry's paths) for the problem lines. */
export const ISSUE_FIELDS: Readonly<Record<string, Bilingual>> = {
  typeCode: iw.typeLabel,
  "holder.name": iw.holderName,
  validFrom: iw.validFrom,
  validUntil: iw.validUntil,
  reason: iw.reasonCode,
  note: { zh: "内部备注", en: "Internal note" },
  purpose: { zh: "查询事由", en: "Purpose" },
  file: iw.importFile,
};

/** What an as-typed rule problem says, for a field titled `label`. */
export function ruleWords(p: RuleProblem): Bilingual {
  const n = String(p.limit ?? "");
  switch (p.code) {
    case "REG_FIELD_REQUIRED":
      return { zh: "必须填写。", en: "This is required." };
    case "REG_FIELD_TOO_LONG":
      return p.field.endsWith("]")
        ? { zh: `这一项最多 ${n} 个字。`, en: `This entry can be at most ${n} characters.` }
        : { zh: `最多 ${n} 个字或 ${n} 项。`, en: `At most ${n} characters or entries.` };
    case "REG_FIELD_ENUM":
      return { zh: "请从列表中选择。", en: "Choose one of the listed values." };
    case "REG_FIELD_FORMAT":
      return { zh: "格式不正确。", en: "This is not in the right format." };
    case "REG_FIELD_INVALID":
      return { zh: `至少填写 ${n} 项。`, en: `Give at least ${n} entries.` };
    case "REG_DATE_INVALID":
      return iw.dateInvalid;
  }
}
