// Chinese words for every signer error code written in English only: key stores, the dev PKI and its TSA client,
// PAdES sealing, rendering, the QR payload and the sealing pool. Typed against each list, so a code added there
// without its Chinese here fails the typecheck. The validation, QR and trust-list reasons carry their own Chinese.
import type { PKI_ERROR_CODES } from "./pki/pki-error.js";
import type { KEY_STORE_ERROR_CODES } from "./keys/key-store-error.js";
import type { PADES_ERROR_TEXT } from "./pades/errors.js";
import type { RENDER_ERROR_CODES } from "./render/render-errors.js";
import type { QR_PAYLOAD_ERROR_CODES } from "./qr-payload/qr-payload-error.js";
import type { POOL_ERROR_CODES } from "./pool/sealing-pool-error.js";

type Zh<T> = { readonly [K in keyof T]: string };

export const PKI_ERROR_CODES_ZH: Zh<typeof PKI_ERROR_CODES> = {
  SIG_PKI_SPEC_INVALID: "certs/pki.json 不符合开发用 PKI 的格式，已按成员逐项列出问题。",
  SIG_PKI_DEPARTMENT_INVALID: "交给 PKI 的部门缺少名称，或统一社会信用代码格式有误。",
  SIG_PKI_NOT_FOUND: "PKI 目录中没有 PKI；请运行 `elicence init`（或启动一次）创建。",
  SIG_PKI_STATE_INVALID: "PKI 状态文件无法读取或前后矛盾，请从备份恢复。",
  SIG_PKI_DEPARTMENT_UNKNOWN: "该部门没有电子印章证书；请将其加入某证照类型的签发部门并重启。",
  SIG_PKI_SEAL_REVOKED: "该部门的电子印章证书已吊销；下次启动时会签发新证书。",
  SIG_PKI_SERIAL_UNKNOWN: "本 PKI 未签发过此序列号的证书。",
  SIG_PKI_REVOKE_ROOT: "根 CA 不能吊销自身；请更换整个 PKI。",
  SIG_PKI_REASON_INVALID:
    "不是 RFC 5280 规定的吊销原因（keyCompromise、superseded、cessationOfOperation 等）。",
  SIG_PKI_PLATFORM_SEAL_UNAVAILABLE:
    'PKI 没有可用的加注印章（certs/pki.json 缺少 "platform"，或其证书已吊销）；请重启证照库以签发新证书。',
  SIG_PKI_LOCKED:
    "另一个仍在运行的进程持有 PKI 目录的锁（.lock，消息中列出持有者），超出了等待时间：请等其完成，或将其停止。本机上已终止的进程留下的锁会被立即接管。",
  SIG_TSA_NOT_CONFIGURED: "未配置时间戳服务（既无 ELICENCE_TSA_URL，也无内置服务）。",
  SIG_TSA_UNREACHABLE: "时间戳服务未及时响应；证照以 B-B 级别盖章，并如实说明。",
  SIG_TSA_REJECTED: "时间戳服务拒绝了请求（状态见消息）。",
  SIG_TSA_BAD_RESPONSE: "时间戳服务的应答不是对此请求有效的时间戳令牌。",
};

export const KEY_STORE_ERROR_CODES_ZH: Zh<typeof KEY_STORE_ERROR_CODES> = {
  SIG_KEY_PASSPHRASE_REQUIRED:
    "加密的密钥文件需要口令：请设置 ELICENCE_KEY_PASSPHRASE（至少 12 个字符），或由首次启动生成。",
  SIG_KEY_LABEL_INVALID: "密钥标签只能含字母、数字、'-'、'_' 和 '.'，长 1–64 个字符。",
  SIG_KEY_ALGORITHM_UNSUPPORTED: "密钥算法须为 ECDSA-P256 或 RSA-3072。",
  SIG_KEY_EXISTS: "已有此标签的密钥；密钥从不覆盖。",
  SIG_KEY_NOT_FOUND: "密钥库中没有此标签的密钥。",
  SIG_KEY_DECRYPT_FAILED: "无法解密密钥文件：口令错误，或文件已被改动。",
  SIG_KEY_FILE_INVALID: "密钥文件不是加密的 PKCS#8 PEM。",
  SIG_PKCS11_TOKEN_NOT_FOUND:
    "没有此标签（或槽位）的 PKCS#11 令牌；请检查 ELICENCE_PKCS11_TOKEN 和模块路径。",
  SIG_PKCS11_LOGIN_FAILED: "PKCS#11 令牌拒绝了 PIN。",
  SIG_PKCS11_CLOSED: "PKCS#11 密钥库已关闭，请重新打开。",
};

