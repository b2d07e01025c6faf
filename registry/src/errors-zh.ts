// Chinese words for every registry error code that was written in English only: the HTTP errors, the field
// problems, the catalogue's and the store's. Typed against each list, so a code added there without its Chinese
// here fails the typecheck. The CLI prints these on a Chinese locale (or --lang zh); docs/errors.md shows them.
import type { DETAIL_CODES, REGISTRY_ERRORS } from "./errors.js";
import type { CATALOGUE_ERROR_CODES } from "./catalogue/catalogue-error.js";
import type { FIELD_PROBLEM_CODES } from "./catalogue/field-problems.js";
import type { STORE_ERROR_CODES } from "./store/store-error.js";
import type { BACKUP_ERROR_CODES } from "./backup/backup-error.js";

type Zh<T> = { readonly [K in keyof T]: string };

export const REGISTRY_ERRORS_ZH: Zh<typeof REGISTRY_ERRORS> = {
  REG_BAD_REQUEST: "请求格式有误，每个问题见 details。",
  REG_VALIDATION_FAILED: "请求可以理解，但部分取值不可接受，每个问题见 details。",
  REG_PURPOSE_REQUIRED: "查询个人信息须说明用证事由（1–200 个字符）：请加上 ?purpose=…",
  REG_UNAUTHENTICATED:
    "请以 `Authorization: Bearer <密钥>` 发送 API 密钥；用 `npx elicence keys create` 创建。",
  REG_KEY_REVOKED: "该 API 密钥已被吊销，请向管理员申请新密钥。",
  REG_FORBIDDEN: "您的角色无权进行此操作。",
  REG_DEPARTMENT_NOT_AUTHORISED: "您所在部门不在可签发该类证照的部门之列。",
  REG_NOT_FOUND: "没有该资源。",
  REG_LICENCE_NOT_FOUND: "没有此标识的证照，请检查是否输错。",
  REG_LICENCE_TYPE_NOT_FOUND: "没有此代码的证照类型；GET /api/v1/licence-types 列出全部类型。",
  REG_ILLEGAL_TRANSITION: "证照当前状态下不允许此操作。",
  REG_CONCURRENT_CHANGE: "处理请求期间证照已被修改，请重新读取后再试。",
  REG_IDEMPOTENCY_KEY_REQUIRED:
    "请发送 `Idempotency-Key` 请求头（每项操作一个 8–128 个字符的唯一字符串），以免重试时重复签发。",
  REG_IDEMPOTENCY_KEY_REUSED: "该 Idempotency-Key 已用于内容不同的请求；新请求请使用新的键。",
  REG_IDEMPOTENCY_KEY_INVALID: "Idempotency-Key 须为 8–128 个字母、数字或 '-'、'_'、':'、'.'。",
  REG_SEAL_UNAVAILABLE:
    "该部门的电子印章不可用（已吊销或缺失），须由管理员签发新的印章证书。未保存任何内容。",
  REG_DOCUMENT_PENDING: "该证照尚无已盖章的文件，请稍后再试。",
  REG_ANNOTATION_NOT_PREPARED:
    "该证照的盖章文件早于加注件功能（没有预留的加注签名域），生成加注件会破坏其认证签名。请变更或延续该证照以获得带预留域的新文件。",
  REG_RATE_LIMITED: "请求过于频繁，请稍后再试。",
  REG_CSRF:
    "凭会话 Cookie 登录的请求须在 x-csrf-token 请求头中携带该会话的 CSRF 令牌（登录时返回，也可从 elicence_desk_csrf 或 elicence_holder_csrf Cookie 读取）。",
  REG_SESSION_INVALID: "会话 Cookie 无效或已过期，请重新登录。",
  REG_SHARE_CODE_INVALID: "该查询码无法打开此持证主体的证照：输错、已使用或已过期。请向部门申请新的查询码。",
  REG_IMPORT_JOB_NOT_FOUND:
    "您所在部门没有此编号的导入任务。证照库重启后任务不保留：请重新上传文件，已保存的行会被跳过。",
  REG_IMPORT_REPORT_PENDING: "导入仍在排队或进行中；状态为 done 或 failed 后才有报告。",
  REG_DESK_APPLICANT_REQUIRED:
    "查询码和窗口人员的加注件只交给窗口前的申请人：请在窗口（/desk）登录，在同一会话中查询该申请人（主体查询或材料核对），再为其申请。",
  REG_STAFF_SIGNED_IN:
    "持证主体登录时不得携带任何工作人员凭证：该请求带有 API 密钥或有效的窗口会话。请退出窗口登录（或换用其他浏览器）且不发送 Authorization 请求头；查询码仅供持证主体本人使用。",
  REG_PAYLOAD_TOO_LARGE: "请求内容过大。",
  REG_NOT_READY:
    "证照库尚未就绪：details 列出每项未通过的检查（存储、磁盘、签章密钥、时钟）及处理办法；GET /readyz 显示全部检查。",
  REG_STORAGE_FULL:
    "数据目录所在磁盘已满（或配额用尽）：未保存任何内容。请清理 ELICENCE_DATA_DIR 所在磁盘的空间（GET /readyz 显示何时恢复可写）后重试；运行中的证照库无需重启即可恢复。",
  REG_STORAGE_READ_ONLY:
    "数据目录无法写入（文件系统为只读，或权限不足）：未保存任何内容。请将 ELICENCE_DATA_DIR 所在磁盘重新挂载为可读写，或授予证照库运行用户写权限，然后重试；运行中的证照库无需重启即可恢复。",
  REG_STORAGE_IO:
    "读写数据目录时发生 I/O 错误：未保存任何内容。请检查 ELICENCE_DATA_DIR 所在磁盘（内核日志、SMART、挂载状态）后重试。",
  REG_IMPORT_QUOTA_EXCEEDED:
    "等待导入的台账已占满为上传预留的空间（ELICENCE_IMPORT_QUOTA）：本次上传未保留。请待排队的导入完成后重试（GET /api/v1/imports/{jobId}），或请运维人员调高配额。",
  REG_CLOCK_IMPLAUSIBLE:
    "系统时钟不可信：早于证照库记录的最新时间（最新审计事件或在用证书），或远晚于它（ELICENCE_CLOCK_MAX_AHEAD_DAYS）。未按此时钟将任何证照记为到期，也未续期或签发任何证书。请校正时钟（NTP）；若时钟无误，请确认一次：`elicence serve --confirm-clock`（重新签发日期在未来的证书）或 POST /api/v1/admin/clock/confirm。",
  REG_SIGNING_CERT_NOT_VALID_NOW:
    "按证照库时钟，电子印章证书不在有效期内（起始日期在未来或已过期），无法盖章；未保存任何内容。若时钟有误（GET /readyz 的 clock 检查），请校正；若时钟无误，请以 `elicence serve --confirm-clock` 重启以重新签发证书。",
  REG_BUSY:
    "证照库正在核验的上传 PDF 已达同时处理上限，等待队列也已满，本次上传未作核验。请按 Retry-After 响应头给出的秒数后重试。",
  REG_UPLOAD_TOO_SLOW:
    "上传速度过慢：请求内容的到达速度低于上传须保持的最低速率，已将其名额让给其他请求，未作任何核验。请在更稳定的网络下重新发送文件。",
  REG_INTERNAL: "发生内部错误，已记入日志。请稍后重试，或报告请求编号（request id）。",
  REG_URL_NOT_ENCODED:
    'URL 须为百分号编码的 ASCII：路径或查询参数中的中文等非 ASCII 文字须按 UTF-8 %-转义（curl：`curl -G --data-urlencode "purpose=…" URL`；程序：encodeURIComponent），字面的 % 写作 %25。details 逐项列出参数。',
  REG_BASE_URL_CHANGED:
    "配置的公开访问地址与数据目录中记录的不同：请把 ELICENCE_BASE_URL 改回已记录的地址，或以 `elicence serve --accept-new-base-url` 启动一次以记录新地址（随后 `elicence reseal --since 日期` 为此前的证照生成带新地址的文件）。",
  REG_BASE_URL_INVALID:
    "公开访问地址不可用：请给出证照库对外的 http(s) 地址，不带查询串或片段（如 https://licences.gov.example）；NODE_ENV=production 时不得为本机回环地址。",
  REG_KEY_PASSPHRASE_WRONG:
    "用所配置的口令无法解密 PKI 的密钥文件，因而无法盖章：请把 ELICENCE_KEY_PASSPHRASE（未设置该变量时为 <数据目录>/pki/passphrase）改回创建 PKI 时的口令。未启动、未改动任何内容。",
  REG_KEY_PASSPHRASE_MISSING:
    "数据目录中已有 PKI，却没有其密钥文件的口令：请把 ELICENCE_KEY_PASSPHRASE 设为创建 PKI 时的口令，或从备份恢复 <数据目录>/pki/passphrase。只有在创建 PKI 时才生成新口令，从不为已有密钥生成。",
  REG_PKI_LOCKED:
    "另一进程持有 PKI 锁（<数据目录>/pki/.lock）且未及时释放：请等待另一个 elicence 进程启动完毕，或将其停止。本机上已终止的进程留下的锁会被自动接管；其他主机（共享数据目录）持有的锁在两分钟后接管。",
};

