// The window desk's wiring: sign-in with a clerk key, the materials check with its as-typed code field, the checklist,
// share codes, the dashboard tab, the idle timeout and sign-out. State lives here; the views draw it.
import { lang, say } from "../i18n.js";
import { ApiClient } from "../common/api-client.js";
import { w } from "../common/common-words.js";
import { byId, el, fill } from "../common/dom.js";
import { HolderCodeField } from "../common/holder-code-field.js";
import { LicenceCatalogue } from "../common/licence-catalogue.js";
import { announcer } from "../common/live-region.js";
import { initChrome } from "../common/page-chrome.js";
import { problemNodes } from "../common/problem-box.js";
import { StaffSignInForm } from "../common/staff-sign-in.js";
import { plainProblem, type PlainProblem } from "../common/problem-words.js";
import { formatDate } from "../i18n.js";
import { chinaTime } from "@elicence/core";
import { Dashboard, type Grouping } from "./dashboard.js";
import { DESK_PLACE, StaffSession, tabStore } from "../common/staff-session.js";
import { d, DESK_FIELDS } from "./desk-words.js";
import { MaterialsView } from "./materials-view.js";
import type { MaterialsAnswer, ServiceItem } from "./materials-types.js";
import { bindTabs } from "../common/tabs.js";

const now = () => new Date();

const api = new ApiClient({
  csrfCookie: "elicence_desk_csrf",
  cookies: () => document.cookie,
  onActivity: () => {
    session.clock?.touch(now());
    renderSession();
  },
  onSessionLost: (p) => endSession(plainProblem(p, DESK_FIELDS).headline),
});
const session = new StaffSession(api, tabStore(), DESK_PLACE);
const signInForm = new StaffSignInForm({
  session,
  form: byId<HTMLFormElement>("sign-in-form"),
  keyInput: byId<HTMLInputElement>("clerk-key"),
  button: byId<HTMLButtonElement>("sign-in-submit"),
  error: byId("sign-in-error"),
  words: d,
  fields: DESK_FIELDS,
  now,
  onSignedIn: () => signedIn(),
});
const catalogue = new LicenceCatalogue(api);

const signInSection = byId("sign-in");
const desk = byId("desk");
const announce = announcer(byId("announce"));
const checkForm = byId<HTMLFormElement>("check-form");
const checkErrors = byId("check-errors");
const purposeInput = byId<HTMLInputElement>("purpose");
const itemSelect = byId<HTMLSelectElement>("service-item");
const result = byId("result");

let serviceItems: ServiceItem[] | null = null;
let serviceItemsFailed = false;
let checkProblem: { problem?: PlainProblem; own?: { field: string; text: string }[] } | null = null;
let checking = false;
let shareOut: { code: string; expiresAt: string } | PlainProblem | null = null;
/** The applicant's code of the checklist on screen: share codes are for them, whatever the field says now. */
let checkedCode: string | null = null;

const codeField = new HolderCodeField(
  byId<HTMLInputElement>("holder-code"),
  byId("holder-code-feedback"),
  byId("holder-code-suggest"),
  { didYouMean: d.didYouMean, useSuggestion: d.useSuggestion },
  now,
);
const materials = new MaterialsView(api, catalogue, byId("result-summary"), byId("materials"), now, announce);
const dashboard = new Dashboard(api, byId("dashboard"));
let dashboardShown = false;

// --- Session -------------------------------------------------------------------------------------------------

function whoText(): string {
  const c = session.who;
  if (!c) return "";
  const name = c.label ?? `${say(d.clerk)} ${c.keyId}`;
  return [name, c.departmentName ?? c.department].filter(Boolean).join(" · ");
}

function renderSession(): void {
  if (!session.who || !session.clock) return;
  byId("session-who").textContent = say(d.signedInAs, { who: whoText() });
  const time = chinaTime(session.clock.endsAt());
  byId("session-idle").textContent = say(w.sessionEnds, {
    minutes: String(Math.round(session.clock.idleMs / 60_000)),
    time,
  });
}

function showSignIn(): void {
  desk.hidden = true;
  signInSection.hidden = false;
  signInForm.render();
}

