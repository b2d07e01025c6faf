// Department names by unified social credit code, from what the registry knows: the licence types' issuers and the
// service items' departments. Used where people read figures or logs (the holder's access log, the desk's chart).
import type { Catalogue } from "../catalogue/index.js";
import type { ServiceItems } from "../service-items/service-items.js";

export class DepartmentNames {
  readonly #names = new Map<string, string>();

  constructor(catalogue: Catalogue, items: ServiceItems) {
    for (const t of catalogue.list()) {
      this.#names.set(t.authority.code, t.authority.name);
      for (const i of t.issuers) this.#names.set(i.code, i.name);
    }
    for (const item of items.list()) this.#names.set(item.department.code, item.department.name);
  }

  /** The department's name, or null when the code is not one the registry knows (or there is none). */
  name(code: string | null): string | null {
    return code === null ? null : (this.#names.get(code) ?? null);
  }
}
