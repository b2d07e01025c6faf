// The issuing office's wiring: sign-in with an issuer key, the three tabs (issue, the department's licences, register
// import), the idle timeout and sign-out. Nothing of a holder is kept in storage; signing out clears what was shown.
import { chinaTime } from "@elicence/core";
import { say } from "../i18n.js";
import { ApiClient } from "../common/api-client.js";
import { w } from "../common/common-words.js";
import { byId, fill } from "../common/dom.js";
import { announcer } from "../common/live-region.js";
import { initChrome } from "../common/page-chrome.js";
import { StaffSignInForm } from "../common/staff-sign-in.js";
import { plainProblem } from "../common/problem-words.js";
import { ISSUER_PLACE, StaffSession, tabStore } from "../common/staff-session.js";
import { bindTabs } from "../common/tabs.js";
import { IssueForm } from "./issue-form.js";
import { ISSUE_FIELDS, iw } from "./issue-words.js";
import { LicencesPanel } from "./licences-panel.js";
import { Office } from "./office.js";
import { RegisterImport } from "./register-import.js";

const now = () => new Date();

const api = new ApiClient({
  csrfCookie: "elicence_issuer_csrf",
  cookies: () => document.cookie,
  onActivity: () => {
    session.clock?.touch(now());
    renderSession();
  },
  onSessionLost: (p) => endSession(plainProblem(p, ISSUE_FIELDS).headline),
});
const session = new StaffSession(api, tabStore(), ISSUER_PLACE);
const signInForm = new StaffSignInForm({
  session,
  form: byId<HTMLFormElement>("sign-in-form"),
  keyInput: byId<HTMLInputElement>("issuer-key"),
  button: byId<HTMLButtonElement>("sign-in-submit"),
  error: byId("sign-in-error"),
  words: iw,
  fields: ISSUE_FIELDS,
  now,
  onSignedIn: () => signedIn(),
});
const office = new Office(api, session, now, announcer(byId("announce")));
const issueForm = new IssueForm(office);
const licences = new LicencesPanel(office);
const imports = new RegisterImport(office);

const signInSection = byId("sign-in");
const main = byId("office");

function whoText(): string {
  const c = session.who;
  if (!c) return "";
  return [c.label ?? `${say(iw.issuer)} ${c.keyId}`, c.departmentName ?? c.department]
    .filter(Boolean)
    .join(" · ");
}

function renderSession(): void {
  if (!session.who || !session.clock) return;
  byId("session-who").textContent = say(iw.signedInAs, { who: whoText() });
  byId("session-idle").textContent = say(w.sessionEnds, {
    minutes: String(Math.round(session.clock.idleMs / 60_000)),
    time: chinaTime(session.clock.endsAt()),
  });
}

function showSignIn(): void {
  main.hidden = true;
  signInSection.hidden = false;
  signInForm.render();
}

function showOffice(): void {
  signInSection.hidden = true;
  main.hidden = false;
  renderSession();
  void office.loadTypes().then(renderTypes);
}

function renderTypes(): void {
  issueForm.renderTypes();
  licences.renderFilters();
  imports.renderTypes();
}

/** Whatever the page showed of licences and registers goes with the session. */
function clearWork(): void {
  licences.clear();
  imports.clear();
  byId("issue-result").hidden = true;
  fill(byId("issue-result"));
}

/** The session is gone (idle, signed out elsewhere, key revoked): back to sign-in, saying why. */
function endSession(why: string): void {
  if (!session.signedIn) return;
  session.forget();
  clearWork();
  signInForm.reset(why);
  showSignIn();
  office.announce(why);
  signInForm.focus();
}

function signedIn(): void {
  showOffice();
  office.announce(say(iw.signedInNow, { who: whoText() }));
  byId("issue-type").focus();
}

byId("sign-out").addEventListener("click", () => {
  void session.signOut().then(() => {
    clearWork();
    signInForm.reset(null);
    showSignIn();
    office.announce(say(w.signedOut));
    signInForm.focus();
  });
});

// The registry ends an idle session on its own; the page follows so the issuer is not surprised mid-form.
window.setInterval(() => {
  if (session.clock?.ended(now())) endSession(say(w.sessionEnded));
}, 15_000);

bindTabs(byId("tabs"), () => {});

function rerender(): void {
  renderSession();
  signInForm.render();
  issueForm.rerender();
  licences.rerender();
  imports.renderTypes();
  imports.render();
}

initChrome(iw, iw.title, rerender);
if (session.restore(now())) {
  showOffice();
  // Is the session still open on the server? Asking for the import of a job that cannot exist is harmless; a
  // refusal (session gone) signs out, a 404 means the session is fine.
  void api.json("GET", "/api/v1/imports/-", { session: true });
} else {
  session.forget();
  showSignIn();
}
