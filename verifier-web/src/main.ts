// The page's wiring: read the QR payload from the URL fragment (or a scan, photo, paste), verify it offline against
// the trust list on this device, then ask the registry for live status; upload PDFs; switch language.
import { initialLang, lang, say, setLang, t } from "./i18n.js";
import { LicenceTypeNames } from "./licence-type-names.js";
import { fetchRecord, fetchStatus } from "./live-status.js";
import { checkOffline, readQrText, type QrInput } from "./offline-check.js";
import { uploadPdf, type PdfOutcome } from "./pdf-upload.js";
import { renderPdf, renderQr, renderStatic, showInputMessage, type QrView } from "./render.js";
import type { CameraScan } from "./scan-camera.js";
import { pinnedAnchor, showAnchor } from "./trust-anchor.js";
import { TrustStore } from "./trust-store.js";
import { decide, decideLegacy } from "./verdict.js";
import { under } from "./common/base-path.js";

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = localStore();
const pin = pinnedAnchor(document);
const trust = new TrustStore(storage, pin);
const typeNames = new LicenceTypeNames(storage);

let view: QrView | null = null;
let pdf: PdfOutcome | null | undefined;
/** Bumped by every new check: answers that arrive for an older one are dropped. */
let generation = 0;
let token: string | null = null;
let retryTimer = 0;
let retries = 0;

function update(): void {
  if (!view) return;
  const now = new Date();
  view.verdict =
    view.mode === "legacy"
      ? view.live.kind === "pending"
        ? null
        : decideLegacy(view.live, now)
      : view.offline
        ? decide(view.offline, view.live, now)
        : null;
  const facts = view.verdict?.facts;
  view.typeName = facts ? typeNames.get(facts.typeCode) : null;
  renderQr(view, () => void retryLive());
  scheduleRetry();
}

function rerenderAll(): void {
  renderStatic();
  showAnchor(pin);
  update();
  if (pdf !== undefined) renderPdf(pdf);
}

async function askStatus(gen: number): Promise<void> {
  if (!view || !token) return;
  view.live = { kind: "pending" };
  update();
  // The identifier the offline check verified (none for an old-style link): the answer must be about it.
  const identifier = view.mode === "qr" ? (view.offline?.facts?.identifier ?? null) : null;
  const live = await fetchStatus(token, identifier);
  if (gen !== generation || !view) return;
  view.live = live;
  update();
  // Which licence it is, as far as it is public: only for a verified payload, and only when it names that licence.
  if (live.kind === "ok" && identifier !== null && view.record === undefined) {
    view.record = null;
    const record = await fetchRecord(token, identifier);
    if (gen !== generation || !view) return;
    view.record = record;
    update();
  }
}

async function verifyQr(input: QrInput, gen: number): Promise<void> {
  view = {
    mode: "qr",
    offline: null,
    live: { kind: "not-asked" },
    trust: null,
    verdict: null,
    typeName: null,
  };
  token = null;
  update();
  if (!input.ok) {
    view.offline = { status: "INVALID", reason: input.reason };
    update();
    return;
  }
  void typeNames.refresh().then((changed) => changed && gen === generation && update());
  // The answer at once from the list saved on this device, then again with a fresh download.
  const cached = await trust.cached(new Date());
  if (gen !== generation) return;
  if (cached) await runOffline(input.cose, cached, gen);
  const fresh = await trust.refresh(new Date());
  if (gen !== generation) return;
  await runOffline(input.cose, fresh, gen);
  // Not after a bad signature (its token is anyone's guess); after "cannot confirm" the live answer still helps.
  if (view.offline && view.offline.status !== "INVALID" && view.offline.facts?.token) {
    token = view.offline.facts.token;
    await askStatus(gen);
  }
}

async function runOffline(cose: Uint8Array, state: Awaited<ReturnType<TrustStore["refresh"]>>, gen: number) {
  const offline = await checkOffline(cose, state, new Date());
  if (gen !== generation || !view) return;
  view.offline = offline;
  view.trust = state;
  update();
}

async function legacyStatus(legacyToken: string, gen: number): Promise<void> {
  view = {
    mode: "legacy",
    offline: null,
    live: { kind: "pending" },
    trust: null,
    verdict: null,
    typeName: null,
  };
  token = legacyToken;
  update();
  await askStatus(gen);
}

/** What the URL asks for: a signed payload in the fragment, an old-style /v/<token>, or nothing (the home view). */
async function route(): Promise<void> {
  const gen = ++generation;
  retries = 0;
  const fragment = location.hash.slice(1);
  const legacy = /^\/v\/([A-Za-z0-9_-]{8,200})\/?$/.exec(location.pathname);
  if (fragment) await verifyQr(readQrText(fragment), gen);
  else if (legacy?.[1]) await legacyStatus(legacy[1], gen);
}

