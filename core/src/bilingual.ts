// Text in both languages of the registry: Chinese for departments and citizens, English for integrators and tests.
// The one name for the shape every catalogue, reason, state name and page word uses.

export interface Bilingual {
  zh: string;
  en: string;
}
