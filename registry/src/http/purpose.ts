// The stated purpose as HTTP carries it: the `purpose` query parameter of a lookup of personal data. What a purpose
// must be is a rule of the domain (domain/purpose.ts), the same for every route, the importer and share requests.
import { requirePurpose } from "../domain/purpose.js";

/** The `purpose` query parameter, checked: the lookup routes' one way to read it. */
export function purposeOf(query: { purpose?: unknown }): string {
  return requirePurpose(query.purpose, "purpose");
}
