// The public catalogue of licence types, read once per page: type names in both languages and each field's title
// (the schema's Chinese title, as printed on the licence) in the schema's order, to show a licence's fields.
import type { Bilingual } from "@elicence/core";
import type { ApiClient } from "./api-client.js";

export interface LicenceTypeInfo {
  code: string;
  name: Bilingual;
  /** Field keys and titles in the order the type's schema lists them. */
  fields: { key: string; title: string }[];
}

interface TypeBody {
  code: string;
  name: Bilingual;
  schema?: { properties?: Record<string, { title?: string }> };
}

export class LicenceCatalogue {
  private types = new Map<string, LicenceTypeInfo>();
  private loading: Promise<void> | null = null;

  constructor(private readonly api: ApiClient) {}

  /** Loads the catalogue once; a failure leaves it empty (fields then show by their keys) and may be retried. */
  load(): Promise<void> {
    this.loading ??= this.api.json<{ items: TypeBody[] }>("GET", "/api/v1/licence-types").then((r) => {
      if (!r.ok) {
        this.loading = null;
        return;
      }
      for (const t of r.data.items)
        this.types.set(t.code, {
          code: t.code,
          name: t.name,
          fields: Object.entries(t.schema?.properties ?? {}).map(([key, p]) => ({
            key,
            title: p.title ?? key,
          })),
        });
    });
    return this.loading;
  }

  get(code: string): LicenceTypeInfo | undefined {
    return this.types.get(code);
  }
}