export const PADES_ERROR_TEXT_ZH: Zh<typeof PADES_ERROR_TEXT> = {
  SIG_PLACEHOLDER_TOO_SMALL: "签名放不进 /Contents 占位区；消息中给出所需大小。",
  SIG_PLACEHOLDER_NOT_FOUND: "PDF 中没有未填写的签名占位区，或不止一个。",
  SIG_SIGNER_ALGORITHM_MISMATCH: "签名证书的密钥类型与配置的算法不符。",
  SIG_SIGNER_KEY_MISMATCH: "密钥库所用的签名密钥与证书不匹配。",
  SIG_CERTIFICATE_NOT_VALID: "签名证书在签名时间不在有效期内。",
  SIG_BAD_CERTIFICATE: "无法将证书解析为 DER 格式的 X.509。",
  SIG_CMS_ENCODING: "内部错误：CMS 编码器改动了必须原样保留的字节。",
  SIG_PDF_STRUCTURE: "无法读取 PDF 的 trailer、交叉引用数据或文档目录，不能做增量更新。",
  SIG_PDF_ENCRYPTED: "加密的 PDF 不能做增量更新。",
  SIG_BAD_OPTION: "某个选项超出范围（占位区大小、矩形区域等）。",
  SIG_PREPARED_FIELD_MISSING:
    "PDF 中没有为加注预留的空签名域：它盖章于加注件功能之前。请重新盖章（变更或延续该证照）以获得预留域。",
  SIG_PREPARED_FIELD_SIGNED: "为加注预留的签名域已签名：请对证照库的原始文件加注。",
  SIG_ANNOTATION_INVALID: "加注的用途（1–200 个字符）或有效期截止日（YYYY-MM-DD）不可用。",
  SIG_TSA_UNAVAILABLE: "警告：未能取得时间戳；签名为 B-B 级别，结果中如实说明。",
  SIG_LTV_WITHOUT_TIMESTAMP: "警告：为没有时间戳的签名添加了吊销数据；签名仍为 B-B 级别。",
  SIG_ANNOTATION_GLYPH_REPLACED: "警告：用途中字体无法绘制的字符在可见说明中显示为 ?；签名内的说明保留原文。",
  SIG_ANNOTATION_TEXT_SHORTENED: "警告：用途过长，放不进说明框，页面上以 … 截断；签名内的说明保留全文。",
};

export const RENDER_ERROR_CODES_ZH: Zh<typeof RENDER_ERROR_CODES> = {
  SIG_RENDER_LAYOUT_INVALID:
    "templates/<类型>/layout.json 无法读取或不符合版式格式，已按文件和字段路径逐项列出问题。",
  SIG_RENDER_FONT_UNAVAILABLE:
    "无法读取或裁剪证照字体（@expo-google-fonts/noto-sans-sc 中的 Noto Sans SC）；请重新安装签章组件的依赖。",
  SIG_RENDER_GLYPH_MISSING: "某个取值含有证照字体无法绘制的字符（生僻字、表情符号）；消息中给出字段和码位。",
  SIG_RENDER_FIELD_MISSING: '证照缺少其版式要打印的字段；请补上该值，或在版式中将该行标为 "optional": true。',
  SIG_RENDER_TEXT_OVERFLOW:
    "某个取值即使用最小字号也放不进其区域；请缩短取值，或在 layout.json 中为该行留出更多空间。",
  SIG_RENDER_QR_TOO_LONG: "二维码内容过长，纠错级别 M 的二维码容纳不下；请缩短内容。",
};

export const QR_PAYLOAD_ERROR_CODES_ZH: Zh<typeof QR_PAYLOAD_ERROR_CODES> = {
  SIG_QR_CLAIMS_INVALID:
    "二维码声明不是格式正确的证照记录（带有效校验位的标识、ISO 日期、1–64 个字符的脱敏主体信息、令牌、8 字节文件摘要前缀）；消息中指明是哪一项。",
  SIG_QR_SIGNER_INVALID:
    "二维码签名方须给出 8 字节的 kid，并以 ES256（ECDSA P-256）或 RS256 签名；消息中说明问题所在。",
};

export const POOL_ERROR_CODES_ZH: Zh<typeof POOL_ERROR_CODES> = {
  SIG_POOL_START_FAILED:
    "盖章工作线程无法启动（PKI 目录、口令、模板或字体不可用）；消息中附有工作线程的错误。",
  SIG_POOL_WORKER_FAILED: "盖章工作线程在处理任务时停止；这些任务被拒绝（线程池会替换该线程），可以重试。",
  SIG_POOL_CLOSED: "盖章线程池已关闭，不再接受任务。",
};

/** The Chinese words of any signer code above, or undefined. */
export function signerMessageZh(code: string): string | undefined {
  for (const table of [
    PKI_ERROR_CODES_ZH,
    KEY_STORE_ERROR_CODES_ZH,
    PADES_ERROR_TEXT_ZH,
    RENDER_ERROR_CODES_ZH,
    QR_PAYLOAD_ERROR_CODES_ZH,
    POOL_ERROR_CODES_ZH,
  ] as Record<string, string>[])
    if (Object.hasOwn(table, code)) return table[code];
  return undefined;
}
