// `elicence verify --qr TEXT [--json] [--trust-list FILE [--root … | --root-fingerprint …]] [--offline | --online]`:
// checks a licence QR code as a phone would: the signature against the trust list, from the data directory's PKI or
// from a downloaded trust-list file verified against a pinned root (trust-source.ts), then the live status: from the
// data directory's store by default, over HTTP with --online from the data directory's registry (ELICENCE_BASE_URL) or
// the one named by --registry URL, not at all with --offline (and it says so). Never from the host in the QR text:
// only the fragment is signed, and a registry named by whoever wrote the text would answer whatever they like. Exit 0 genuine and valid now, 1 invalid or not valid now (revoked, suspended, replaced,
// expired, not yet in force, or a status answer about another licence), 3 indeterminate (also: the trust-list file
// was refused, or the registry could not be asked), 2 usage.
import { parseArgs } from "node:util";
import { COMMAND_USAGE } from "./usage.js";
import { parseQrText, QR_REASONS, verifyQrPayload, type QrVerification } from "@elicence/signer/browser";
import type { RegistryConfig } from "@elicence/registry/offline";
import {
  askLiveStatus,
  describeLive,
  judgeLive,
  type LiveAnswer,
  type LiveJudgement,
  type LiveSource,
} from "./qr-live-status.js";
import { loadTrust, type TrustSource } from "./trust-source.js";

type Out = { log: (s: string) => void; err: (s: string) => void };

const USAGE = COMMAND_USAGE["verify qr"];
const EXIT: Record<QrVerification["status"], number> = { VALID: 0, INVALID: 1, INDETERMINATE: 3 };
const RESULT_WORDS: Readonly<Record<number, string>> = {
  0: "genuine, and may be relied on (可以采信)",
  1: "not to be relied on: not genuine, or not valid now (不可采信)",
  3: "undecided: the signature or the live status could not be settled (无法确定)",
};

function describe(
  r: QrVerification,
  source: TrustSource,
  statusUrl: string | null,
  elsewhere: string | null,
): string[] {
  const lines = [
    `QR code: ${r.status}  ${r.reason.code}`,
    `  ${r.reason.message.zh}`,
    `  ${r.reason.message.en}`,
  ];
  const c = r.claims;
  if (c) {
    lines.push(
      `  licence ${c.identifier} (version ${String(c.version).padStart(3, "0")}, type ${c.typeCode})`,
      `  holder ${c.holderName} ${c.holderCode}`,
      `  valid ${c.validFrom} – ${c.validUntil ?? "long-term (长期)"}; QR issued ${c.issuedAt}`,
    );
  }
  if (r.department) lines.push(`  issued by ${r.department.name} (${r.department.code})`);
  if (r.seal?.status === "revoked")
    lines.push(
      `  e-seal ${r.seal.serial} revoked ${r.seal.revokedAt ?? ""} (${r.seal.revocationReason ?? "unspecified"})`,
    );
  lines.push(
    `  trust list: ${source.from}, sequence ${source.list.sequence}, as of ${source.list.issuedAt}${source.stale ? " (STALE)" : ""}`,
    `  trust anchor: root SPKI SHA-256 ${source.anchor.fingerprint} (from ${source.anchor.from})`,
  );
  if (statusUrl) lines.push(`  live status URL: ${statusUrl}`);
  if (elsewhere)
    lines.push(
      `  the code names ${elsewhere}, not this registry: that part is not signed and is not asked (--registry URL to ask another registry)`,
    );
  return lines;
}

/** The origin a QR text names (what precedes `/v#` or `/v/`), or null for a bare fragment or no URL. */
function originNamedBy(text: string): string | null {
  const m = /^(https?:\/\/[^#]*?)\/v(?:#|\/)/iu.exec(text.trim());
  if (!m?.[1]) return null;
  try {
    return new URL(m[1]).origin;
  } catch {
    return null;
  }
}

/** The registry to ask: http(s), no user info, no query or fragment, without a trailing slash; null if not one. */
function registryBase(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== "https:" && u.protocol !== "http:") || u.username || u.password || u.search || u.hash)
    return null;
  return `${u.origin}${u.pathname}`.replace(/\/+$/u, "");
}

