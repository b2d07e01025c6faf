// The desk's dashboard: copies not asked for over a chosen period, per department or per service item, read from
// GET /api/v1/stats/exemptions (aggregates only, no personal data) and drawn by exemption-chart.ts.
import { formatDate, say } from "../i18n.js";
import type { ApiClient } from "../common/api-client.js";
import { addDays, chinaDate } from "../common/dates.js";
import { el, fill } from "../common/dom.js";
import { plainProblem } from "../common/problem-words.js";
import { w } from "../common/common-words.js";
import { chartModel, type ExemptionStats } from "./chart-model.js";
import { d } from "./desk-words.js";
import { exemptionChart } from "./exemption-chart.js";

export type Grouping = "department" | "serviceItem";

export class Dashboard {
  by: Grouping = "department";
  days = 30;
  private stats: ExemptionStats | null = null;
  private problem: ReturnType<typeof plainProblem> | null = null;
  private loading = false;
  private generation = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly host: HTMLElement,
  ) {}

  async load(now: Date): Promise<void> {
    const gen = ++this.generation;
    const to = chinaDate(now);
    const from = addDays(to, 1 - this.days);
    this.loading = true;
    this.render();
    const res = await this.api.json<ExemptionStats>(
      "GET",
      `/api/v1/stats/exemptions?by=${this.by}&from=${from}&to=${to}`,
      { session: true },
    );
    if (gen !== this.generation) return;
    this.loading = false;
    this.stats = res.ok ? res.data : null;
    this.problem = res.ok ? null : plainProblem(res.problem);
    this.render();
  }

  render(): void {
    this.host.setAttribute("aria-busy", String(this.loading));
    if (this.loading && !this.stats) return fill(this.host, el("p", { class: "hint" }, say(w.loading)));
    if (this.problem) return fill(this.host, el("p", { class: "message" }, this.problem.headline));
    if (!this.stats) return fill(this.host);
    const s = this.stats;
    const totals = el(
      "p",
      { class: "totals", "data-testid": "dashboard-totals" },
      say(d.totals, {
        from: formatDate(s.from),
        to: formatDate(s.to),
        exempt: String(s.exempt),
        checks: String(s.checks),
        materials: String(s.materials),
      }),
    );
    if (s.exempt === 0) return fill(this.host, totals, el("p", { class: "hint" }, say(d.noData)));
    fill(this.host, totals, exemptionChart(chartModel(s), this.by));
  }
}
