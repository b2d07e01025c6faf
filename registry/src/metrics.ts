// Prometheus text exposition: counters kept in process, licence counts by state read from the store at scrape.
import type { Store } from "./store/store.js";
import { STATE_NAMES, type LicenceStateCode } from "./domain/states.js";

export class Metrics {
  private issuances = 0;
  private lookups: Record<string, number> = {};
  private exempted = new Map<string, number>();
  /** Keyed by department and service item, joined by a newline (neither can hold one). */
  private exemptedByItem = new Map<string, number>();
  private requests = new Map<string, number>();

  countIssuance(): void {
    this.issuances++;
  }
  countLookup(kind: string): void {
    this.lookups[kind] = (this.lookups[kind] ?? 0) + 1;
  }
  countExempted(n: number, department: string | null, serviceItem: string | null = null): void {
    const k = department ?? "none";
    this.exempted.set(k, (this.exempted.get(k) ?? 0) + n);
    const ki = `${k}\n${serviceItem ?? "none"}`;
    this.exemptedByItem.set(ki, (this.exemptedByItem.get(ki) ?? 0) + n);
  }
  countRequest(route: string, status: number): void {
    const k = `${route}|${status}`;
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
  }

  async render(store: Store): Promise<string> {
    const byState = await store.countByState();
    const out: string[] = [];
    out.push(
      "# HELP elicence_licences Licence versions in the store, by state code.",
      "# TYPE elicence_licences gauge",
    );
    for (const code of Object.keys(STATE_NAMES) as LicenceStateCode[])
      out.push(`elicence_licences{state="${code}",name="${STATE_NAMES[code].en}"} ${byState[code] ?? 0}`);
    out.push(
      "# HELP elicence_sealing_parked Licence versions that cannot be sealed and are parked (current: not replaced by an amendment or renewal).",
      "# TYPE elicence_sealing_parked gauge",
      `elicence_sealing_parked{scope="current"} ${await store.countSealingParked({ current: true })}`,
      `elicence_sealing_parked{scope="all"} ${await store.countSealingParked()}`,
    );
    out.push(
      "# HELP elicence_issuances_total Licence versions created by this process (issue, amend, renew).",
      "# TYPE elicence_issuances_total counter",
    );
    out.push(`elicence_issuances_total ${this.issuances}`);
    out.push(
      "# HELP elicence_lookups_total Reads of personal data, by kind.",
      "# TYPE elicence_lookups_total counter",
    );
    for (const [k, v] of Object.entries(this.lookups)) out.push(`elicence_lookups_total{kind="${k}"} ${v}`);
    out.push(
      "# HELP elicence_materials_exempted_total Copies applicants were not asked for (exempt materials), by department.",
      "# TYPE elicence_materials_exempted_total counter",
    );
    for (const [k, v] of this.exempted) out.push(`elicence_materials_exempted_total{department="${k}"} ${v}`);
    out.push(
      '# HELP elicence_exempt_copies_total Copies applicants were not asked for, by department and service item ("none": checked without one).',
      "# TYPE elicence_exempt_copies_total counter",
    );
    for (const [k, v] of this.exemptedByItem) {
      const [department, item] = k.split("\n");
      out.push(
        `elicence_exempt_copies_total{department="${label(department)}",service_item="${label(item)}"} ${v}`,
      );
    }
    out.push(
      "# HELP elicence_http_requests_total HTTP requests by route and status.",
      "# TYPE elicence_http_requests_total counter",
    );
    for (const [k, v] of this.requests) {
      const [route, status] = k.split("|");
      out.push(`elicence_http_requests_total{route="${route ?? ""}",status="${status ?? ""}"} ${v}`);
    }
    return out.join("\n") + "\n";
  }
}

/** A Prometheus label value: backslash, double quote and newline escaped. */
function label(v: string | undefined): string {
  return (v ?? "").replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
