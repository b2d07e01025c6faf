// What a checker may learn about a licence from its QR code besides its state: which licence it is. The type, the
// issuing department, the holder — an organisation by its full name and credit code (organisations are public), a
// person by the masked name and ID number the QR code already carries — and the type's `publicFields` (经营项目,
// 资格种类 …: declared public in type.json, never personal data), labelled as the licence prints them.
import type { LicenceRecord } from "../domain/licence.js";
import type { Catalogue } from "../catalogue/catalogue.js";
import { maskHolderCode, maskName, type Bilingual } from "@elicence/core";

export interface PublicField {
  field: string;
  /** The label the licence prints (type.json `title`). */
  label: string;
  value: string;
}

export interface PublicRecord {
  typeCode: string;
  typeName: Bilingual;
  version: string;
  issuer: { code: string; name: string };
  holder: { kind: "organisation" | "person"; name: string; code: string; masked: boolean };
  publicFields: PublicField[];
}

/** A field value as text: arrays joined with the Chinese enumeration comma, booleans as 是/否. */
function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join("、");
  if (typeof value === "boolean") return value ? "是" : "否";
  return String(value);
}

export function publicRecord(record: LicenceRecord, catalogue: Pick<Catalogue, "get">): PublicRecord {
  const type = catalogue.get(record.typeCode);
  const organisation = record.holder.codeType === "001";
  const fields: PublicField[] = [];
  for (const field of type?.publicFields ?? []) {
    const value = record.fields[field];
    if (value === undefined || value === null || value === "") continue;
    fields.push({ field, label: type?.schema.properties[field]?.title ?? field, value: text(value) });
  }
  return {
    typeCode: record.typeCode,
    typeName: type ? { zh: type.name.zh, en: type.name.en } : { zh: record.typeCode, en: record.typeCode },
    version: String(record.version).padStart(3, "0"),
    issuer: { code: record.issuer.code, name: record.issuer.name },
    holder: organisation
      ? { kind: "organisation", name: record.holder.name, code: record.holder.code, masked: false }
      : {
          kind: "person",
          name: maskName(record.holder.name),
          code: maskHolderCode(record.holder.code, "111"),
          masked: true,
        },
    publicFields: fields,
  };
}
