// Putting the answer on the page. Everything that came from a QR code or a server goes in as text, never as HTML.
import type { Bilingual } from "@elicence/core";
import { CHECK_TITLES, formatDate, labelled, lang, say, t } from "./i18n.js";
import type { PdfOutcome, ValidationReport } from "./pdf-upload.js";
import type { TrustState } from "./trust-store.js";
import {
  decideLegacy,
  type LicenceFacts,
  type Line,
  type LiveStatus,
  type OfflineCheck,
  type PublicRecord,
  type Verdict,
} from "./verdict.js";
import { under } from "./common/base-path.js";

/** Why the live status is not shown, by what asking the registry gave. */
const LIVE_PROBLEM: Record<Exclude<LiveStatus["kind"], "ok" | "pending" | "not-asked">, Bilingual> = {
  mismatch: t.statusRefused,
  unknown: t.statusUnknown,
  busy: t.statusBusy,
  failed: t.statusFailed,
  offline: t.statusOffline,
};

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page lacks #${id}`);
  return node as T;
}

function line(l: Line): string {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(l.vars ?? {}))
    vars[k] = typeof v === "string" ? v : formatDate(v.date, v.time ?? false);
  return say(l.text, vars);
}

const pick = (text: Bilingual) => text[lang()];

/** Once an answer is on the page, the scan options become "check another licence". */
function showingResult(): void {
  byId("intro").hidden = true;
  const heading = byId("inputs-heading");
  heading.dataset.t = "scanHeading";
  heading.textContent = say(t.scanHeading);
}

/** The static words of the page in the current language, and the html lang attribute for screen readers. */
export function renderStatic(): void {
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  document.title = say(t.title);
  for (const node of document.querySelectorAll<HTMLElement>("[data-t]")) {
    const key = node.dataset.t as keyof typeof t;
    if (key in t) node.textContent = say(t[key]);
  }
  const sw = byId<HTMLButtonElement>("lang-switch");
  sw.textContent = say(t.switchTo);
  sw.lang = lang() === "zh" ? "en" : "zh-CN";
  sw.setAttribute("aria-label", say(t.switchToLabel));
}

export interface QrView {
  mode: "qr" | "legacy";
  offline: OfflineCheck | null;
  live: LiveStatus;
  trust: TrustState | null;
  verdict: Verdict | null;
  typeName: Bilingual | null;
  /** The registry's public record of the verified licence (an organisation in full, the public fields), if any. */
  record?: PublicRecord | null;
}

const SYMBOLS = { ok: "✓", bad: "✗", warn: "!", info: "i", pending: "…" } as const;

function verdictBox(
  tone: keyof typeof SYMBOLS,
  headline: string,
  lines: string[],
  testId: string,
): HTMLElement {
  return el(
    "div",
    { class: `verdict tone-${tone}`, "data-testid": testId, "data-tone": tone },
    el("div", { class: "symbol", "aria-hidden": "true" }, el("span", {}, SYMBOLS[tone])),
    el(
      "div",
      {},
      el("p", { class: "headline" }, headline),
      lines.length ? el("ul", { class: "explain" }, ...lines.map((l) => el("li", {}, l))) : null,
    ),
  );
}

/** "New version: <identifier>", with a link to its status when the registry gave its token. */
function successorLink(s: { identifier: string; token: string | null }): HTMLElement {
  return el(
    "div",
    { class: "successor" },
    el("p", {}, labelled(say(t.newVersion), ""), el("code", { "data-testid": "successor-id" }, s.identifier)),
    s.token
      ? el(
          "a",
          { href: under(`/v/${encodeURIComponent(s.token)}`), "data-testid": "successor-link" },
          say(t.verifyNewVersion),
        )
      : null,
  );
}

export function renderQr(view: QrView, onRetry: () => void): void {
  const section = byId("result");
  section.hidden = false;
  showingResult();
  const box = byId("verdict");
  const v = view.verdict;
  box.replaceChildren(
    v
      ? verdictBox(v.tone, say(v.headline), v.lines.map(line), "verdict")
      : verdictBox("pending", say(t.checking), [], "verdict"),
  );
  box.dataset.headline = v ? v.headline.en : "pending";

  const successor = byId("successor");
  successor.replaceChildren();
  if (v?.successor) successor.append(successorLink(v.successor));

  const actions = byId("actions");
  actions.replaceChildren();
  if (v?.retryable) {
    const b = el("button", { type: "button", class: "action small retry" }, say(t.retry));
    b.addEventListener("click", onRetry);
    actions.append(b);
  }

  renderFacts(v?.facts ?? null, v?.department ?? null, view.typeName, view.record ?? null);
  renderBasis(view);
}

