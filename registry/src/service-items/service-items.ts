// The loaded service items, by code. Immutable after loading; an empty set when templates/service-items/ is absent.
import type { ServiceItem } from "./service-item.js";

export class ServiceItems {
  readonly #byCode: ReadonlyMap<string, ServiceItem>;

  constructor(items: Iterable<ServiceItem> = []) {
    this.#byCode = new Map([...items].map((i) => [i.code, i]));
  }

  /** Every item, ordered by code. */
  list(): ServiceItem[] {
    return [...this.#byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  get(code: string): ServiceItem | undefined {
    return this.#byCode.get(code);
  }
}
