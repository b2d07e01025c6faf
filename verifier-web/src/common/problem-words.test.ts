import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../i18n.js";
import { plainProblem } from "./problem-words.js";

const labels = { holderCode: { zh: "申请人代码", en: "Applicant's code" } };

afterEach(() => setLang("zh", null));

describe("plainProblem", () => {
  it("words a validation failure field by field, with the identifier catalogue's Chinese and the did-you-mean", () => {
    const p = plainProblem(
      {
        status: 422,
        code: "REG_VALIDATION_FAILED",
        message: "The request was understood but …",
        details: [
          {
            field: "holderCode",
            code: "REG_USCC_CHECK_MISMATCH",
            message: "The 18th …",
            suggestion: "91441521MA55C7TBXR",
          },
          { field: "purpose", code: "REG_PURPOSE_REQUIRED", message: "state why" },
          { field: "other", code: "REG_SOMETHING_NEW", message: "as the registry says it" },
        ],
      },
      labels,
    );
    expect(p.headline).toBe("填写的内容有误，请按下面的提示修改：");
    expect(p.lines).toEqual([
      {
        field: "holderCode",
        text: "申请人代码：第18位校验码与前17位不符，说明有字符录错。请逐位对照证书核对。 您是否要输入：91441521MA55C7TBXR",
      },
      { field: "purpose", text: "请填写申请事由。" },
      { field: "other", text: "as the registry says it" },
    ]);
  });

  it("switches language, adds the wait of a 429, and hides 5xx details behind one plain sentence", () => {
    setLang("en", null);
    expect(
      plainProblem({ status: 429, code: "REG_RATE_LIMITED", message: "", details: [], retryAfterSeconds: 30 })
        .headline,
    ).toBe("Too many attempts; please wait a little and try again. (try again in about 30 s)");
    setLang("zh", null);
    expect(
      plainProblem({ status: 502, code: "WEB_BAD_RESPONSE", message: "HTTP 502", details: [] }).headline,
    ).toBe("证照库的回答无法识别，请稍后再试。");
    expect(
      plainProblem({ status: 503, code: "REG_UNKNOWN_5XX", message: "stack …", details: [] }).headline,
    ).toBe("证照库出现内部错误，已记录。请稍后再试。");
    // An unknown 4xx keeps the registry's own message rather than saying nothing.
    expect(
      plainProblem({ status: 409, code: "REG_NEW_CODE", message: "What the registry said.", details: [] })
        .headline,
    ).toBe("What the registry said.");
  });
});
