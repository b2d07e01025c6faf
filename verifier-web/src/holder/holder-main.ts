// The holder page's wiring: a sign-in method (share code today), then the holder's own licences and the log of who
// looked them up, and sign-out. Nothing personal is kept in the browser beyond the session cookie.
import { formatDate, lang, say } from "../i18n.js";
import { ApiClient, type ApiResult } from "../common/api-client.js";
import { w } from "../common/common-words.js";
import { byId, el, fill } from "../common/dom.js";
import { LicenceCatalogue } from "../common/licence-catalogue.js";
import { licenceFacts, typeName } from "../common/licence-facts.js";
import { announcer } from "../common/live-region.js";
import { initChrome } from "../common/page-chrome.js";
import { plainProblem, type PlainProblem } from "../common/problem-words.js";
import { accessWords, type AccessEntry } from "./access-log-words.js";
import { hw } from "./holder-words.js";
import { HolderDocuments, type HolderLicence } from "./holder-documents.js";
import type { HolderSessionInfo, MountedMethod } from "./sign-in-method.js";
import { availableMethods } from "./sign-in-methods.js";

const now = () => new Date();

interface Mine {
  holderCode: string;
  expiresAt: string | null;
  licences: HolderLicence[] | PlainProblem | null;
  log: AccessEntry[] | PlainProblem | null;
}

let mine: Mine | null = null;
let signedOutNote: string | null = null;

const api = new ApiClient({
  csrfCookie: "elicence_holder_csrf",
  cookies: () => document.cookie,
  onSessionLost: (p) => signedOut(plainProblem(p).headline),
});
const catalogue = new LicenceCatalogue(api);
const announce = announcer(byId("announce"));
const documents = new HolderDocuments(
  api,
  now,
  announce,
  () => {
    // Redrawn in place: the keyboard focus stays on the control that had it.
    const focused = document.activeElement?.id;
    if (mine) renderLicences(mine.licences);
    if (focused) document.getElementById(focused)?.focus();
  },
  () => void reloadLog(),
);

// --- Sign-in -------------------------------------------------------------------------------------------------

const methods = availableMethods();
let method = methods[0]!;
let mounted: MountedMethod | null = null;

function mountMethod(): MountedMethod {
  return method.mount(byId("method-form"), { api, now, done: (info) => void signedIn(info) });
}

function renderMethods(): void {
  // One method: no choice to make. More (an OIDC login beside the share code): a button per method.
  if (methods.length < 2) return fill(byId("methods"));
  fill(
    byId("methods"),
    el(
      "div",
      { role: "group", "aria-label": say(hw.methodsLabel), class: "methods" },
      ...methods.map((m) => {
        const b = el(
          "button",
          { type: "button", class: "action small", "aria-pressed": String(m === method) },
          say(m.title),
        );
        b.addEventListener("click", () => {
          method = m;
          renderMethods();
          mounted = mountMethod();
          mounted.focus();
        });
        return b;
      }),
    ),
  );
}

async function signedIn(info: HolderSessionInfo): Promise<void> {
  api.setCsrf(info.csrfToken);
  mine = { holderCode: info.holderCode, expiresAt: info.expiresAt, licences: null, log: null };
  signedOutNote = null;
  show();
  announce(say(hw.signedInNow));
  byId("licences-heading").focus();
  await load();
}

function signedOut(note: string | null): void {
  if (!mine && note === null) return;
  mine = null;
  documents.reset();
  api.setCsrf(null);
  signedOutNote = note;
  show();
  if (note) announce(note);
  mounted?.focus();
}

byId("sign-out").addEventListener("click", () => {
  void api
    .empty("DELETE", "/api/v1/holder/session", { session: true })
    .then(() => signedOut(say(w.signedOut)));
});

// --- What the holder sees ------------------------------------------------------------------------------------