function showDesk(): void {
  signInSection.hidden = true;
  desk.hidden = false;
  renderSession();
  void loadServiceItems();
  if (dashboardShown) void dashboard.load(now());
}

/** The session is gone (idle, signed out elsewhere, key revoked): back to sign-in, saying why. */
function endSession(why: string): void {
  if (!session.signedIn) return;
  session.forget();
  resetCheck();
  signInForm.reset(why);
  showSignIn();
  announce(why);
  signInForm.focus();
}

function resetCheck(): void {
  materials.clear();
  checkedCode = null;
  result.hidden = true;
  shareOut = null;
  checkProblem = null;
  renderCheckErrors();
  renderShare();
}

function signedIn(): void {
  showDesk();
  announce(say(d.signedInNow, { who: whoText() }));
  codeField.input.focus();
}

byId("sign-out").addEventListener("click", () => {
  void session.signOut().then(() => {
    resetCheck();
    signInForm.reset(null);
    showSignIn();
    announce(say(w.signedOut));
    signInForm.focus();
  });
});

// The registry ends an idle session on its own; the page follows so the clerk is not surprised mid-check.
window.setInterval(() => {
  if (session.clock?.ended(now())) endSession(say(w.sessionEnded));
}, 15_000);

// --- Service items -------------------------------------------------------------------------------------------

async function loadServiceItems(): Promise<void> {
  if (serviceItems) return;
  const res = await api.json<{ items: ServiceItem[] }>("GET", "/api/v1/service-items");
  serviceItemsFailed = !res.ok;
  if (res.ok) serviceItems = res.data.items;
  renderServiceItems();
}

function renderServiceItems(): void {
  const chosen = itemSelect.value;
  fill(
    itemSelect,
    el("option", { value: "" }, say(d.chooseServiceItem)),
    ...(serviceItems ?? []).map((i) => el("option", { value: i.code }, say(i.name))),
  );
  itemSelect.value = chosen;
  renderItemHint();
}

function renderItemHint(): void {
  const hint = byId("service-item-hint");
  if (serviceItemsFailed) return fill(hint, say(d.serviceItemsFailed));
  const item = serviceItems?.find((i) => i.code === itemSelect.value);
  if (!item) return fill(hint);
  fill(
    hint,
    say(d.serviceItemNeeds, {
      dept: item.department.name,
      list: item.required.map((r) => say(r.typeName)).join(lang() === "zh" ? "、" : ", "),
    }),
  );
}
itemSelect.addEventListener("change", renderItemHint);

// --- The materials check -------------------------------------------------------------------------------------

const FIELD_INPUTS: Record<string, string> = {
  holderCode: "holder-code",
  purpose: "purpose",
  serviceItem: "service-item",
};

function renderCheckErrors(): void {
  for (const id of Object.values(FIELD_INPUTS))
    if (id !== "holder-code") byId(id).removeAttribute("aria-invalid");
  if (!checkProblem) return fill(checkErrors);
  const lines =
    checkProblem.own ?? checkProblem.problem?.lines.map((l) => ({ field: l.field ?? "", text: l.text }));
  for (const l of lines ?? []) {
    const input = FIELD_INPUTS[l.field];
    if (input) byId(input).setAttribute("aria-invalid", "true");
  }
  if (checkProblem.problem && !checkProblem.own)
    return fill(checkErrors, ...problemNodes(checkProblem.problem));
  fill(
    checkErrors,
    el("p", { class: "problem-headline" }, say(d.fixBelow)),
    el(
      "ul",
      {},
      ...(lines ?? []).map((l) => {
        const target = FIELD_INPUTS[l.field];
        return el("li", { "data-field": l.field }, target ? el("a", { href: `#${target}` }, l.text) : l.text);
      }),
    ),
  );
}

/** Every problem the page can see before asking the registry, all at once. */
function ownProblems(): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [];
  const f = codeField.feedback;
  if (f.state === "empty") out.push({ field: "holderCode", text: say(d.codeMissing) });
  else if (f.state === "incomplete")
    out.push({ field: "holderCode", text: say(d.codeIncomplete, { n: String(f.typed) }) });
  else if (f.state === "invalid")
    out.push({ field: "holderCode", text: say(d.codeInvalid, { why: say(f.message) }) });
  if (purposeInput.value.trim().length === 0) out.push({ field: "purpose", text: say(d.purposeMissing) });
  if (!itemSelect.value) out.push({ field: "serviceItem", text: say(d.itemMissing) });
  return out;
}

