// The dashboard's chart, drawn as inline SVG: stacked bars of copies not asked for per day, one colour per
// department or service item, with a legend and the same figures as a table for screen readers and keyboards.
import { formatDate, lang, say } from "../i18n.js";
import { el, svg } from "../common/dom.js";
import type { ChartModel, ChartSeries } from "./chart-model.js";
import { OTHERS } from "./chart-model.js";
import { d } from "./desk-words.js";

const W = 720;
const H = 260;
const M = { top: 12, right: 12, bottom: 36, left: 44 };

export function seriesName(s: Pick<ChartSeries, "key" | "name">): string {
  if (s.key === OTHERS) return say(d.others);
  if (s.key === "none") return say(d.noGroup);
  return s.name ?? s.key;
}

function shortDate(date: string): string {
  const [, m, day] = date.split("-");
  return lang() === "zh" ? `${Number(m)}/${Number(day)}` : `${Number(day)}/${Number(m)}`;
}

export function exemptionChart(model: ChartModel, group: "department" | "serviceItem"): HTMLElement {
  const groupWord = say(group === "department" ? d.groupDepartment : d.groupServiceItem);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const band = plotW / Math.max(1, model.dates.length);
  const barW = Math.max(2, Math.min(28, band * 0.7));
  const y = (v: number) => M.top + plotH - (v / model.yMax) * plotH;

  const grid = model.ticks.map((t) =>
    svg(
      "g",
      { class: "tick" },
      svg("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: t === 0 ? "axis" : "grid" }),
      svg("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end", class: "tick-label" }, String(t)),
    ),
  );
  const labelEvery = Math.max(1, Math.ceil(model.dates.length / 8));
  const xLabels = model.dates.map((date, i) =>
    // Counted back from the last day, so today always has its label and no two labels crowd each other.
    (model.dates.length - 1 - i) % labelEvery === 0
      ? svg(
          "text",
          {
            x: M.left + band * (i + 0.5),
            y: H - M.bottom + 18,
            "text-anchor": "middle",
            class: "tick-label",
          },
          shortDate(date),
        )
      : null,
  );
  const bars = model.dates.flatMap((date, i) => {
    let base = 0;
    return model.series.flatMap((s) => {
      const v = s.values[i] ?? 0;
      if (v === 0) return [];
      const rect = svg(
        "rect",
        {
          x: M.left + band * i + (band - barW) / 2,
          y: y(base + v),
          width: barW,
          height: Math.max(1, y(base) - y(base + v)),
          class: `bar series-${s.colour}`,
          "data-date": date,
          "data-series": s.key,
          "data-value": v,
        },
        svg("title", {}, say(d.barTitle, { date: formatDate(date), name: seriesName(s), n: String(v) })),
      );
      base += v;
      return [rect];
    });
  });

  const chart = svg(
    "svg",
    {
      viewBox: `0 0 ${W} ${H}`,
      class: "chart",
      role: "img",
      "aria-labelledby": "chart-title chart-desc",
      "data-testid": "exemption-chart",
    },
    svg("title", { id: "chart-title" }, say(d.chartTitle)),
    svg("desc", { id: "chart-desc" }, say(d.chartDesc, { group: groupWord })),
    ...grid,
    ...bars,
    ...xLabels.filter((x) => x !== null),
  );

  const legend = el(
    "ul",
    { class: "legend", "data-testid": "chart-legend" },
    ...model.series.map((s) =>
      el(
        "li",
        { "data-series": s.key },
        el("span", { class: `swatch series-${s.colour}`, "aria-hidden": "true" }),
        el("span", { class: "legend-name" }, seriesName(s)),
        el("span", { class: "legend-total" }, say(d.copies, { n: String(s.total) })),
      ),
    ),
  );

  // The figures again as a table: only the days with something to show, one column per series.
  const rows = model.dates.map((date, i) => ({ date, i })).filter(({ i }) => (model.dayTotals[i] ?? 0) > 0);
  const table = el(
    "details",
    { class: "chart-table" },
    el("summary", {}, say(d.tableSummary)),
    el(
      "table",
      { "data-testid": "chart-table" },
      el("caption", { class: "visually-hidden" }, say(d.chartTitle)),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col" }, say(d.tableDate)),
          ...model.series.map((s) => el("th", { scope: "col" }, seriesName(s))),
          el("th", { scope: "col" }, say(d.tableTotal)),
        ),
      ),
      el(
        "tbody",
        {},
        ...rows.map(({ date, i }) =>
          el(
            "tr",
            {},
            el("th", { scope: "row" }, formatDate(date)),
            ...model.series.map((s) => el("td", {}, String(s.values[i] ?? 0))),
            el("td", {}, String(model.dayTotals[i] ?? 0)),
          ),
        ),
      ),
    ),
  );

  return el("figure", { class: "chart-figure" }, chart, legend, table);
}