/** A definition list's rows: label, value (monospace for codes; lang zh-CN for names from the registry). */
function factRow(label: string, value: string, mono = false, zh = false, testId?: string): HTMLElement[] {
  return [
    el("dt", {}, label),
    el(
      "dd",
      {
        ...(mono ? { class: "mono" } : {}),
        ...(zh ? { lang: "zh-CN" } : {}),
        ...(testId ? { "data-testid": testId } : {}),
      },
      value,
    ),
  ];
}

/** The type's public fields, labelled as the licence prints them (Chinese whatever the page's language). */
function publicFieldRows(record: Pick<PublicRecord, "publicFields">): HTMLElement[] {
  return record.publicFields.flatMap((f) => factRow(f.label, f.value, false, true, `public-${f.field}`));
}

function renderFacts(
  facts: LicenceFacts | null,
  department: string | null,
  typeName: Bilingual | null,
  record: PublicRecord | null,
): void {
  const section = byId("details");
  const dl = byId("facts");
  dl.replaceChildren();
  section.hidden = !facts;
  if (!facts) return;
  // Names from the registry are Chinese whatever the page's language: lang tells screen readers how to say them.
  const row = (label: Bilingual, value: string, mono = false, zh = false) => [
    el("dt", {}, say(label)),
    el("dd", { ...(mono ? { class: "mono" } : {}), ...(zh ? { lang: "zh-CN" } : {}) }, value),
  ];
  const validity = facts.validUntil
    ? say(t.validRange, {
        from: facts.validFrom ? formatDate(facts.validFrom) : "—",
        until: formatDate(facts.validUntil),
      })
    : facts.validFrom
      ? say(t.validRange, { from: formatDate(facts.validFrom), until: say(t.longTerm) })
      : say(t.longTerm);
  dl.append(
    ...row(t.licenceType, typeName ? pick(typeName) : facts.typeCode),
    ...row(t.department, department ?? facts.issuerCode, false, true),
    // An organisation is public: the registry's record names it in full; a person stays as masked as the QR code.
    ...(record && !record.holder.masked
      ? [
          ...factRow(say(t.holder), record.holder.name, false, true, "holder-name"),
          ...factRow(say(t.holderCode), record.holder.code, true),
        ]
      : [
          ...factRow(say(t.holder), facts.holderName, false, true, "holder-name"),
          ...factRow(say(t.holderCode), facts.holderCode, true),
        ]),
    ...row(t.validity, validity),
    ...row(t.version, facts.version),
    ...(facts.issuedAt ? row(t.issuedAt, formatDate(facts.issuedAt)) : []),
    ...row(t.identifier, facts.identifier, true),
    ...(record ? publicFieldRows(record) : []),
  );
}

function renderBasis(view: QrView): void {
  const section = byId("basis");
  const list = byId("basis-list");
  list.replaceChildren();
  section.hidden = view.offline === null && view.mode === "qr";
  const item = (tone: string, title: string, sub?: string, testId?: string) =>
    el(
      "li",
      { class: tone, ...(testId ? { "data-testid": testId } : {}) },
      title,
      sub ? el("span", { class: "sub" }, sub) : null,
    );

  if (view.mode === "qr" && view.offline) {
    const o = view.offline;
    const tone = o.status === "VALID" ? "ok" : o.status === "INVALID" ? "bad" : "warn";
    // A failure's words are already in the answer above; here its code, for whoever helps the reader.
    list.append(
      item(
        tone,
        say(t.signatureCheck),
        o.status === "VALID" ? pick(o.reason.message) : o.reason.code,
        "basis-signature",
      ),
    );
  }
  if (view.mode === "qr" && view.trust) {
    const tr = view.trust;
    const asOf =
      tr.issuedAt && tr.nextUpdate
        ? say(t.trustListAsOf, { date: formatDate(tr.issuedAt, true), next: formatDate(tr.nextUpdate, true) })
        : "";
    const notes: string[] = [];
    if (!tr.list) notes.push(say(t.trustListNone));
    else if (tr.stale)
      notes.push(
        say(tr.source === "network" ? t.trustListStaleServed : t.trustListStale, {
          next: formatDate(tr.nextUpdate ?? "", true),
        }),
      );
    if (tr.notice === "rejected") notes.push(say(t.trustListRejected));
    else if (tr.notice === "rollback") notes.push(say(t.trustListRollback));
    else if (tr.notice === "future") notes.push(say(t.trustListFuture));
    else if (tr.notice === "no-anchor") notes.push(say(t.trustAnchorMissing));
    else if (tr.notice === "cached" && tr.list) notes.push(say(t.trustListCached));
    const tone = !tr.list || tr.stale ? "bad" : tr.notice ? "warn" : "ok";
    list.append(item(tone, asOf || say(t.trustListNone), notes.join(" ") || undefined, "basis-trust-list"));
  }
  const live = view.live;
  if (live.kind === "ok") {
    list.append(
      item(
        "ok",
        say(t.statusAsOf, { date: formatDate(live.body.checkedAt, true) }),
        labelled(say(t.liveStatus), pick(live.body.stateName)),
        "basis-status",
      ),
    );
  } else if (live.kind === "pending") {
    list.append(item("info", labelled(say(t.liveStatus), say(t.checking)), undefined, "basis-status"));
  } else if (live.kind !== "not-asked") {
    list.append(item("warn", say(t.liveStatus), say(LIVE_PROBLEM[live.kind]), "basis-status"));
  }
  if (view.mode === "legacy") list.append(item("warn", say(t.legacyQr)));
}

