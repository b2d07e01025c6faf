// JSON Schema (draft 2020-12) of templates/<type code>/type.json: the structure. Checks that need code (check
// characters, folder name, cross-references, the field schema itself) live in check-licence-type.ts.

/** USCC alphabet per GB 32100-2015: digits and capitals without I, O, S, V, Z. */
export const USCC_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{18}$";
export const TYPE_CODE_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$";
/** Field names are ASCII camelCase: API clients send them, the printed label is the `title`. */
export const FIELD_NAME_PATTERN = "^[a-z][A-Za-z0-9]{0,39}$";

const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength }) as const;

const department = {
  type: "object",
  required: ["name", "code"],
  additionalProperties: false,
  properties: {
    name: text(100),
    code: { type: "string", pattern: USCC_PATTERN },
  },
} as const;

export const TYPE_JSON_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "eLicence licence type (templates/<type code>/type.json)",
  type: "object",
  required: [
    "code",
    "name",
    "authority",
    "holderKind",
    "schema",
    "validity",
    "issuers",
    "publicFields",
    "example",
  ],
  additionalProperties: false,
  properties: {
    $comment: { type: "string" },
    code: { type: "string", pattern: TYPE_CODE_PATTERN },
    name: {
      type: "object",
      required: ["zh", "en"],
      additionalProperties: false,
      properties: { zh: text(100), en: text(200) },
    },
    authority: department,
    holderKind: { type: "string", enum: ["person", "organisation"] },
    holderTitles: {
      type: "object",
      required: ["name", "code"],
      additionalProperties: false,
      properties: { name: text(20), code: text(20) },
    },
    schema: {
      type: "object",
      required: ["type", "properties", "required", "additionalProperties"],
      properties: {
        $schema: { const: "https://json-schema.org/draft/2020-12/schema" },
        type: { const: "object" },
        additionalProperties: { const: false },
        required: { type: "array", uniqueItems: true, items: { type: "string" } },
        properties: {
          type: "object",
          minProperties: 1,
          propertyNames: { type: "string", pattern: FIELD_NAME_PATTERN },
          additionalProperties: {
            type: "object",
            required: ["title", "type"],
            properties: {
              title: text(40),
              type: { type: "string", enum: ["string", "integer", "number", "boolean", "array"] },
            },
          },
        },
      },
    },
    validity: {
      type: "object",
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: {
        years: { type: "integer", minimum: 1, maximum: 100 },
        longTerm: { const: true },
      },
    },
    // Renewals are accepted from beforeExpiryDays before validUntil to afterExpiryDays after it (licences/rules/).
    renewalWindow: {
      type: "object",
      required: ["beforeExpiryDays", "afterExpiryDays"],
      additionalProperties: false,
      properties: {
        beforeExpiryDays: { type: "integer", minimum: 0, maximum: 3660 },
        afterExpiryDays: { type: "integer", minimum: 0, maximum: 3660 },
      },
    },
    // The field printing the licence's number, unique among the type's live licences (licences/rules/).
    numberField: { type: "string", pattern: FIELD_NAME_PATTERN },
    issuers: { type: "array", minItems: 1, items: department },
    publicFields: { type: "array", uniqueItems: true, items: { type: "string" } },
    example: { type: "object" },
    exampleHolder: {
      type: "object",
      required: ["name", "code"],
      additionalProperties: false,
      properties: { name: text(200), code: { type: "string", minLength: 1, maxLength: 40 } },
    },
    import: {
      type: "object",
      required: ["columns"],
      additionalProperties: false,
      properties: {
        columns: {
          type: "object",
          minProperties: 1,
          propertyNames: { type: "string", minLength: 1, maxLength: 100 },
          additionalProperties: { type: "string", minLength: 1 },
        },
      },
    },
    notes: { type: "string" },
  },
} as const;
