// The live half of `elicence verify --qr`: the registry's status answer for the QR code's token, from the data
// directory's store (default) or over HTTP from the configured registry (--online, --registry URL), and what it means
// for the exit code. Never from the host written in the QR text: that part is not signed, and a registry an attacker
// names would answer "valid" about any licence (identifierSha256 is no secret). An answer is accepted only when its identifierSha256 names the identifier of the verified payload:
// a genuine status token of another licence pasted into a forged payload is refused, never shown as valid.
import { type Bilingual, reasonWords } from "@elicence/core";
import { QR_REASONS, statusNamesIdentifier } from "@elicence/signer/browser";
import {
  type RegistryConfig,
  openMigratedStore,
  MemoryStatusCache,
  StatusService,
  type StatusView,
} from "@elicence/registry/offline";

export type LiveSource = { kind: "store" } | { kind: "online"; base: string } | { kind: "offline" };

export type LiveAnswer =
  | { kind: "ok"; view: StatusView; from: string }
  | { kind: "unknown"; from: string }
  | { kind: "unavailable"; from: string; why: string };

/** What the live answer adds to the verdict: the exit code it forces (null: the offline result stands) and why. */
export interface LiveJudgement {
  exit: number | null;
  code: string;
  message: Bilingual;
}

const ONLINE_TIMEOUT_MS = 8000;
/** A status answer is well under 1 KiB; 64 KiB leaves room for any future field and none for a flood. */
const MAX_STATUS_BODY_BYTES = 64 * 1024;

async function fromStore(config: RegistryConfig, token: string, now: Date): Promise<LiveAnswer> {
  const from = config.store.kind === "sqlite" ? config.store.path : "MongoDB";
  let opened;
  try {
    opened = await openMigratedStore(config);
  } catch (e) {
    return { kind: "unavailable", from, why: e instanceof Error ? e.message : String(e) };
  }
  try {
    // The same service the status endpoint uses, so the CLI says exactly what GET /api/v1/status/{token} says.
    const view = await new StatusService(opened.store, new MemoryStatusCache(1, 1)).lookup(token, now);
    return view ? { kind: "ok", view, from } : { kind: "unknown", from };
  } finally {
    await opened.store.close();
  }
}

/**
 * The body of a status answer, read within `limit` bytes: a status answer is a few hundred bytes, and a registry (or
 * whatever answers in its place) that sends more is refused rather than read into memory.
 */
async function boundedText(res: Response, limit: number): Promise<string | null> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function isStatusView(body: unknown): body is StatusView {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const name = b.stateName as Record<string, unknown> | null | undefined;
  return (
    typeof b.state === "string" &&
    (b.status === undefined || typeof b.status === "string") &&
    typeof b.checkedAt === "string" &&
    typeof name === "object" &&
    name !== null &&
    typeof name.zh === "string" &&
    typeof name.en === "string"
  );
}

