// The stated purpose as HTTP carries it: the `purpose` query parameter of a lookup of personal data. What a purpose
// must be is a rule of the domain (domain/purpose.ts), the same for every route, the importer and share requests.
import { requirePurpose } from "../domain/purpose.js";

// Re-exported for the callers that still import it from here (routes/licences.ts, people.ts, materials.ts and
// licences/licence-service.ts, being changed elsewhere at the time of the move); new code imports the domain's.
export { requirePurpose };

/** The `purpose` query parameter, checked: the lookup routes' one way to read it. */
export function purposeOf(query: { purpose?: unknown }): string {
  return requirePurpose(query.purpose, "purpose");
}
