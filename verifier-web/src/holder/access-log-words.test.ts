import { describe, expect, it } from "vitest";
import { accessWords, type AccessEntry } from "./access-log-words.js";

const base: AccessEntry = {
  at: "2026-11-29T02:00:00.000Z",
  action: "materials.check",
  role: "clerk",
  department: "11441521MB2C97310M",
  departmentName: "海丰县市场监督管理局",
  purpose: "食品经营许可延续申请",
  target: "91441521MA55C7TBXR",
};

describe("accessWords", () => {
  it("says who (department and role), what and why, in both languages", () => {
    expect(accessWords(base)).toEqual({
      who: { zh: "海丰县市场监督管理局窗口工作人员", en: "A window clerk at 海丰县市场监督管理局" },
      what: {
        zh: "核对了您办事需要提交的材料（已有证照的可免交复印件）",
        en: "checked which documents you need to bring (licences on record spare you the copies)",
      },
      why: { zh: "事由：食品经营许可延续申请", en: "Purpose: 食品经营许可延续申请" },
    });
  });

  it("names the licence read, and falls back to the department's code, then to 'no department'", () => {
    const read = accessWords({
      ...base,
      action: "licence.read",
      target: "1.2.156.3005.2.X",
      departmentName: null,
    });
    expect(read.what.zh).toBe("查看了您的证照 1.2.156.3005.2.X");
    expect(read.who.zh).toBe("11441521MB2C97310M窗口工作人员");
    const none = accessWords({
      ...base,
      role: "auditor",
      department: null,
      departmentName: null,
      purpose: null,
    });
    expect(none.who).toEqual({ zh: "审计人员（未登记部门）", en: "An auditor (no recorded department)" });
    expect(none.why.zh).toBe("未说明事由");
  });

  it("words an annotated copy, and shows an unknown action by its name rather than hiding it", () => {
    expect(accessWords({ ...base, action: "licence.annotated-copy", target: "L1" }).what.zh).toBe(
      "为您的证照 L1 制作了加注件",
    );
    expect(accessWords({ ...base, action: "licence.something-new" }).what.en).toBe(
      "used your data (licence.something-new)",
    );
  });

  it("words a share code's creation and the session it opened, so a code used by someone else shows", () => {
    const made = accessWords({
      ...base,
      action: "holder.share-code.create",
      purpose: "申请人查看本人证照及查询记录",
    });
    expect(made.what.zh).toContain("一次性查询码");
    const used = accessWords({ ...base, action: "holder.share-code.use", role: "holder", purpose: null });
    expect(used.who).toEqual({
      zh: "查询码持有人（码由海丰县市场监督管理局发放）",
      en: "The holder of a share code made by 海丰县市场监督管理局",
    });
    expect(used.what.zh).toContain("如非本人操作");
  });
});
