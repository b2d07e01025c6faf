// An access-log entry (GET /api/v1/holder/access-log) in plain words for the holder: who (department and role), what
// they did with the holder's data, and why (the purpose they stated).
import type { AccessEntry } from "@elicence/registry/api";
import type { Bilingual } from "@elicence/core";

// The registry's own type (erased at build: nothing of the registry reaches the bundle).
export type { AccessEntry };

const ROLES: Readonly<Record<string, Bilingual>> = {
  clerk: { zh: "窗口工作人员", en: "a window clerk" },
  issuer: { zh: "发证工作人员", en: "an issuing officer" },
  auditor: { zh: "审计人员", en: "an auditor" },
  admin: { zh: "系统管理员", en: "an administrator" },
};

/** What was done; {id} is the licence identifier when the target is one. */
const ACTIONS: Readonly<Record<string, Bilingual>> = {
  "materials.check": {
    zh: "核对了您办事需要提交的材料（已有证照的可免交复印件）",
    en: "checked which documents you need to bring (licences on record spare you the copies)",
  },
  "holder.lookup": { zh: "查询了您名下的证照", en: "looked up the licences in your name" },
  "licence.read": { zh: "查看了您的证照 {id}", en: "viewed your licence {id}" },
  "licence.download": { zh: "下载了您的证照文件 {id}", en: "downloaded your licence document {id}" },
  "licence.annotated-copy": {
    zh: "为您的证照 {id} 制作了加注件",
    en: "made an annotated copy of your licence {id}",
  },
  "licence.history": { zh: "查看了您的证照 {id} 的变更记录", en: "viewed the history of your licence {id}" },
  "holder.access-log": { zh: "查看了您的被查询记录", en: "read the record of who looked you up" },
  "licence.list": {
    zh: "在证照清单中查看了您的证照 {id}",
    en: "saw your licence {id} in a list of licences",
  },
  "holder.share-code.create": {
    zh: "为您生成了一次性查询码（可查看您的全部证照）",
    en: "made you a one-time share code (it opens all your licences)",
  },
  // Reads through a share code: if it was not you, someone else used your code.
  "holder.share-code.use": {
    zh: "用查询码登录了“我的电子证照”（如非本人操作，请联系发码部门）",
    en: "signed in to “My licences” with a share code (if this was not you, contact the department that made it)",
  },
  // {id} is "audit-log#12-40": the events of the audit log that were read.
  "audit.events": {
    zh: "在审计日志中查看了涉及您的记录（{id}）",
    en: "read audit-log entries about you ({id})",
  },
  "holder.self.licences": { zh: "查看了您名下的全部证照", en: "viewed all the licences in your name" },
};

const OTHER_ACTION: Bilingual = { zh: "使用了您的数据（{action}）", en: "used your data ({action})" };
const NO_DEPARTMENT: Bilingual = { zh: "未登记部门", en: "no recorded department" };
const NO_PURPOSE: Bilingual = { zh: "未说明事由", en: "No purpose stated" };

function fillBoth(text: Bilingual, vars: Record<string, string>): Bilingual {
  const f = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  return { zh: f(text.zh), en: f(text.en) };
}

export interface AccessWords {
  who: Bilingual;
  what: Bilingual;
  why: Bilingual;
}

export function accessWords(e: AccessEntry): AccessWords {
  const role = ROLES[e.role] ?? { zh: e.role, en: e.role };
  const dept = e.departmentName ?? e.department;
  // A share-code session: whoever held the code (the department is the one that made it), not staff.
  const who: Bilingual =
    e.role === "holder"
      ? dept
        ? { zh: `查询码持有人（码由${dept}发放）`, en: `The holder of a share code made by ${dept}` }
        : { zh: "查询码持有人", en: "The holder of a share code" }
      : dept
        ? { zh: `${dept}${role.zh}`, en: `${capitalise(role.en)} at ${dept}` }
        : { zh: `${role.zh}（${NO_DEPARTMENT.zh}）`, en: `${capitalise(role.en)} (${NO_DEPARTMENT.en})` };
  const known =
    ACTIONS[e.action] ?? (e.action.includes("annotated") ? ACTIONS["licence.annotated-copy"] : undefined);
  const what = fillBoth(known ?? OTHER_ACTION, { id: e.target, action: e.action });
  const why: Bilingual = e.purpose ? { zh: `事由：${e.purpose}`, en: `Purpose: ${e.purpose}` } : NO_PURPOSE;
  return { who, what, why };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