export const DETAIL_CODES_ZH: Zh<typeof DETAIL_CODES> = {
  REG_LICENCE_TYPE_UNKNOWN:
    "typeCode（或 required[] 中的某项）不是本证照库的证照类型；GET /api/v1/licence-types 列出全部类型。",
  REG_VALIDITY_REVERSED: "validUntil 早于 validFrom，请对调或更正日期。",
  REG_SHA256_INVALID: "SHA-256 须为 64 位小写十六进制数字。",
  REG_HOLDER_NAME_REQUIRED: "holder.name 为空，请填写证照上印制的持证主体名称。",
  REG_HOLDER_NAME_TOO_LONG: "holder.name 超过 200 个字符。",
  REG_REASON_REQUIRED: "每次变更都须有 1–500 个字符的理由，随变更一并记录。",
  REG_AMEND_EMPTY: "变更须至少改动一项：fields、holder.name 或 validUntil。",
  REG_ROLE_UNKNOWN: "角色须为 admin、issuer、clerk、auditor 之一。",
  REG_DEPARTMENT_REQUIRED: "签发人员和窗口人员的密钥代表一个部门：请给出该部门的统一社会信用代码。",
  REG_PURPOSE_TOO_LONG: "用证事由超过 200 个字符。",
  REG_FIELD_TOO_SHORT: "请求中某项为空或短于允许的长度。",
  REG_SERVICE_ITEM_UNKNOWN: "serviceItem 不是本证照库的事项；GET /api/v1/service-items 列出全部事项。",
  REG_MATERIALS_LIST_REQUIRED: "请说明申请人须提供什么：serviceItem（事项代码）或 required（证照类型代码）。",
  REG_MATERIALS_LIST_AMBIGUOUS: "serviceItem 与 required 只能给一个。",
  REG_SERVICE_ITEM_HOLDER_MISMATCH:
    "该事项由个人（公民身份号码）或单位（统一社会信用代码）申请，而所给主体代码是另一类；请检查代码或事项。",
  REG_IMPORT_FILE_REQUIRED:
    "请以 multipart/form-data 上传台账，文件放在名为 file 的部分（并给出 typeCode、dryRun 字段）。",
  REG_DATE_RANGE_INVALID: "from 须不晚于 to，且时间范围最长 366 天。",
  REG_ANNOTATION_VALID_UNTIL_PAST: "加注件的 validUntil 须为今天或以后（北京时间）。",
  REG_ANNOTATION_VALID_UNTIL_TOO_FAR: "加注件的 validUntil 最多为今天起一年内。",
  REG_ANNOTATION_AFTER_LICENCE_EXPIRY: "加注件的 validUntil 不得晚于证照本身的有效期截止日。",
  REG_REASON_CODE_UNKNOWN:
    "reason 不是原因代码：GET /api/v1/reason-codes 列出全部代码（如 revoked-by-law、holder-request、other）；其他说明写在 note 中，note 从不公开。",
  REG_NOTE_TOO_LONG: "内部备注超过 500 个字符。",
  REG_ANNOTATION_PURPOSE_RETIRED:
    "加注件的说明不再手工填写：请发送 serviceItem（GET /api/v1/service-items 中的代码），而非 purpose；说明文字取自事项目录。",
  REG_PURPOSE_UNREADABLE:
    "用证事由须是可读的文字：至少一个字母或数字，且不含控制字符、零宽字符或文字方向字符。",
  REG_SERVICE_ITEM_NOT_FOR_LICENCE:
    "加注件须用于需要该证照的事项：该事项的申请材料（GET /api/v1/service-items）中没有这类证照。",
  REG_URL_RAW_CHARACTER:
    "路径或查询参数中含有未经百分号编码的字符（中文、其他非 ASCII 文字、空格），请按 UTF-8 进行百分号编码。",
  REG_URL_BAD_ESCAPE:
    "路径或查询参数中的 % 后面不是 UTF-8 的 %-转义（% 加两位十六进制数字）；字面的 % 请写作 %25。",
  REG_FIELD_UNPRINTABLE:
    "某个取值含有证照字体（Noto Sans SC，以及 ELICENCE_FALLBACK_FONT 指定的备用字体）无法打印的字符，如字体之外的生僻字或表情符号；未保存任何内容。请用字体能覆盖的字符记录该值，或配置能覆盖这些字符的备用字体（如覆盖 CJK 扩展 B 的 HanaMinB.ttf）。",
  REG_ID_BIRTH_DATE_MISMATCH:
    "出生日期字段与持证人公民身份号码所示的出生日期（第 7–14 位）不符；请更正输错的一方。",
  REG_ID_SEX_MISMATCH:
    "性别字段与持证人公民身份号码所示的性别（第 17 位：奇数为男，偶数为女）不符；请更正输错的一方。",
  REG_RENEWAL_OUTSIDE_WINDOW:
    "该类证照只能在延续期限内延续（type.json 的 renewalWindow，有效期截止日前后的天数）；消息中给出期限的起止日期。太早：请从首日起延续；太晚：请签发新证照。",
  REG_LICENCE_NUMBER_TAKEN:
    "该类型已有另一本有效（或暂扣中）的证照使用此证号；请与纸质档案核对证号，或先注销、撤销另一本证照。",
  REG_HOLDER_NAME_CONFLICT:
    "该统一社会信用代码在其他有效证照上是另一个名称（一个代码同一时间只有一个名称）；请使用该名称，或依次变更该主体的各本证照以记录名称变更（第一次变更开始，其余随后跟进）。",
  REG_STORE_UNREACHABLE: "存储（SQLite 文件或 MongoDB）无应答；请检查数据目录或 MONGODB_URL 及数据库服务器。",
  REG_PROBE_TIMEOUT: "就绪检查未在规定时间内应答；在其应答之前，所检查的部分按不可用处理。",
  REG_PROBE_FAILED: "就绪检查因意外错误失败；原因见日志。",
  REG_SWEEP_HELD:
    "到期清理一次要记为到期的证照超过 ELICENCE_SWEEP_EXPIRY_MAX 或 ELICENCE_SWEEP_EXPIRY_MAX_PERCENT 的上限，因此未将任何证照记为到期：请检查时钟；若时钟无误且确应到期，请确认（POST /api/v1/admin/clock/confirm 或 `elicence serve --confirm-clock`），下一次清理即予记录。",
  REG_REDIS_UNAVAILABLE:
    "Redis（REDIS_URL）无应答：已停止、被冻结或无法连接。用户不受影响（实时状态改从存储读取，频率限制改为每个证照库进程各自计数），但每次状态查询都要读取存储。请检查 Redis 服务器及其网络；证照库会自动重连，Redis 恢复应答后数秒内此项检查即恢复正常。",
  REG_SEAL_FAILED:
    "证照版本盖章失败，该错误可能是暂时的；后台盖章按退避间隔（30 秒、2 分钟、8 分钟、32 分钟）重试，第五次失败后将其搁置。注册系统日志记录了该版本及错误。",
  REG_SEALING_PARKED:
    "无法盖章的证照版本已被搁置，不再阻塞其他证照。GET /api/v1/licences/{identifier} 显示各版本的 document.reason；请通过变更证照更正取值，或排除原因（备用字体、新的印章证书）后重启 elicence serve，届时会重试所有被搁置的版本。",
  REG_BODY_NOT_UTF8:
    "JSON 请求体不是有效的 UTF-8（含有 UTF-8 文本中不会出现的字节序列）；请以 UTF-8 编码发送，各种 JSON 库默认即是如此。",
  REG_BODY_TOO_DEEP: "JSON 请求体中数组和对象的嵌套超过 64 层；本 API 的任何请求都只需几层。",
  REG_BODY_NOT_JSON:
    "Content-Type 为 application/json，但请求体不是有效的 JSON（为空、在所示位置有语法错误，或含有 __proto__ 成员）；请发送一个 JSON 对象。",
  REG_CONTENT_TYPE_UNSUPPORTED:
    "该接口不接受此 Content-Type 的请求体：请发送 application/json（上传文件用 multipart/form-data）。",
  REG_MULTIPART_MALFORMED:
    "无法读取 multipart/form-data 上传：Content-Type 中没有 boundary（或 boundary 远超 RFC 2046 允许的 70 个字符），或请求体在结束 boundary 之前就结束了（被截断，或使用了不同的 boundary）。请让 HTTP 客户端生成表单（curl -F file=@…）。",
};

