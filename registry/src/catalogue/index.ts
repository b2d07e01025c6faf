// Public surface of the licence-type catalogue.
export { Catalogue } from "./catalogue.js";
export type { FieldValidation } from "./catalogue.js";
export { CATALOGUE_ERROR_CODES, CatalogueError } from "./catalogue-error.js";
export type { CatalogueErrorCode, CatalogueProblem } from "./catalogue-error.js";
export { FIELD_PROBLEM_CODES } from "./field-problems.js";
export type { FieldProblem, FieldProblemCode } from "./field-problems.js";
export { FIELD_KEYWORDS, IMPORT_TARGETS } from "./check-licence-type.js";
export type {
  FieldJsonType,
  FieldProperty,
  FieldSchema,
  HolderKind,
  ImportSpec,
  LicenceType,
  Validity,
} from "./licence-type.js";
export { loadCatalogue } from "./load-catalogue.js";
export { TYPE_JSON_SCHEMA } from "./type-json-schema.js";
