// A licence's facts as a definition list: name, identifier, holder (masked for clerks), issuer, status, validity,
// then its fields under their printed titles. Everything goes in as text.
import { formatDate, say } from "../i18n.js";
import { w } from "./common-words.js";
import { el } from "./dom.js";
import type { LicenceTypeInfo } from "./licence-catalogue.js";
import type { LicenceView } from "./licence-view.js";

function valueText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(valueText).join("、");
  return v === null || v === undefined ? "" : JSON.stringify(v);
}

export function validityText(v: Pick<LicenceView, "validFrom" | "validUntil">): string {
  return v.validUntil === null
    ? say(w.longTerm, { from: formatDate(v.validFrom) })
    : say(w.validRange, { from: formatDate(v.validFrom), until: formatDate(v.validUntil) });
}

/** The type's name in the page's language when the catalogue has it; the registry's (Chinese) name otherwise. */
export function typeName(v: Pick<LicenceView, "typeName">, info: LicenceTypeInfo | undefined): string {
  return info ? say(info.name) : v.typeName;
}

export function licenceFacts(v: LicenceView, info: LicenceTypeInfo | undefined): HTMLDListElement {
  const rows: [string, string, string?][] = [
    [say(w.licenceType), typeName(v, info)],
    [say(w.identifier), v.identifier, "mono"],
    [say(w.holder), v.holder.name],
    [say(w.holderCode), v.holder.code, "mono"],
    [say(w.issuer), v.issuer.name],
    [say(w.state), say(v.stateName) + (v.stateText ? ` (${v.stateText})` : "")],
    [say(w.validity), validityText(v)],
    [say(w.issuedOn), formatDate(v.issuedOn)],
    [say(w.version), v.version],
  ];
  const known = info?.fields ?? [];
  const order = [
    ...known.filter((f) => f.key in v.fields),
    ...Object.keys(v.fields)
      .filter((k) => !known.some((f) => f.key === k))
      .map((key) => ({ key, title: key })),
  ];
  for (const f of order) rows.push([f.title, valueText(v.fields[f.key])]);
  return el(
    "dl",
    { class: "facts", "data-testid": "licence-facts" },
    ...rows.flatMap(([dt, dd, cls]) => [el("dt", {}, dt), el("dd", cls ? { class: cls } : {}, dd)]),
  );
}
