// The department's licences: listed with a stated purpose (each listed licence shows in its holder's access log),
// filtered by type and state on the registry, found by name, code or identifier among those listed, and opened to be
// amended, renewed, suspended, reinstated or revoked.
import { say } from "../i18n.js";
import { byId, el, fill } from "../common/dom.js";
import { LicenceCatalogue } from "../common/licence-catalogue.js";
import { licenceFacts, validityText } from "../common/licence-facts.js";
import type { LicenceView } from "../common/licence-view.js";
import { plainProblem } from "../common/problem-words.js";
import { FieldErrors } from "./field-errors.js";
import { actionName, actionsFor, LicenceActions, type Action } from "./licence-actions.js";
import { ISSUE_FIELDS, iw } from "./issue-words.js";
import type { Office } from "./office.js";

const STATES: { code: string; zh: string; en: string }[] = [
  { code: "01", zh: "有效", en: "Valid" },
  { code: "02", zh: "暂停", en: "Suspended" },
  { code: "03", zh: "撤销", en: "Cancelled" },
  { code: "04", zh: "注销", en: "Deregistered" },
  { code: "05", zh: "过期", en: "Expired" },
  { code: "07", zh: "吊销", en: "Revoked" },
];

export class LicencesPanel {
  private items: LicenceView[] = [];
  private next: string | null = null;
  private query: URLSearchParams | null = null;
  private current: LicenceView | null = null;
  private readonly form = byId<HTMLFormElement>("list-form");
  private readonly errors: FieldErrors;
  private readonly actions: LicenceActions;
  private readonly catalogue: LicenceCatalogue;

