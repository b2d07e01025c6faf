// The public record of a licence: an organisation named in full, a person masked as on the QR code, and only the
// type's publicFields, labelled as printed.
import { describe, expect, it } from "vitest";
import type { LicenceType } from "../catalogue/licence-type.js";
import { CITIZEN_WANG, COMPANY, makeLicence } from "../../test/store/licence-fixtures.js";
import { publicRecord } from "./public-record.js";

const TYPE = {
  code: "11100000000013303A001",
  name: { zh: "教师资格证", en: "Teacher qualification certificate" },
  publicFields: ["qualificationType", "subject", "languages"],
  schema: {
    type: "object",
    properties: {
      qualificationType: { title: "资格种类", type: "string" },
      subject: { title: "任教学科", type: "string" },
      languages: { title: "教学语言", type: "array" },
      birthDate: { title: "出生日期", type: "string" },
    },
    required: [],
    additionalProperties: false,
  },
} as unknown as LicenceType;
const catalogue = { get: (code: string) => (code === TYPE.code ? TYPE : undefined) };

describe("publicRecord", () => {
  it("masks a person as the QR code does and shows only the public fields, labelled, in the type's order", () => {
    const record = makeLicence({ serial: "A0001", typeCode: TYPE.code, holder: CITIZEN_WANG });
    record.fields = {
      birthDate: "1985-07-15",
      subject: "数学",
      qualificationType: "高级中学",
      languages: ["汉语", "英语"],
    };
    const view = publicRecord(record, catalogue);
    expect(view.holder).toEqual({ kind: "person", name: "王**", code: "330106********321X", masked: true });
    expect(view.publicFields).toEqual([
      { field: "qualificationType", label: "资格种类", value: "高级中学" },
      { field: "subject", label: "任教学科", value: "数学" },
      { field: "languages", label: "教学语言", value: "汉语、英语" },
    ]);
    const text = JSON.stringify(view);
    for (const secret of [CITIZEN_WANG.name, CITIZEN_WANG.code, "1985-07-15"])
      expect(text).not.toContain(secret);
    expect(view.typeName.zh).toBe("教师资格证");
  });

  it("names an organisation in full, with its credit code", () => {
    const record = makeLicence({ serial: "A0002", typeCode: TYPE.code, holder: COMPANY });
    expect(publicRecord(record, catalogue).holder).toEqual({
      kind: "organisation",
      name: COMPANY.name,
      code: COMPANY.code,
      masked: false,
    });
  });
});
