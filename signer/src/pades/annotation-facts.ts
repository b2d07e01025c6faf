// What an annotated copy (加注件) says and where it says it: the prepared field's name, the signed dictionary carrying
// the note's facts, and the note's wording. Shared by the writer (annotate-pdf.ts) and the validator.
import { dateZh, type Bilingual } from "@elicence/core";

/** The signature field every sealed licence carries, empty and hidden, for the annotation to fill. */
export const ANNOTATION_FIELD_NAME = "eLicenceAnnotation";

/** Key of the dictionary in the annotation's signature dictionary (so covered by its signature) holding the facts. */
export const ANNOTATION_DICT_KEY = "ELicenceAnnotation";

/** Longest stated purpose, as the registry allows it (registry/src/http/purpose.ts). */
export const MAX_PURPOSE_LENGTH = 200;

export interface AnnotationFacts {
  /** The stated purpose (用证事由). */
  purpose: string;
  /** Last day (China calendar date, YYYY-MM-DD) the copy may be used for the purpose. */
  validUntil: string;
  /** The licence identifier the copy is of. */
  identifier: string;
}

/** The note in both languages, as drawn on the page and written to /Reason. */
export function annotationNote(purpose: string, validUntil: string): Bilingual {
  return {
    zh: `仅供${purpose}使用，有效期至${dateZh(validUntil)}`,
    en: `For ${purpose} only, valid until ${validUntil}`,
  };
}