export function renderPdf(outcome: PdfOutcome | null): void {
  const section = byId("pdf-result");
  section.hidden = false;
  showingResult();
  const box = byId("pdf-verdict");
  const checks = byId("pdf-checks");
  checks.replaceChildren();
  if (!outcome) {
    box.replaceChildren(verdictBox("pending", say(t.pdfChecking), [], "pdf-verdict"));
    return;
  }
  if (outcome.kind !== "report") {
    const why =
      outcome.kind === "too-large"
        ? say(t.pdfTooLarge)
        : outcome.kind === "busy"
          ? say(t.statusBusy)
          : outcome.kind === "network"
            ? say(t.pdfNetwork)
            : outcome.kind === "unavailable"
              ? say(t.pdfUnavailable)
              : outcome.message;
    box.replaceChildren(verdictBox("warn", say(t.pdfIndeterminate), [why], "pdf-verdict"));
    return;
  }
  const r = outcome.report;
  const tone = r.verdict === "TOTAL-PASSED" ? "ok" : r.verdict === "TOTAL-FAILED" ? "bad" : "warn";
  const headline =
    r.verdict === "TOTAL-PASSED"
      ? t.pdfPassed
      : r.verdict === "TOTAL-FAILED"
        ? t.pdfFailed
        : t.pdfIndeterminate;
  box.replaceChildren(verdictBox(tone, say(headline), [pick(r.summary)], "pdf-verdict"));
  box.dataset.verdict = r.verdict;
  if (r.licence) checks.append(pdfLicence(r.licence, r.identifier ?? ""));

  const statusWord = {
    VALID: t.checkValid,
    INVALID: t.checkInvalid,
    SKIPPED: t.checkSkipped,
    ERROR: t.checkError,
  };
  const checkItem = (c: (typeof r.checks)[number]) =>
    el(
      "li",
      { "data-code": c.reason.code, "data-status": c.status },
      el(
        "span",
        { class: "check-name" },
        CHECK_TITLES[c.name] ? say(CHECK_TITLES[c.name] as Bilingual) : c.name,
      ),
      el("span", { class: `check-status st-${c.status}` }, say(statusWord[c.status])),
      el("div", {}, pick(c.reason.message)),
      el("div", { class: "check-code" }, c.reason.code),
    );
  const failed = r.checks.filter((c) => c.status === "INVALID" || c.status === "ERROR");
  if (failed.length)
    checks.append(
      el("h3", {}, say(t.pdfWhy)),
      el("ul", { class: "checks", "data-testid": "pdf-failures" }, ...failed.map(checkItem)),
    );
  checks.append(
    el(
      "details",
      {},
      el("summary", {}, say(t.pdfAllChecks, { n: String(r.checks.length) })),
      el("ul", { class: "checks" }, ...r.checks.map(checkItem)),
    ),
  );
}

export function showInputMessage(text: string, tone: "bad" | "info" = "bad"): void {
  const box = byId("input-message");
  box.textContent = text;
  box.classList.toggle("info", tone === "info");
}

/**
 * Which licence an uploaded genuine document is, and what the registry says of it today, in the words of the QR
 * answer: revoked with its date and reason, replaced with a link to the version in force.
 */
function pdfLicence(licence: NonNullable<ValidationReport["licence"]>, identifier: string): HTMLElement {
  const standing = decideLegacy({ kind: "ok", body: licence.status }, new Date());
  return el(
    "section",
    { class: "pdf-licence", "data-testid": "pdf-licence", "data-status": licence.status.status ?? "" },
    el("h3", {}, say(t.detailsHeading)),
    el(
      "dl",
      { class: "facts" },
      ...factRow(say(t.licenceType), pick(licence.typeName)),
      ...factRow(say(t.department), licence.issuer.name, false, true),
      ...factRow(say(t.holder), licence.holder.name, false, true, "pdf-holder"),
      ...factRow(say(t.holderCode), licence.holder.code, true),
      ...factRow(say(t.version), licence.version),
      ...factRow(say(t.identifier), identifier, true),
      ...publicFieldRows(licence),
    ),
    el(
      "p",
      { class: `pdf-standing tone-${standing.tone}`, "data-testid": "pdf-standing" },
      `${say(standing.headline)}：${standing.lines.map(line).join(" ")}`,
    ),
    standing.successor ? successorLink(standing.successor) : null,
  );
}
