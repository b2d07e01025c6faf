// The PDF validation reason codes (VER_PDF_…), each with its English and Chinese message. Codes are published:
// once here, a code keeps its meaning forever and is never reused; add new codes instead of changing old ones.
import type { Bilingual } from "@elicence/core";

export const REASON_CODES = {
  // size
  VER_PDF_SIZE_OK: { en: "The file size is within the limit.", zh: "文件大小在限额之内。" },
  VER_PDF_EMPTY: { en: "The file is empty.", zh: "文件为空。" },
  VER_PDF_TOO_LARGE: {
    en: "The file is larger than a licence PDF can be; it was not examined.",
    zh: "文件超出证照 PDF 的大小上限，未予检查。",
  },

  // structure
  VER_PDF_STRUCTURE_OK: {
    en: "The PDF structure is sound: every object the cross-reference data lists can be read.",
    zh: "PDF 结构完好：交叉引用表列出的每个对象均可读取。",
  },
  VER_PDF_NOT_PDF: { en: "This is not a PDF file.", zh: "该文件不是 PDF 文件。" },
  VER_PDF_TRUNCATED: {
    en: "The file is incomplete (cut off before its end); download it again.",
    zh: "文件不完整（在结尾前被截断），请重新下载。",
  },
  VER_PDF_TRAILING_DATA: {
    en: "Data follows the end of the PDF; some readers would show it, so the file is not accepted.",
    zh: "PDF 结束标记之后还有数据，部分阅读器会显示这些内容，因此不予认可。",
  },
  VER_PDF_XREF_BROKEN: {
    en: "The PDF's cross-reference data is damaged or inconsistent.",
    zh: "PDF 的交叉引用数据已损坏或前后不一致。",
  },
  VER_PDF_OBJECT_BROKEN: {
    en: "An object of the PDF cannot be read: the file is damaged or was altered.",
    zh: "PDF 中有对象无法读取：文件已损坏或被改动。",
  },
  VER_PDF_STREAM_BROKEN: {
    en: "A compressed stream of the PDF cannot be decoded.",
    zh: "PDF 中有压缩数据流无法解码。",
  },
  VER_PDF_NESTING_TOO_DEEP: {
    en: "The PDF nests objects deeper than any licence does; it was rejected as hostile.",
    zh: "PDF 对象嵌套层数远超正常证照，按恶意文件拒绝。",
  },
  VER_PDF_TOO_COMPLEX: {
    en: "The PDF has more objects or revisions than a licence can have; it was rejected.",
    zh: "PDF 的对象或修订版本数量超出证照可能的范围，已拒绝。",
  },
  VER_PDF_ENCRYPTED: {
    en: "The PDF is encrypted; sealed licences never are.",
    zh: "PDF 已加密，而签章证照从不加密。",
  },
  VER_PDF_TIME_LIMIT: {
    en: "Validation took longer than allowed and was stopped; the file may be hostile.",
    zh: "验证超时已中止，该文件可能为恶意构造。",
  },
  VER_PDF_MEMORY_LIMIT: {
    en: "Validation needed more memory than allowed and was stopped; the file may be hostile.",
    zh: "验证所需内存超出限额已中止，该文件可能为恶意构造。",
  },
  VER_PDF_WORKER_FAILED: {
    en: "The validation worker failed; try again later.",
    zh: "验证进程出错，请稍后重试。",
  },
  VER_PDF_CHECK_FAILED: {
    en: "This check could not be completed because of an internal error.",
    zh: "该项检查因内部错误未能完成。",
  },
  VER_PDF_NOT_CHECKED: {
    en: "Not checked, because an earlier check failed.",
    zh: "由于前面的检查未通过，此项未检查。",
  },

  // signature-dictionary
  VER_PDF_SIGNATURE_FOUND: { en: "The electronic seal's signature was found.", zh: "已找到电子印章签名。" },
  VER_PDF_NO_SIGNATURE: {
    en: "The PDF carries no electronic seal signature.",
    zh: "PDF 中没有电子印章签名。",
  },
  VER_PDF_SIGNATURE_DICT_MALFORMED: {
    en: "The signature dictionary is malformed (a required entry is missing or has the wrong type).",
    zh: "签名字典格式错误（缺少必需项或类型不符）。",
  },
  VER_PDF_SUBFILTER_UNSUPPORTED: {
    en: "The signature is not a PAdES signature (SubFilter ETSI.CAdES.detached).",
    zh: "该签名不是 PAdES 签名（SubFilter 应为 ETSI.CAdES.detached）。",
  },
  VER_PDF_SIGNATURE_IN_OBJECT_STREAM: {
    en: "The signature dictionary is hidden in a compressed object stream, where its byte range cannot be checked.",
    zh: "签名字典位于压缩对象流中，无法核对其字节范围。",
  },
  VER_PDF_CONTENTS_MALFORMED: {
    en: "The signature's /Contents is not a hexadecimal string.",
    zh: "签名的 /Contents 不是十六进制字符串。",
  },

  // byte-range
  VER_PDF_BYTERANGE_OK: {
    en: "The signed byte range is well formed and leaves out exactly the signature value.",
    zh: "签名字节范围格式正确，恰好只排除签名值本身。",
  },
  VER_PDF_BYTERANGE_NOT_FOUR_INTEGERS: {
    en: "The /ByteRange is not exactly four non-negative integers.",
    zh: "/ByteRange 不是恰好四个非负整数。",
  },
  VER_PDF_BYTERANGE_NOT_FROM_START: {
    en: "The signed byte range does not start at the beginning of the file.",
    zh: "签名字节范围不是从文件开头开始。",
  },
  VER_PDF_BYTERANGE_NOT_ASCENDING: {
    en: "The two signed ranges are out of order or overlap.",
    zh: "两段签名范围顺序错误或相互重叠。",
  },
  VER_PDF_BYTERANGE_OUTSIDE_FILE: {
    en: "The signed byte range reaches past the end of the file.",
    zh: "签名字节范围超出了文件末尾。",
  },
  VER_PDF_BYTERANGE_GAP_MISMATCH: {
    en: "The unsigned gap is not exactly this signature's /Contents value: other bytes escape the signature.",
    zh: "未签名的间隔并非恰好是本签名的 /Contents 值，有其他字节未受签名保护。",
  },
  VER_PDF_BYTERANGE_NOT_REVISION_END: {
    en: "The signed range does not end where a revision of the PDF ends.",
    zh: "签名范围的结束位置不是 PDF 某一修订版本的结尾。",
  },
  VER_PDF_XREF_INTO_GAP: {
    en: "A cross-reference entry points into the unsigned signature gap.",
    zh: "有交叉引用条目指向未签名的签名值区域。",
  },

  // revisions
  VER_PDF_COVERS_WHOLE_FILE: {
    en: "The signature covers the whole file.",
    zh: "签名覆盖整个文件。",
  },
  VER_PDF_LATER_REVISIONS_PERMITTED: {
    en: "Later revisions only add what PAdES permits (validation data, document timestamps).",
    zh: "后续修订仅添加了 PAdES 允许的内容（验证数据、文档时间戳）。",
  },
  VER_PDF_REVISION_PAGE_CONTENT_CHANGED: {
    en: "A later revision changes what the page draws: content was added after sealing.",
    zh: "后续修订改变了页面绘制内容：盖章后被添加了内容。",
  },
  VER_PDF_REVISION_PAGES_CHANGED: {
    en: "A later revision adds, removes or reorders pages.",
    zh: "后续修订增加、删除或调整了页面。",
  },
  VER_PDF_REVISION_ANNOTATION_ADDED: {
    en: "A later revision adds an annotation that can draw over the page.",
    zh: "后续修订添加了可覆盖页面内容的注释。",
  },
  VER_PDF_REVISION_ANNOTATION_CHANGED: {
    en: "A later revision changes an existing annotation.",
    zh: "后续修订修改了已有注释。",
  },
  VER_PDF_REVISION_PAGE_CHANGED: {
    en: "A later revision changes a page's properties (resources, size or other entries).",
    zh: "后续修订修改了页面属性（资源、尺寸或其他项）。",
  },
  VER_PDF_REVISION_CATALOG_CHANGED: {
    en: "A later revision changes the document catalog beyond adding validation data.",
    zh: "后续修订对文档目录的修改超出了添加验证数据的范围。",
  },
  VER_PDF_REVISION_FORM_CHANGED: {
    en: "A later revision changes the form fields beyond adding a document timestamp.",
    zh: "后续修订对表单域的修改超出了添加文档时间戳的范围。",
  },
  VER_PDF_REVISION_SIGNATURE_CHANGED: {
    en: "A later revision replaces the seal's signature dictionary.",
    zh: "后续修订替换了印章的签名字典。",
  },
  VER_PDF_REVISION_FONT_CHANGED: {
    en: "A later revision changes a font, which can change what the text shows.",
    zh: "后续修订修改了字体，可能改变文字的显示内容。",
  },
  VER_PDF_REVISION_XOBJECT_CHANGED: {
    en: "A later revision changes an image or form drawn on the page.",
    zh: "后续修订修改了页面上绘制的图像或表单对象。",
  },
  VER_PDF_REVISION_INFO_CHANGED: {
    en: "A later revision changes the document information (identifier, title).",
    zh: "后续修订修改了文档信息（标识、标题）。",
  },
  VER_PDF_REVISION_OBJECT_CHANGED: {
    en: "A later revision changes an object of the sealed document.",
    zh: "后续修订修改了已盖章文档中的对象。",
  },
  VER_PDF_REVISION_OBJECT_DELETED: {
    en: "A later revision deletes an object of the sealed document.",
    zh: "后续修订删除了已盖章文档中的对象。",
  },
  VER_PDF_REVISION_VISIBLE_SIGNATURE_ADDED: {
    en: "A later revision adds a visible signature widget, which can draw over the page.",
    zh: "后续修订添加了可见的签名控件，可覆盖页面内容。",
  },
  VER_PDF_REVISION_DSS_MALFORMED: {
    en: "A later revision adds a malformed validation data store (DSS).",
    zh: "后续修订添加的验证数据存储（DSS）格式错误。",
  },

  // docmdp
  VER_PDF_DOCMDP_OK: {
    en: "The seal certifies the document (DocMDP) and its permissions are respected.",
    zh: "印章对文档作了认证（DocMDP），其修改权限得到遵守。",
  },
  VER_PDF_DOCMDP_MISSING: {
    en: "The seal does not certify the document (no DocMDP), as licence seals must.",
    zh: "印章未对文档作认证（缺少 DocMDP），不符合证照签章要求。",
  },
  VER_PDF_DOCMDP_MISMATCH: {
    en: "The document's certification (DocMDP) does not refer to this seal.",
    zh: "文档的认证（DocMDP）并不指向本印章签名。",
  },
  VER_PDF_DOCMDP_PERMISSION_INVALID: {
    en: "The DocMDP permission level is not 1, 2 or 3.",
    zh: "DocMDP 权限级别不是 1、2 或 3。",
  },
  VER_PDF_DOCMDP_VIOLATED: {
    en: "Changes were made that the seal's DocMDP permission level forbids.",
    zh: "文档的修改违反了印章 DocMDP 权限级别的限制。",
  },

  // cms-digest
  VER_PDF_CMS_DIGEST_OK: {
    en: "The signed bytes are unchanged: their digest matches the signature.",
    zh: "签名范围内的字节未被改动：摘要与签名一致。",
  },
  VER_PDF_CMS_MALFORMED: {
    en: "The signature value is not a well-formed CMS signature.",
    zh: "签名值不是格式正确的 CMS 签名。",
  },
  VER_PDF_CMS_TRAILING_DATA: {
    en: "Data is hidden after the signature value in /Contents.",
    zh: "/Contents 中签名值之后藏有其他数据。",
  },
  VER_PDF_CMS_NOT_DETACHED: {
    en: "The CMS signature is not a detached signature over the PDF bytes.",
    zh: "CMS 签名不是针对 PDF 字节的分离式签名。",
  },
  VER_PDF_CMS_SIGNER_COUNT: {
    en: "The CMS signature must have exactly one signer.",
    zh: "CMS 签名必须恰好有一个签名者。",
  },
  VER_PDF_CMS_ALGORITHM_UNSUPPORTED: {
    en: "The signature uses an algorithm that is not accepted.",
    zh: "签名使用了不被接受的算法。",
  },
  VER_PDF_CMS_ATTRIBUTES_MISSING: {
    en: "The CMS signature lacks the signed content-type or message-digest attribute.",
    zh: "CMS 签名缺少已签名的内容类型或消息摘要属性。",
  },
  VER_PDF_CMS_DIGEST_MISMATCH: {
    en: "The document was changed after sealing: the signed bytes do not match the signature's digest.",
    zh: "文档在盖章后被改动：签名范围内的字节与签名中的摘要不符。",
  },

  // cms-signature
  VER_PDF_CMS_SIGNATURE_OK: {
    en: "The signature verifies with the seal certificate's public key.",
    zh: "签名可用印章证书的公钥验证通过。",
  },
  VER_PDF_CMS_SIGNER_CERT_MISSING: {
    en: "The seal certificate is not included in the signature.",
    zh: "签名中未包含印章证书。",
  },
  VER_PDF_CMS_SIGNATURE_INVALID: {
    en: "The signature value does not verify with the seal certificate's key: it was altered or forged.",
    zh: "签名值无法用印章证书的公钥验证：已被篡改或伪造。",
  },

  // signing-certificate
  VER_PDF_ESS_OK: {
    en: "The signature is bound to its seal certificate (ESS signing-certificate-v2).",
    zh: "签名已与其印章证书绑定（ESS signing-certificate-v2）。",
  },
  VER_PDF_ESS_MISSING: {
    en: "The signature does not bind its certificate (no signing-certificate-v2 attribute).",
    zh: "签名未绑定其证书（缺少 signing-certificate-v2 属性）。",
  },
  VER_PDF_ESS_MISMATCH: {
    en: "The certificate the signature names is not the certificate it carries: it was swapped.",
    zh: "签名所声明的证书与其携带的证书不符：证书已被替换。",
  },

  // chain
  VER_PDF_CHAIN_OK: {
    en: "The seal certificate chains to the trusted root and was valid at signing time.",
    zh: "印章证书可链接到受信任的根证书，且在签章时有效。",
  },
  VER_PDF_CHAIN_UNTRUSTED: {
    en: "The seal certificate does not chain to the trusted root: it was not issued by our certificate authority.",
    zh: "印章证书无法链接到受信任的根证书：并非由本系统的证书机构签发。",
  },
  VER_PDF_CHAIN_EXPIRED: {
    en: "A certificate of the chain was not valid at signing time.",
    zh: "证书链中有证书在签章时不在有效期内。",
  },
  VER_PDF_CHAIN_CA_INVALID: {
    en: "A certificate in the chain is not allowed to issue certificates.",
    zh: "证书链中有证书无权签发证书。",
  },
  VER_PDF_SEAL_KEY_USAGE_INVALID: {
    en: "The seal certificate is not meant for sealing documents (key usage).",
    zh: "印章证书的密钥用途不允许对文档签章。",
  },
  VER_PDF_CERTIFICATE_MALFORMED: {
    en: "A certificate in the signature cannot be parsed.",
    zh: "签名中的证书无法解析。",
  },

  // trust-list
  VER_PDF_TRUST_LIST_LISTED: {
    en: "The seal certificate is on the trust list.",
    zh: "印章证书在信任列表中。",
  },
  VER_PDF_SEAL_NOT_IN_TRUST_LIST: {
    en: "The seal certificate is not on the trust list of departments' seals.",
    zh: "印章证书不在各部门印章的信任列表中。",
  },
  VER_PDF_TRUST_LIST_NOT_GIVEN: {
    en: "No trust list was given; the seal was checked against the root only.",
    zh: "未提供信任列表，仅依据根证书检查印章。",
  },

  // seal-issuer
  VER_PDF_SEAL_IS_ISSUER: {
    en: "The seal belongs to the department that issued the licence.",
    zh: "印章属于签发该证照的部门。",
  },
  VER_PDF_SEAL_NOT_ISSUER: {
    en: "The seal belongs to a different department than the one that issued the licence.",
    zh: "印章所属部门与签发该证照的部门不一致。",
  },
  VER_PDF_SEAL_ISSUER_NOT_CHECKED: {
    en: "The licence identifier is missing, so the seal's department could not be compared.",
    zh: "缺少证照标识，无法核对印章所属部门。",
  },

  // timestamp
  VER_PDF_TIMESTAMP_OK: {
    en: "A trusted timestamp proves when the seal was applied.",
    zh: "可信时间戳证明了盖章时间。",
  },
  VER_PDF_TIMESTAMP_ABSENT: {
    en: "The signature has no timestamp; certificates were checked at the current time.",
    zh: "签名未带时间戳，按当前时间检查证书。",
  },
  VER_PDF_TIMESTAMP_MALFORMED: {
    en: "The signature timestamp cannot be parsed.",
    zh: "签名时间戳无法解析。",
  },
  VER_PDF_TIMESTAMP_IMPRINT_MISMATCH: {
    en: "The timestamp was not made for this signature value.",
    zh: "时间戳并非针对本签名值生成。",
  },
  VER_PDF_TIMESTAMP_SIGNATURE_INVALID: {
    en: "The timestamp's own signature does not verify.",
    zh: "时间戳自身的签名验证失败。",
  },
  VER_PDF_TIMESTAMP_UNTRUSTED: {
    en: "The timestamp authority does not chain to the trusted root.",
    zh: "时间戳机构无法链接到受信任的根证书。",
  },
  VER_PDF_TIMESTAMP_CERT_INVALID: {
    en: "The timestamp authority's certificate is not valid for timestamping at that time.",
    zh: "时间戳机构证书在该时间不可用于时间戳服务。",
  },

  // revocation
  VER_PDF_REVOCATION_GOOD: {
    en: "The seal certificate was not revoked.",
    zh: "印章证书未被吊销。",
  },
  VER_PDF_REVOCATION_REVOKED_AFTER_SIGNING: {
    en: "The seal certificate was withdrawn after sealing for a reason that does not affect earlier seals.",
    zh: "印章证书在盖章之后因不影响此前盖章的原因被撤销。",
  },
  VER_PDF_SEAL_REVOKED: {
    en: "The seal certificate had been revoked before the seal was applied.",
    zh: "盖章时印章证书已被吊销。",
  },
  VER_PDF_SEAL_KEY_COMPROMISED: {
    en: "The seal certificate was revoked because its key was compromised: the seal cannot be trusted.",
    zh: "印章证书因密钥泄露已被吊销：该印章不可信。",
  },
  VER_PDF_CA_REVOKED: {
    en: "A certificate authority in the seal's chain has been revoked.",
    zh: "印章证书链中的证书机构已被吊销。",
  },
  VER_PDF_REVOCATION_UNKNOWN: {
    en: "The certificate authority does not know the seal certificate.",
    zh: "证书机构不认识该印章证书。",
  },
  VER_PDF_REVOCATION_UNAVAILABLE: {
    en: "No revocation information was available for the seal certificate.",
    zh: "无法获得印章证书的吊销信息。",
  },

  // licence-status
  VER_PDF_LICENCE_CURRENT: {
    en: "The registry lists this licence as valid.",
    zh: "证照库显示该证照有效。",
  },
  VER_PDF_LICENCE_UNKNOWN: {
    en: "The registry has no licence with this identifier.",
    zh: "证照库中没有该标识的证照。",
  },
  VER_PDF_LICENCE_EXPIRED: { en: "The licence has expired.", zh: "该证照已过有效期。" },
  VER_PDF_LICENCE_SUPERSEDED: {
    en: "The licence was replaced by a newer version.",
    zh: "该证照已被新版本替代。",
  },
  VER_PDF_LICENCE_SUSPENDED: { en: "The licence is suspended.", zh: "该证照已被暂扣。" },
  VER_PDF_LICENCE_REVOKED: { en: "The licence was revoked.", zh: "该证照已被吊销。" },
  VER_PDF_LICENCE_CANCELLED: { en: "The licence was cancelled.", zh: "该证照已被撤销。" },
  VER_PDF_LICENCE_DEREGISTERED: { en: "The licence was deregistered.", zh: "该证照已被注销。" },
  VER_PDF_LICENCE_TRANSFERRED_OUT: {
    en: "The licence was transferred out of this registry.",
    zh: "该证照已办理转出。",
  },
  VER_PDF_LICENCE_NOT_CURRENT: {
    en: "The registry does not list this licence as valid.",
    zh: "证照库未显示该证照有效。",
  },
  VER_PDF_IDENTIFIER_MISSING: {
    en: "The PDF names no licence identifier, so the registry could not be asked.",
    zh: "PDF 中没有证照标识，无法向证照库查询。",
  },
  VER_PDF_LIVE_STATUS_NOT_REQUESTED: {
    en: "The registry was not asked (offline validation).",
    zh: "未向证照库查询（离线验证）。",
  },
  VER_PDF_LIVE_STATUS_UNAVAILABLE: {
    en: "The registry could not be reached; try again later.",
    zh: "暂时无法连接证照库，请稍后重试。",
  },

  // document-hash
  VER_PDF_DOCUMENT_HASH_MATCHES: {
    en: "The file is exactly the document the registry issued.",
    zh: "该文件与证照库签发的文档完全一致。",
  },
  VER_PDF_DOCUMENT_HASH_MISMATCH: {
    en: "The file is not the document the registry issued for this licence.",
    zh: "该文件不是证照库为该证照签发的文档。",
  },
  VER_PDF_DOCUMENT_HASH_NOT_RECORDED: {
    en: "The registry has no document recorded for this licence.",
    zh: "证照库未记录该证照的文档。",
  },

  // added after the first publication (append only)
  VER_PDF_CHAIN_EXPIRED_NO_TIMESTAMP: {
    en: "The seal certificate has expired, and no timestamp proves the seal was applied while it was valid.",
    zh: "印章证书已过期，且没有时间戳证明盖章时证书仍在有效期内。",
  },

  // annotated copies (加注件): the later-revision rule and the annotation check
  VER_PDF_LATER_REVISIONS_SIGNED: {
    en: "Later revisions only sign the signature fields prepared at sealing and add what PAdES permits.",
    zh: "后续修订仅签署了盖章时预留的签名域，并添加了 PAdES 允许的内容。",
  },
  VER_PDF_ANNOTATION_ABSENT: {
    en: "The document carries no annotation (加注): it is the licence as sealed.",
    zh: "文档没有加注：即盖章时的证照原件。",
  },
  VER_PDF_ANNOTATION_OK: {
    en: "The annotated copy's note is signed by a trusted annotation seal, is intact, and is within its period of use.",
    zh: "加注件的加注内容由可信的加注印章签署，完好无损，且在使用期限内。",
  },
  VER_PDF_ANNOTATION_MALFORMED: {
    en: "The annotation's signature or its stated purpose, period or licence is missing or malformed.",
    zh: "加注签名或其所载用途、期限、证照信息缺失或格式错误。",
  },
  VER_PDF_ANNOTATION_SIGNATURE_INVALID: {
    en: "The annotation's signature does not verify: the note or the document was changed after it was signed.",
    zh: "加注签名验证未通过：加注内容或文档在签署后被改动。",
  },
  VER_PDF_ANNOTATION_MODIFIED: {
    en: "A revision after the annotation changes more than PAdES permits.",
    zh: "加注之后的修订所作改动超出了 PAdES 允许的范围。",
  },
  VER_PDF_ANNOTATION_SIGNER_UNTRUSTED: {
    en: "The annotation's signer certificate does not chain to the trusted root, or is not valid for sealing.",
    zh: "加注签名证书无法链接到可信根证书，或不可用于盖章。",
  },
  VER_PDF_ANNOTATION_SIGNER_NOT_LISTED: {
    en: "The annotation's signer certificate is not on the trust list.",
    zh: "加注签名证书不在信任列表中。",
  },
  VER_PDF_ANNOTATION_SIGNER_REVOKED: {
    en: "The annotation's signer certificate was revoked before the note was signed, or its key was compromised.",
    zh: "加注签名证书在加注签署前已被吊销，或其密钥已泄露。",
  },
  VER_PDF_ANNOTATION_SIGNER_NOT_AUTHORISED: {
    en: "The annotation is signed by a seal that may not annotate this licence (neither the registry's annotation seal nor the issuing department's).",
    zh: "加注所用印章无权对该证照加注（既非证照库加注印章，也非发证机关印章）。",
  },
  VER_PDF_ANNOTATION_EXPIRED: {
    en: "The annotated copy's period of use has ended; it may no longer be used for its stated purpose.",
    zh: "加注件的使用期限已过，不得再用于所载用途。",
  },
  VER_PDF_DOCUMENT_HASH_MATCHES_ORIGINAL: {
    en: "The file is the document the registry issued, with a verified annotation added.",
    zh: "该文件为证照库签发的文档，并附有经验证的加注。",
  },

  // authority bound to licence type (append only)
  VER_PDF_SEAL_TYPE_NOT_AUTHORISED: {
    en: "The seal's department is not authorised by the trust list to issue this type of licence.",
    zh: "按信任列表，印章所属部门无权签发此类证照。",
  },
  VER_PDF_LICENCE_NOT_YET_IN_FORCE: {
    en: "The licence is not yet in force: its validity has not begun.",
    zh: "该证照尚未生效：有效期尚未开始。",
  },
  // issue 9: every byte of an incremental update accounted for, the repairing viewer's view, document timestamps
  VER_PDF_XREF_ENTRY_MALFORMED: {
    en: "A cross-reference table entry is not in the standard 20-byte form; other readers would rebuild the document differently.",
    zh: "交叉引用表条目不是标准的 20 字节格式，其他阅读器会以不同方式重建文档。",
  },
  VER_PDF_UPDATE_OBJECT_UNLISTED: {
    en: "A later revision contains an object its cross-reference data does not list; other readers would show it.",
    zh: "后续修订包含其交叉引用数据未列出的对象，其他阅读器会显示该对象。",
  },
  VER_PDF_UPDATE_OFFSET_MISMATCH: {
    en: "A later revision's cross-reference data lists an object where that revision has no such object.",
    zh: "后续修订的交叉引用数据所列对象位置上并没有该修订中的相应对象。",
  },
  VER_PDF_UPDATE_OBJECTS_OVERLAP: {
    en: "Objects or cross-reference data of a later revision overlap: one is hidden inside another.",
    zh: "后续修订中的对象或交叉引用数据相互重叠：有内容藏在其他对象之中。",
  },
  VER_PDF_UPDATE_EXTRA_TRAILER: {
    en: "A later revision carries a second cross-reference section, trailer or end-of-file marker.",
    zh: "后续修订中含有多余的交叉引用段、文件尾字典或文件结束标记。",
  },
  VER_PDF_UPDATE_JUNK: {
    en: "A later revision contains bytes that are neither PDF objects nor cross-reference data.",
    zh: "后续修订中含有既非 PDF 对象也非交叉引用数据的字节。",
  },
  VER_PDF_UPDATE_COMMENT: {
    en: "A later revision contains comments, which no permitted update needs.",
    zh: "后续修订中含有注释行，而任何允许的更新都不需要注释。",
  },
  VER_PDF_UPDATE_MARKUP: {
    en: "A later revision contains HTML or script markup: the file could be shown as a web page.",
    zh: "后续修订中含有 HTML 或脚本标记，该文件可能被当作网页显示。",
  },
  VER_PDF_UPDATE_OBJSTM_UNLISTED: {
    en: "An object stream of a later revision holds objects its cross-reference data does not list there.",
    zh: "后续修订的对象流中含有其交叉引用数据未在该处列出的对象。",
  },
  VER_PDF_REVISION_GENERATION_CHANGED: {
    en: "A later revision re-lists an object of the sealed document under another generation number; references to it would resolve to nothing.",
    zh: "后续修订以另一代号重新登记了已盖章文档中的对象，对它的引用将无法解析。",
  },
  VER_PDF_REPAIRED_VIEW_DIFFERS: {
    en: "A reader that rebuilds the document by scanning the file would show other objects than the cross-reference data lists.",
    zh: "通过扫描文件重建文档的阅读器所显示的对象与交叉引用数据所列的不同。",
  },
  VER_PDF_DOC_TIMESTAMP_MALFORMED: {
    en: "A document timestamp is malformed (not ETSI.RFC3161, a bad byte range or an unreadable token).",
    zh: "文档时间戳格式错误（不是 ETSI.RFC3161、字节范围有误或令牌无法解析）。",
  },
  VER_PDF_DOC_TIMESTAMP_IMPRINT_MISMATCH: {
    en: "A document timestamp was not made for the bytes it claims to cover.",
    zh: "文档时间戳并非针对其声称覆盖的字节生成。",
  },
  VER_PDF_DOC_TIMESTAMP_SIGNATURE_INVALID: {
    en: "A document timestamp's signature does not verify.",
    zh: "文档时间戳的签名验证失败。",
  },
  VER_PDF_DOC_TIMESTAMP_UNTRUSTED: {
    en: "A document timestamp's authority does not chain to the trusted root or may not issue timestamps.",
    zh: "文档时间戳机构无法链接到受信任的根证书，或无权签发时间戳。",
  },
  VER_PDF_UPDATE_ACTION: {
    en: "A later revision adds an action or script (JavaScript, a page-open or launch action); no permitted update carries one.",
    zh: "后续修订添加了动作或脚本（JavaScript、页面打开动作或启动动作），而任何允许的更新都不含此类内容。",
  },
  VER_PDF_UPDATE_DANGLING_REFERENCE: {
    en: "A later revision refers to an object that no cross-reference data lists; meeting it, readers rebuild the document by scanning the file.",
    zh: "后续修订引用了交叉引用数据未列出的对象；阅读器遇到此引用时会扫描整个文件重建文档。",
  },
} as const satisfies Record<string, Bilingual>;

export type ReasonCode = keyof typeof REASON_CODES;

export function messageOf(code: ReasonCode): Bilingual {
  const m = REASON_CODES[code];
  return { zh: m.zh, en: m.en };
}