async function load(): Promise<boolean> {
  const [licences, log] = await Promise.all([
    api.json<{ holderCode: string; licences: HolderLicence[] }>("GET", "/api/v1/holder/licences", {
      session: true,
    }),
    api.json<{ holderCode: string; items: AccessEntry[] }>("GET", "/api/v1/holder/access-log", {
      session: true,
    }),
    catalogue.load(),
    documents.load(),
  ]);
  if (!mine) {
    if (!licences.ok) return false;
    mine = { holderCode: licences.data.holderCode, expiresAt: null, licences: null, log: null };
  }
  mine.licences = pick(licences, (d) => d.licences);
  mine.log = pick(log, (d) => d.items);
  show();
  return true;
}

async function reloadLog(): Promise<void> {
  const log = await api.json<{ holderCode: string; items: AccessEntry[] }>(
    "GET",
    "/api/v1/holder/access-log",
    {
      session: true,
    },
  );
  if (!mine) return;
  mine.log = pick(log, (d) => d.items);
  renderLog(mine.log);
}

function pick<T, U>(res: ApiResult<T>, f: (d: T) => U): U | PlainProblem {
  return res.ok ? f(res.data) : plainProblem(res.problem);
}

function show(): void {
  byId("sign-in").hidden = mine !== null;
  byId("mine").hidden = mine === null;
  const note = byId("signed-out");
  note.textContent = signedOutNote ?? "";
  if (!mine) return;
  byId("session-who").textContent = say(hw.signedInAs, { code: mine.holderCode });
  byId("session-until").textContent = mine.expiresAt
    ? say(hw.sessionUntil, { time: formatDate(mine.expiresAt, true) })
    : "";
  renderLicences(mine.licences);
  renderLog(mine.log);
}

function renderLicences(list: Mine["licences"]): void {
  const host = byId("licences");
  if (list === null) return fill(host, el("p", { class: "hint" }, say(w.loading)));
  if (!Array.isArray(list)) return fill(host, el("p", { class: "message" }, list.headline));
  if (list.length === 0) return fill(host, el("p", {}, say(hw.noLicences)));
  fill(
    host,
    el(
      "ul",
      { class: "licence-list" },
      ...list.map((l) =>
        el(
          "li",
          { class: "licence-card", "data-testid": "holder-licence", "data-identifier": l.identifier },
          el(
            "h3",
            {},
            typeName(l, catalogue.get(l.typeCode)),
            " ",
            el("span", { class: `badge state-${l.state}` }, say(l.stateName)),
          ),
          documents.stateChange(l),
          licenceFacts(l, catalogue.get(l.typeCode)),
          documents.actions(l),
        ),
      ),
    ),
  );
}

function renderLog(items: Mine["log"]): void {
  const host = byId("access-log");
  if (items === null) return fill(host, el("p", { class: "hint" }, say(w.loading)));
  if (!Array.isArray(items)) return fill(host, el("p", { class: "message" }, items.headline));
  if (items.length === 0) return fill(host, el("p", {}, say(hw.noAccess)));
  fill(
    host,
    el(
      "ol",
      { class: "access-log", "data-testid": "access-log" },
      ...items.map((e) => {
        const words = accessWords(e);
        return el(
          "li",
          { "data-testid": "access-entry", "data-action": e.action },
          el("time", { datetime: e.at, class: "when" }, formatDate(e.at, true)),
          el(
            "p",
            { class: "what" },
            el("strong", {}, say(words.who)),
            lang() === "zh" ? "" : " ",
            say(words.what),
          ),
          el("p", { class: "why" }, say(words.why)),
        );
      }),
    ),
  );
}

// --- Start ---------------------------------------------------------------------------------------------------

function rerender(): void {
  renderMethods();
  mounted?.render();
  show();
}

initChrome(hw, hw.title, rerender);
renderMethods();
mounted = mountMethod();
show();
// After a reload the session cookie may still be open: its readable CSRF twin says so, the first read confirms.
if (api.csrf() !== null)
  void load().then((ok) => {
    if (!ok) show();
  });
else mounted.focus();