checkForm.addEventListener("submit", (e) => {
  e.preventDefault();
  void check();
});

async function check(): Promise<void> {
  if (checking) return;
  const own = ownProblems();
  if (own.length > 0) {
    checkProblem = { own };
    renderCheckErrors();
    byId(FIELD_INPUTS[own[0]!.field]!).focus();
    return;
  }
  checkProblem = null;
  renderCheckErrors();
  checking = true;
  const button = byId<HTMLButtonElement>("check-submit");
  button.textContent = say(d.checking);
  button.setAttribute("aria-disabled", "true");
  const purpose = purposeInput.value.trim();
  const res = await api.json<MaterialsAnswer>("POST", "/api/v1/materials/check", {
    session: true,
    body: { holderCode: codeField.value, purpose, serviceItem: itemSelect.value },
  });
  checking = false;
  button.textContent = say(d.checkSubmit);
  button.removeAttribute("aria-disabled");
  if (!session.signedIn) return;
  if (!res.ok) {
    checkProblem = { problem: plainProblem(res.problem, DESK_FIELDS) };
    renderCheckErrors();
    checkErrors.focus();
    return;
  }
  shareOut = null;
  checkedCode = codeField.value;
  renderShare();
  result.hidden = false;
  materials.show(res.data, { purpose });
  byId("result-heading").focus();
  void catalogue.load();
  if (dashboardShown) void dashboard.load(now());
}

// --- Share codes ---------------------------------------------------------------------------------------------

byId("share-create").addEventListener("click", () => void createShareCode());

async function createShareCode(): Promise<void> {
  const code = checkedCode;
  if (!code) return;
  const res = await api.json<{ shareCode: string; expiresAt: string }>(
    "POST",
    `/api/v1/holders/${encodeURIComponent(code)}/share-codes`,
    // The purpose is recorded in Chinese, like every purpose, and the holder reads it in their access log.
    { session: true, body: { purpose: d.sharePurpose.zh } },
  );
  shareOut = res.ok
    ? { code: res.data.shareCode, expiresAt: res.data.expiresAt }
    : plainProblem(res.problem, DESK_FIELDS);
  renderShare();
}

function renderShare(): void {
  const out = byId("share-out");
  if (shareOut === null) return fill(out);
  if ("headline" in shareOut)
    return fill(out, el("div", { class: "message-box tone-bad" }, ...problemNodes(shareOut)));
  fill(
    out,
    el("p", {}, say(d.shareCreated)),
    el("p", { class: "share-code", "data-testid": "share-code" }, shareOut.code),
    el("p", { class: "hint" }, say(d.shareExpires, { date: formatDate(shareOut.expiresAt, true) })),
  );
}

// --- Dashboard -----------------------------------------------------------------------------------------------

bindTabs(byId("tabs"), (panel) => {
  if (panel === "panel-dashboard") {
    dashboardShown = true;
    void dashboard.load(now());
  }
});
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="group-by"]'))
  radio.addEventListener("change", () => {
    if (!radio.checked) return;
    dashboard.by = radio.value as Grouping;
    void dashboard.load(now());
  });
byId<HTMLSelectElement>("range").addEventListener("change", (e) => {
  dashboard.days = Number((e.target as HTMLSelectElement).value) || 30;
  void dashboard.load(now());
});

// --- Start ---------------------------------------------------------------------------------------------------

function rerender(): void {
  if (checkProblem?.own) checkProblem = { own: ownProblems() };
  renderSession();
  signInForm.render();
  codeField.render();
  renderServiceItems();
  renderCheckErrors();
  materials.render();
  renderShare();
  dashboard.render();
}

initChrome(d, d.title, rerender);
void loadServiceItems();
if (session.restore(now())) {
  showDesk();
  // Is the session still open on the server? The figures are a harmless first request; a refusal signs out.
  void dashboard.load(now());
} else {
  session.forget();
  showSignIn();
}