  constructor(private readonly office: Office) {
    this.catalogue = new LicenceCatalogue(office.api);
    this.errors = new FieldErrors(this.form, byId("list-errors"), (f) =>
      f === "purpose" ? "list-purpose" : null,
    );
    this.actions = new LicenceActions(office, byId("action-area"), (v, a) => this.changed(v, a));
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.list(false);
    });
    byId("list-more").addEventListener("click", () => void this.list(true));
    byId("list-find").addEventListener("input", () => this.renderRows());
  }

  renderFilters(): void {
    const type = byId<HTMLSelectElement>("list-type");
    const chosenType = type.value;
    fill(
      type,
      el("option", { value: "" }, say(iw.allTypes)),
      ...this.office.types.map((t) => el("option", { value: t.code }, say(t.name))),
    );
    type.value = chosenType;
    const state = byId<HTMLSelectElement>("list-state");
    const chosenState = state.value;
    fill(
      state,
      el("option", { value: "" }, say(iw.allStates)),
      ...STATES.map((s) => el("option", { value: s.code }, say(s))),
    );
    state.value = chosenState;
  }

  /** Forgets every licence shown (sign-out: nothing of the holders stays on the page). */
  clear(): void {
    this.items = [];
    this.next = null;
    this.query = null;
    this.current = null;
    this.actions.close();
    this.errors.clear();
    byId("list-result").hidden = true;
    byId("detail").hidden = true;
    fill(byId("list-rows"));
    fill(byId("detail-facts"));
    fill(byId("action-result"));
    byId<HTMLInputElement>("list-find").value = "";
  }

  private async list(more: boolean): Promise<void> {
    const purpose = byId<HTMLInputElement>("list-purpose").value.trim();
    if (!purpose) {
      this.errors.show(say(iw.fixBelow), [{ field: "purpose", text: say(iw.purposeMissing) }])?.focus();
      return;
    }
    this.errors.clear();
    if (!more) {
      const q = new URLSearchParams({ purpose, limit: "100" });
      const type = byId<HTMLSelectElement>("list-type").value;
      const state = byId<HTMLSelectElement>("list-state").value;
      if (type) q.set("typeCode", type);
      if (state) q.set("state", state);
      this.query = q;
    }
    const q = new URLSearchParams(this.query ?? undefined);
    if (more && this.next) q.set("after", this.next);
    const button = byId<HTMLButtonElement>("list-submit");
    button.textContent = say(iw.listing);
    const res = await this.office.api.json<{ items: LicenceView[]; next?: string }>(
      "GET",
      `/api/v1/licences?${q}`,
      {
        session: true,
      },
    );
    button.textContent = say(iw.listSubmit);
    if (!this.office.session.signedIn) return;
    if (!res.ok) {
      const plain = plainProblem(res.problem, ISSUE_FIELDS);
      (this.errors.show(plain.headline, plain.lines, plain) ?? byId("list-errors")).focus();
      return;
    }
    void this.catalogue.load().then(() => this.renderRows());
    this.items = more ? [...this.items, ...res.data.items] : res.data.items;
    this.next = res.data.next ?? null;
    byId("list-result").hidden = false;
    this.renderRows();
  }

  private shown(): LicenceView[] {
    const find = byId<HTMLInputElement>("list-find").value.trim().toUpperCase();
    if (!find) return this.items;
    return this.items.filter((v) =>
      [
        v.holder.name,
        v.holder.code,
        v.identifier,
        typeof v.fields.licenceNumber === "string" ? v.fields.licenceNumber : "",
      ].some((s) => s.toUpperCase().includes(find)),
    );
  }

  renderRows(): void {
    const shown = this.shown();
    byId("list-count").textContent =
      shown.length === 0 && this.query ? say(iw.listEmpty) : say(iw.listCount, { n: String(shown.length) });
    byId("list-more").hidden = this.next === null;
    fill(
      byId("list-rows"),
      ...shown.map((v) => {
        const open = el(
          "button",
          {
            class: "action small",
            type: "button",
            "data-identifier": v.identifier,
            "aria-label": `${say(iw.open)} ${v.holder.name} ${v.identifier}`,
          },
          say(iw.open),
        );
        open.addEventListener("click", () => this.open(v));
        return el(
          "tr",
          { "data-identifier": v.identifier },
          el("td", {}, v.holder.name, el("br"), el("span", { class: "mono" }, v.holder.code)),
          el(
            "td",
            {},
            say(this.catalogue.get(v.typeCode)?.name ?? { zh: v.typeName, en: v.typeName }),
            el("br"),
            el("span", { class: "mono small" }, v.identifier),
          ),
          el("td", { "data-state": v.state }, say(v.stateName)),
          el("td", {}, validityText(v)),
          el("td", {}, open),
        );
      }),
    );
  }

  private open(v: LicenceView, focus = true): void {
    this.current = v;
    this.actions.close();
    fill(byId("detail-facts"), ...licenceFacts(v, this.catalogue.get(v.typeCode)).childNodes);
    const pdf = el(
      "button",
      { class: "action small", type: "button", "data-action": "pdf" },
      say(iw.downloadPdf),
    );
    pdf.addEventListener("click", () => void this.downloadPdf(v));
    fill(
      byId("detail-actions"),
      ...actionsFor(v).map((a) => {
        const b = el("button", { class: "action small", type: "button", "data-action": a }, actionName(a));
        b.addEventListener("click", () => void this.actions.open(a, v));
        return b;
      }),
      v.documentSha256 ? pdf : null,
    );
    byId("detail").hidden = false;
    if (focus) {
      fill(byId("action-result"));
      byId("detail-heading").focus();
    }
  }

  /** The sealed PDF, read with the purpose the list was made for (the read is logged with it). */
  private async downloadPdf(v: LicenceView): Promise<void> {
    const purpose = this.query?.get("purpose") ?? "";
    const res = await this.office.api.blob(
      "GET",
      `/api/v1/licences/${encodeURIComponent(v.identifier)}/pdf?${new URLSearchParams({ purpose })}`,
      { session: true },
    );
    if (!res.ok) {
      fill(
        byId("action-result"),
        el("div", { class: "message-box tone-bad" }, plainProblem(res.problem).headline),
      );
      return;
    }
    const href = URL.createObjectURL(res.data);
    const a = el("a", { href, download: `${v.identifier}.pdf` });
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }

  private changed(v: LicenceView, action: Action): void {
    const newVersion = action === "amend" || action === "renew";
    const said = newVersion
      ? say(iw.doneNew, { action: actionName(action), id: v.identifier })
      : say(iw.done, { action: actionName(action), id: v.identifier, state: say(v.stateName) });
    const old = this.current;
    this.items = this.items.map((x) => (x.identifier === v.identifier ? v : x));
    if (newVersion && old) {
      this.items = [
        v,
        ...this.items.map((x) => (x.identifier === old.identifier ? { ...x, superseded: true } : x)),
      ];
    }
    this.renderRows();
    this.open(v, false);
    fill(byId("action-result"), el("p", { "data-testid": "action-done", "data-action": action }, said));
    this.office.announce(said);
    byId("detail-heading").focus();
  }

  rerender(): void {
    this.renderFilters();
    if (this.items.length > 0) this.renderRows();
    if (this.current) this.open(this.current, false);
  }
}
