// What the issuing office's panels share: the API client on the session, the clock, the live region, and the
// licence types the signed-in issuer's department may issue (the list once, each type's detail when first chosen).
import type { ApiClient } from "../common/api-client.js";
import type { StaffSession } from "../common/staff-session.js";
import type { TypeDetail } from "./licence-form.js";

export class Office {
  private list: TypeDetail[] | null = null;
  private listing: Promise<void> | null = null;
  private details = new Map<string, Promise<TypeDetail | null>>();
  typesFailed = false;

  constructor(
    readonly api: ApiClient,
    readonly session: StaffSession,
    readonly now: () => Date,
    readonly announce: (text: string) => void,
  ) {}

  /** The types the department may issue (empty until loaded). */
  get types(): TypeDetail[] {
    const dept = this.session.who?.department;
    return (this.list ?? []).filter((t) => t.issuers.some((i) => i.code === dept));
  }

  loadTypes(): Promise<void> {
    this.listing ??= this.api.json<{ items: TypeDetail[] }>("GET", "/api/v1/licence-types").then((r) => {
      this.typesFailed = !r.ok;
      if (r.ok) this.list = r.data.items;
      else this.listing = null;
    });
    return this.listing;
  }

  /** GET /api/v1/licence-types/{code}: the schema the form is built from. */
  type(code: string): Promise<TypeDetail | null> {
    let d = this.details.get(code);
    if (!d) {
      d = this.api
        .json<TypeDetail>("GET", `/api/v1/licence-types/${encodeURIComponent(code)}`)
        .then((r) => (r.ok ? r.data : null));
      this.details.set(code, d);
      void d.then((t) => t ?? this.details.delete(code));
    }
    return d;
  }
}