async function fromRegistry(
  base: string,
  token: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<LiveAnswer> {
  const url = `${base}/api/v1/status/${encodeURIComponent(token)}`;
  try {
    // The signal bounds the whole exchange, body included, so a registry that trickles its answer cannot hold the
    // command. Redirects are not followed: the answer must come from the registry asked, not wherever it points.
    const res = await fetchImpl(url, {
      headers: { accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400))
      return { kind: "unavailable", from: url, why: `HTTP ${res.status}: redirect not followed` };
    const text = await boundedText(res, MAX_STATUS_BODY_BYTES);
    if (text === null)
      return { kind: "unavailable", from: url, why: `answer larger than ${MAX_STATUS_BODY_BYTES} bytes` };
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown> | null;
    } catch {
      body = null;
    }
    if (res.status === 404 && body?.code === "VER_STATUS_UNKNOWN") return { kind: "unknown", from: url };
    if (!res.ok) return { kind: "unavailable", from: url, why: `HTTP ${res.status}` };
    // Every member the verdict and the report read: a partial answer is no answer, never a crash or a guess.
    if (!isStatusView(body)) return { kind: "unavailable", from: url, why: "malformed status answer" };
    return { kind: "ok", view: body, from: url };
  } catch (e) {
    return { kind: "unavailable", from: url, why: e instanceof Error ? e.message : String(e) };
  }
}

export function askLiveStatus(
  source: Exclude<LiveSource, { kind: "offline" }>,
  config: RegistryConfig,
  token: string,
  now: Date,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = ONLINE_TIMEOUT_MS,
): Promise<LiveAnswer> {
  return source.kind === "store"
    ? fromStore(config, token, now)
    : fromRegistry(source.base, token, fetchImpl, timeoutMs);
}

/**
 * The exit code the live answer forces. `identifier` is the verified payload's (null for a legacy link, which has no
 * signed data to match). Only "valid" leaves the offline result standing; every other state fails (1), as does a
 * token the registry does not know; a registry that cannot be asked leaves it undecided (3).
 */
export async function judgeLive(answer: LiveAnswer, identifier: string | null): Promise<LiveJudgement> {
  if (answer.kind === "unavailable")
    return {
      exit: 3,
      // Not a published code: nothing was answered, only the network or the store failed.
      code: "unavailable",
      message: {
        zh: `无法查询实时状态（${answer.why}）`,
        en: `the live status could not be asked (${answer.why})`,
      },
    };
  if (answer.kind === "unknown")
    return {
      exit: 1,
      code: "VER_STATUS_UNKNOWN",
      message: { zh: "证照库中没有与此状态令牌对应的证照", en: "no licence has this status token" },
    };
  const view = answer.view;
  if (identifier !== null) {
    const named = await statusNamesIdentifier(identifier, view.identifierSha256);
    if (named !== "match") {
      const code = named === "mismatch" ? "VER_QR_STATUS_OTHER_LICENCE" : "VER_QR_STATUS_UNNAMED";
      return { exit: 1, code, message: { ...QR_REASONS[code] } };
    }
  }
  if (view.status === "valid")
    return { exit: null, code: "valid", message: { zh: view.stateName.zh, en: view.stateName.en } };
  return {
    exit: 1,
    code: view.status ?? view.state,
    message: { zh: view.stateName.zh, en: view.stateName.en },
  };
}

/** The report lines of the live answer. */
export function describeLive(answer: LiveAnswer | null, judgement: LiveJudgement | null): string[] {
  if (!answer || !judgement)
    return ["  live status: not asked (--offline): this answer is the QR code's signature only"];
  if (answer.kind !== "ok" || judgement.code.startsWith("VER_QR_"))
    return [
      `live status: ${judgement.exit === 3 ? "UNAVAILABLE" : "REFUSED"}  ${judgement.code}  (${answer.from})`,
      `  ${judgement.message.zh}`,
      `  ${judgement.message.en}`,
    ];
  const v = answer.view;
  const lines = [
    `live status: ${v.status ?? v.state} (${v.stateName.zh}, ${v.stateName.en})  state ${v.state}, version ${v.version}  (${answer.from})`,
  ];
  if (v.status === "not-yet-in-force") lines.push(`  not yet in force: valid from ${v.validFrom}`);
  if (v.supersededBy)
    lines.push(`  replaced by ${v.supersededBy}${v.supersededAt ? ` on ${v.supersededAt}` : ""}`);
  if (v.revokedAt) lines.push(`  ended ${v.revokedAt}`);
  if (v.suspendedAt) lines.push(`  suspended ${v.suspendedAt}`);
  if (v.reason) {
    // A code from the fixed list: its words, never raw text (anything else is not shown).
    const words = reasonWords(v.reason);
    if (words) lines.push(`  reason: ${words.zh} (${words.en}; ${v.reason})`);
  }
  lines.push(`  checked at ${v.checkedAt}`);
  return lines;
}