/**
 * After a failure that may pass (offline, busy, a stale list): try again when the network is back, and meanwhile
 * after 10 s, 20 s, 40 s … up to 5 minutes, so an open page does not hammer the registry.
 */
function scheduleRetry(): void {
  window.clearTimeout(retryTimer);
  if (!view?.verdict?.retryable) {
    // Settled (not merely "asking now"): the next failure starts the backoff afresh.
    if (view?.live.kind !== "pending") retries = 0;
    return;
  }
  const delay = Math.min(10_000 * 2 ** retries, 300_000);
  retryTimer = window.setTimeout(() => {
    retries++;
    void retryLive();
  }, delay);
}

async function retryLive(): Promise<void> {
  if (!view) return;
  const gen = generation;
  if (view.mode === "qr" && (view.trust?.source !== "network" || view.trust.stale)) {
    // The list may be the reason (none saved, stale): re-verify with a fresh one first.
    const fragment = location.hash.slice(1);
    const input = readQrText(fragment);
    if (input.ok) {
      await runOffline(input.cose, await trust.refresh(new Date(), true), gen);
      if (gen !== generation) return;
      if (view.offline && view.offline.status !== "INVALID" && view.offline.facts?.token)
        token = view.offline.facts.token;
    }
  }
  await askStatus(gen);
}

/** A QR code read by the camera, a photo or pasted: ours goes into the fragment; an old-style one to its path. */
function handleQrText(text: string): void {
  showInputMessage("");
  const trimmed = text.trim();
  const legacy = /\/v\/([A-Za-z0-9_-]{8,200})\/?$/.exec(trimmed);
  const input = readQrText(trimmed);
  if (input.ok) {
    const fragment = input.fragment;
    if (location.hash.slice(1) === fragment) void route();
    else location.hash = fragment;
  } else if (legacy?.[1] && !trimmed.includes("#")) {
    location.assign(under(`/v/${legacy[1]}`));
    return;
  } else {
    showInputMessage(`${say(t.notOurQr)} ${input.reason.message[lang()]}`);
    return;
  }
  document.getElementById("result")?.scrollIntoView({ block: "start" });
}

function bind(): void {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  byId<HTMLButtonElement>("lang-switch").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh", storage);
    rerenderAll();
  });

  let camera: CameraScan | null = null;
  const cameraBox = byId<HTMLDivElement>("camera");
  const stopCamera = () => {
    camera?.stop();
    camera = null;
    cameraBox.hidden = true;
  };
  byId<HTMLButtonElement>("scan-start").addEventListener("click", () => {
    showInputMessage("");
    cameraBox.hidden = false;
    // The scanner (jsQR) loads only when asked for: opening a QR link needs none of it.
    void import("./scan-camera.js")
      .then(({ startCameraScan }) =>
        startCameraScan(byId<HTMLVideoElement>("camera-video"), (text) => {
          stopCamera();
          handleQrText(text);
        }),
      )
      .catch(() => null)
      .then((scan) => {
        if (scan) {
          camera = scan;
          byId<HTMLButtonElement>("scan-stop").focus();
        } else {
          cameraBox.hidden = true;
          showInputMessage(say(t.cameraUnavailable));
        }
      });
  });
  byId<HTMLButtonElement>("scan-stop").addEventListener("click", stopCamera);

  const photo = byId<HTMLInputElement>("photo-input");
  photo.addEventListener("change", () => {
    const file = photo.files?.[0];
    photo.value = "";
    if (!file) return;
    showInputMessage(say(t.photoReading), "info");
    void import("./qr-decode.js")
      .then(({ decodeQrFromFile }) => decodeQrFromFile(file))
      .catch(() => null)
      .then((text) => (text ? handleQrText(text) : showInputMessage(say(t.noQrInPhoto))));
  });

  const pdfInput = byId<HTMLInputElement>("pdf-input");
  pdfInput.addEventListener("change", () => {
    const file = pdfInput.files?.[0];
    pdfInput.value = "";
    if (!file) return;
    pdf = null;
    renderPdf(pdf);
    document.getElementById("pdf-result")?.scrollIntoView({ block: "start" });
    void uploadPdf(file, file.name).then((outcome) => {
      pdf = outcome;
      renderPdf(pdf);
    });
  });

  const form = byId<HTMLFormElement>("paste-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    handleQrText(byId<HTMLInputElement>("paste-input").value);
  });

  window.addEventListener("hashchange", () => void route());
  window.addEventListener("online", () => {
    if (view?.verdict?.retryable) void retryLive();
  });
}

setLang(initialLang(storage), storage);
renderStatic();
showAnchor(pin);
bind();
void route();
