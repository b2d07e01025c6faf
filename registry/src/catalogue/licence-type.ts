// The shape of a licence type as loaded from templates/<type code>/type.json: metadata, field schema, validity
// rule and issuing departments. Loaded objects are deeply frozen.
import type { HolderCodeType, IssuingDepartment } from "../domain/licence.js";

export type HolderKind = "person" | "organisation";

/** JSON types a licence field may have: fields stay flat so that PDFs, CSV columns and forms map one to one. */
export type FieldJsonType = "string" | "integer" | "number" | "boolean" | "array";

/** One field of a licence type: a JSON Schema (draft 2020-12) whose `title` is the label printed on the licence. */
export interface FieldProperty {
  readonly title: string;
  readonly type: FieldJsonType;
  readonly description?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly items?: Readonly<Record<string, unknown>>;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly examples?: readonly unknown[];
  readonly [keyword: string]: unknown;
}

/** The `schema` member: a flat JSON object with ASCII camelCase keys and no other members. */
export interface FieldSchema {
  readonly $schema?: string;
  readonly type: "object";
  readonly properties: Readonly<Record<string, FieldProperty>>;
  readonly required: readonly string[];
  readonly additionalProperties: false;
}

/** `{ years: N }`: valid N years from validFrom, minus one day. `{ longTerm: true }`: 长期, no expiry. */
export type Validity = { readonly years: number } | { readonly longTerm: true };

/** When a renewal is accepted: from `beforeExpiryDays` before the licence's validUntil to `afterExpiryDays` after it. */
export interface RenewalWindow {
  readonly beforeExpiryDays: number;
  readonly afterExpiryDays: number;
}

/** Where a bulk-conversion column goes: a holder member, the paper number, a licence date or a schema field. */
export interface ImportSpec {
  /** Header text as it appears in the paper register's export → field path. */
  readonly columns: Readonly<Record<string, string>>;
}

export interface LicenceType {
  /** GB/T 36904 type code: the defining authority's USCC + 3 digits; also the folder name. */
  readonly code: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The authority that defines the type (证照定义机构); its code is the first 18 characters of `code`. */
  readonly authority: IssuingDepartment;
  readonly holderKind: HolderKind;
  /** Derived from holderKind: person → 111 (citizen ID number), organisation → 001 (USCC). */
  readonly holderCodeType: HolderCodeType;
  /** Labels the licence prints for the holder's name and code (名称/统一社会信用代码, 姓名/公民身份号码 …). */
  readonly holderTitles: { readonly name: string; readonly code: string };
  readonly schema: FieldSchema;
  readonly validity: Validity;
  /** Absent: a renewal is accepted at any time (long-term types never need one). */
  readonly renewalWindow?: RenewalWindow;
  /**
   * The field that prints the licence's number (许可证编号, 证书号码 …), unique among the type's live licences.
   * Absent: the paper number of a converted licence is its number (born-digital ones have none).
   */
  readonly numberField?: string;
  /** Departments allowed to issue this type. */
  readonly issuers: readonly IssuingDepartment[];
  /** Field names shown on public verification; never personal data. */
  readonly publicFields: readonly string[];
  /** Fields that pass `schema`: sample data for tests, previews and layout work. */
  readonly example: Readonly<Record<string, unknown>>;
  readonly exampleHolder?: { readonly name: string; readonly code: string };
  readonly import?: ImportSpec;
  readonly notes?: string;
  /** Absolute path of the type.json it was loaded from. */
  readonly source: string;
}