export async function verifyQrCommand(
  args: string[],
  out: Out,
  config: RegistryConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        qr: { type: "string" },
        json: { type: "boolean" },
        "trust-list": { type: "string" },
        root: { type: "string" },
        "root-fingerprint": { type: "string" },
        offline: { type: "boolean" },
        online: { type: "boolean" },
        registry: { type: "string" },
      },
    });
  } catch (e) {
    out.err(`elicence verify: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const text = parsed.values.qr;
  const registryArg = parsed.values.registry;
  if (
    !text ||
    (parsed.values.offline && parsed.values.online) ||
    (registryArg !== undefined && !parsed.values.online)
  ) {
    const problem = !text
      ? "--qr needs the text of the QR code"
      : parsed.values.offline && parsed.values.online
        ? "--offline and --online exclude each other"
        : "--registry only goes with --online";
    out.err(`elicence verify: ${problem}\n\n${USAGE}`);
    return 2;
  }
  const base = registryBase(registryArg ?? config.baseUrl);
  if (base === null) {
    out.err(`elicence verify: --registry must be an http(s) URL without user, query or fragment\n${USAGE}`);
    return 2;
  }
  const now = new Date();
  const trust = await loadTrust(
    config,
    {
      trustList: parsed.values["trust-list"],
      root: parsed.values.root,
      rootFingerprint: parsed.values["root-fingerprint"],
    },
    now,
  );
  if (!trust.ok) {
    out.err(`elicence verify: ${trust.message}`);
    return trust.exit;
  }
  const qr = parseQrText(text);
  let result: QrVerification;
  let token: string | undefined;
  if (qr.ok) {
    result = await verifyQrPayload(qr.cose, trust.source.list, now);
    token = result.claims?.publicToken;
  } else {
    // A legacy link carries no signed data: only its live status could tell, and this command fetches nothing.
    const m = QR_REASONS[qr.reason];
    result = {
      status: qr.reason === "VER_QR_LEGACY_LINK" ? "INDETERMINATE" : "INVALID",
      reason: { code: qr.reason, message: { zh: m.zh, en: m.en } },
    };
    token = qr.token;
  }
  const statusUrl = token ? `${base}/api/v1/status/${token}` : null;
  // Said, not followed: a code printed by another registry is checked against this one's store or URL.
  const named = originNamedBy(text);
  const elsewhere = named !== null && named !== new URL(base).origin ? named : null;
  const source: LiveSource = parsed.values.offline
    ? { kind: "offline" }
    : parsed.values.online
      ? { kind: "online", base }
      : { kind: "store" };
  // Not after a bad signature: its token is anyone's guess, and nothing it says can make the code genuine.
  let live: LiveAnswer | null = null;
  let judgement: LiveJudgement | null = null;
  if (source.kind !== "offline" && token && result.status !== "INVALID") {
    live = await askLiveStatus(source, config, token, now, fetchImpl);
    judgement = await judgeLive(live, qr.ok ? (result.claims?.identifier ?? null) : null);
  }
  const exit = exitOf(result, judgement, qr.ok);
  if (parsed.values.json) {
    const { list, ...trustSource } = trust.source;
    out.log(
      JSON.stringify({
        ...result,
        trustList: {
          ...trustSource,
          sequence: list.sequence,
          issuedAt: list.issuedAt,
          nextUpdate: list.nextUpdate,
        },
        statusUrl,
        codeNamesOtherRegistry: elsewhere,
        live:
          source.kind === "offline"
            ? { asked: false, offline: true }
            : {
                asked: live !== null,
                ...(live ? { answer: live, verdict: judgement } : {}),
              },
        exit,
      }),
    );
  } else {
    for (const line of describe(result, trust.source, statusUrl, elsewhere)) out.log(line);
    if (source.kind === "offline" || live) for (const line of describeLive(live, judgement)) out.log(line);
    // The first line judges the signature only; this one is the answer to "may I rely on it now?".
    const words =
      exit === 0 && source.kind === "offline"
        ? "genuine signature; the live status was not asked (--offline) (签章真实，未查询实时状态)"
        : (RESULT_WORDS[exit] ?? "see above");
    out.log(`result: ${words} (exit ${exit})`);
  }
  return exit;
}

/**
 * The offline result's exit code, overridden by the live answer: anything but "valid" (or a status answer about
 * another licence) fails; a registry that cannot be asked leaves a genuine code undecided. A legacy link carries no
 * signed data, so a "valid" answer still cannot make it genuine (3).
 */
function exitOf(result: QrVerification, judgement: LiveJudgement | null, signed: boolean): number {
  const offline = EXIT[result.status];
  if (!judgement || result.status === "INVALID") return offline;
  if (judgement.exit === 1) return 1;
  if (judgement.exit === 3) return 3;
  return signed ? offline : 3;
}