export const CATALOGUE_ERROR_CODES_ZH: Zh<typeof CATALOGUE_ERROR_CODES> = {
  REG_CATALOGUE_INVALID: "一个或多个 templates/<类型代码>/type.json 文件有误，请逐项修正所列问题。",
  REG_LICENCE_TYPE_NOT_FOUND: "没有此代码的证照类型；Catalogue.list() 列出已加载的类型。",
  REG_DATE_INVALID: "日期须为真实存在的日历日期，写作 YYYY-MM-DD。",
  REG_SERVICE_ITEMS_INVALID:
    "一个或多个 templates/service-items/<代码>.json 文件有误，请逐项修正所列问题（已指明文件和成员）。",
};

export const FIELD_PROBLEM_CODES_ZH: Zh<typeof FIELD_PROBLEM_CODES> = {
  REG_FIELD_REQUIRED: "缺少必填字段或该字段为空。",
  REG_FIELD_TYPE: "字段的 JSON 类型不对。",
  REG_FIELD_FORMAT: "字段格式不符合要求（日期、编号格式等）。",
  REG_FIELD_TOO_LONG: "字段超过该类型允许的长度（字符数）或项数。",
  REG_FIELD_ENUM: "字段取值不在该类型允许的取值之中。",
  REG_FIELD_UNKNOWN: "该证照类型没有这个字段。",
  REG_FIELD_INVALID: "字段违反了该类型字段定义的其他规则。",
};

