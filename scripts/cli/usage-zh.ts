// The usage texts in Chinese, one per command of usage.ts (typed against it: a command without its Chinese usage
// fails the typecheck). Option names stay as typed; only the explanations are Chinese.
import type { CommandName } from "./usage.js";

export const COMMAND_USAGE_ZH: { readonly [K in CommandName]: string } = {
  serve: `用法：elicence serve [--accept-new-base-url] [--confirm-clock]
  运行证照库（API、文档、页面），端口为 PORT（默认 8080）；首次启动时创建数据目录并记录公开访问地址（未设置
  ELICENCE_BASE_URL 时在终端上询问）；ELICENCE_BASE_URL 与已记录的地址不同时拒绝启动，除非加 --accept-new-base-url
  （记录新地址；随后运行 elicence reseal）
  时钟不可信时拒绝启动（REG_CLOCK_IMPLAUSIBLE：早于最新记录的事件或证书，或晚于它超过
  ELICENCE_CLOCK_MAX_AHEAD_DAYS 天），除非加 --confirm-clock：确认时钟无误；重新签发日期晚于当前时钟的证书，
  首次到期清理可超出上限（记入审计日志）`,
  init: `用法：elicence init [--base-url URL]
  创建数据目录、数据库和开发用 PKI，记录每个二维码和证书链接所用的公开访问地址（--base-url，否则 ELICENCE_BASE_URL，
  否则 http://HOST:PORT），然后退出`,
  "keys create": `用法：elicence keys create --role <admin|issuer|clerk|auditor> [--department 统一社会信用代码] [--label 文字] [--json] [--init]
  在数据目录的存储中创建 API 密钥；密钥只显示这一次，只保存其摘要
  （--init：数据目录还没有存储时创建之；不加则缺少存储即报错）`,
  "keys list": `用法：elicence keys list [--json]
  列出 API 密钥（编号、角色、部门；从不显示密钥本身）`,
  "keys revoke": `用法：elicence keys revoke <编号> --reason 文字
  吊销一个 API 密钥`,
  "audit verify": `用法：elicence audit verify [--json]
  重新计算审计哈希链；出错时退出码 1，并指明第一条有问题的事件`,
  "verify pdf": `用法：elicence verify 文件.pdf|目录… [--json] [--report 报告.csv] [--threads N]
  核验已盖章的证照 PDF（目录：其下所有 *.pdf），用工作线程池并行（--threads，默认每核一个）；一个文件：列出每项检查；
  多个文件：每个文件一行及合计；--report 为每个文件写一行 CSV；
  退出码 0 全部通过，1 有未通过或无法读取的文件，3 其余情形中有无法确定的`,
  "verify qr": `用法：elicence verify --qr 文字 [--json] [--trust-list 文件 [--root ROOT.pem | --root-fingerprint 十六进制]] [--offline | --online [--registry URL]]
  按信任列表核验证照二维码（数据目录的 PKI，或须链接到所固定根证书、且不旧于数据目录所知列表的文件），再从数据目录的存储
  查询实时状态（--online：通过 HTTP 向 ELICENCE_BASE_URL 或 --registry URL 查询，从不向码中未签名的主机查询；--offline：不查询）；
  退出码 0 有效，1 无效或当前不可作为依据，3 无法确定`,
  import: `用法：elicence import 文件 --type 类型代码 --department 统一社会信用代码 [--scans 目录] [--dry-run] [--report 报告.csv|报告.xlsx] [--json] [--operator 姓名] [--batch-size N] [--no-seal] [--seal-threads N]
  将纸质台账（UTF-8、带 BOM 的 UTF-8 或 GBK 编码的 CSV，或 XLSX 的第一个工作表）转为电子证照；每个问题按行和列报告；
  重复运行不会重复导入；随后为已保存的证照盖章生成 PDF（--no-seal 则留给 serve 完成）；'elicence import template' 生成台账模板
  （名为 "template" 的台账文件按 ./template 导入）`,
  backup: `用法：elicence backup 目录 [--json]
  在服务运行时将数据目录在线备份到新的或空的目录：SQLite 快照、已盖章的文件、PKI（若有 pki/passphrase 也一并备份；
  ELICENCE_KEY_PASSPHRASE 从不写入），最后写入记有每个文件 SHA-256 的 manifest.json（没有它的备份不完整）。仅限 SQLite：
  使用 MONGODB_URL 时请用 mongodump，并复制 documents/ 和 pki/`,
  restore: `用法：elicence restore 目录 [--force] [--json]
  将备份目录恢复到数据目录（ELICENCE_DATA_DIR），该目录须为新的或空的；请先停止服务。每个文件都按清单核对（缺少、多出或
  被改动的文件会使整个备份被拒绝），并校验恢复后的审计链，全部通过后目录才会出现
  （--force：覆盖非空的数据目录，原目录改名为 DATADIR.replaced-<时间>，从不删除）`,
  "import template": `用法：elicence import template --type 类型代码 [--xlsx] [--out 文件.csv|文件.xlsx]
  生成某证照类型的台账模板：导入程序识别的表头行和一行待替换的示例；CSV 为带 BOM 的 UTF-8（不加 --out 则输出到标准输出），
  或 XLSX（--xlsx 或 --out 文件.xlsx），每个表头带说明，取值固定的列带下拉列表`,
  reseal: `用法：elicence reseal --since 日期 [--type 类型代码] [--dry-run] [--json]
  为自某日（YYYY-MM-DD）起签发或变更的证照版本重新盖章生成带当前公开访问地址的新文件（版本不变；旧文件的摘要记入审计日志）；
  再次运行会跳过已完成的`,
};

export const ENVIRONMENT_ZH = `环境变量：ELICENCE_DATA_DIR（默认 ./data）、PORT（8080）、HOST（127.0.0.1）、ELICENCE_BASE_URL、
          ELICENCE_BASE_PATH（在子路径下提供服务，如 /elicence；默认取公开访问地址的路径）、
          MONGODB_URL（用 MongoDB 代替 SQLite）、REDIS_URL、LOG_LEVEL、
          ELICENCE_DEBUG=1（内部错误时打印堆栈）、LANG / LC_ALL（zh_CN.UTF-8 等中文区域设置时输出中文）

每个命令和子命令都接受 --help（-h）；--lang zh|en 选择输出语言。退出码 2：用法或输入有误；1：失败；0：成功`;