export const STORE_ERROR_CODES_ZH: Zh<typeof STORE_ERROR_CODES> = {
  REG_STORE_SCHEMA_TOO_NEW: "数据库由更新版本的 eLicence 写入；请运行该版本，或恢复本版本做的备份。",
  REG_STORE_MONGO_NOT_REPLICA_SET:
    "MongoDB 须以副本集方式运行（事务所需）：以 --replSet rs0 启动 mongod 并执行一次 rs.initiate()。",
  REG_STORE_BAD_QUERY: "分页大小不在 1–500 之间，或游标不是本存储签发的；请从第一页重新开始。",
  REG_STORE_BAD_BATCH: "一批写入违反了存储约定（程序错误）；未写入任何内容。",
  REG_STORE_WRITE_CONTENTION: "并发写入反复争用同一审计位置；未写入任何内容，请重试。",
};

export const BACKUP_ERROR_CODES_ZH: Zh<typeof BACKUP_ERROR_CODES> = {
  REG_BACKUP_TARGET_NOT_EMPTY: "备份目录中已有文件：请指定新的或空的目录（备份从不与其他内容混放）。",
  REG_BACKUP_MONGODB:
    "本命令只备份 SQLite 存储：请用 mongodump 导出 MongoDB，然后复制 <数据目录>/documents（在导出之后，以确保导出中提到的文件都在）和 <数据目录>/pki（如有口令文件一并复制）。",
  REG_BACKUP_NO_STORE: "数据目录中没有 SQLite 数据库（registry.sqlite）：请检查 ELICENCE_DATA_DIR。",
  REG_BACKUP_INCONSISTENT:
    "快照中引用的已盖章文件不在备份中（数据目录中缺失或已损坏）；该备份未写入清单，因此不能用于恢复。",
  REG_BACKUP_DAMAGED:
    "备份不完整或已被改动（没有清单，或文件缺少、多出或与 SHA-256 不符）：未恢复任何内容。请使用其他备份。",
  REG_RESTORE_TARGET_NOT_EMPTY:
    "要恢复到的数据目录中已有文件：请指定新的或空的目录，或加 --force 将现有目录移到一旁（保留并改名）。",
  REG_RESTORE_TARGET_IN_USE:
    "数据目录的数据库旁有预写日志：可能有服务正在使用（或曾异常停止）。请停止服务（崩溃后请先启动再停止一次），然后再恢复。",
  REG_RESTORE_AUDIT_BROKEN:
    "恢复出的数据库审计链校验失败，或其末条与清单不符：未恢复任何内容。请使用其他备份。",
};

/** The Chinese words of any registry code (HTTP error, field problem, catalogue, store), or undefined. */
export function registryMessageZh(code: string): string | undefined {
  for (const table of [
    REGISTRY_ERRORS_ZH,
    DETAIL_CODES_ZH,
    FIELD_PROBLEM_CODES_ZH,
    CATALOGUE_ERROR_CODES_ZH,
    STORE_ERROR_CODES_ZH,
    BACKUP_ERROR_CODES_ZH,
  ] as Record<string, string>[])
    if (Object.hasOwn(table, code)) return table[code];
  return undefined;
}
