// The one answer the page shows: the offline signature check and the live status combined into a headline, a tone
// and plain-words explanations. Pure (no DOM, no network) so it is unit-tested in Node.
import { chinaDate } from "@elicence/core";
import type { Bilingual } from "@elicence/core";
import { t } from "./i18n.js";
import { reasonLines } from "./reason-lines.js";

/** What the signed QR payload says, in the page's own terms (filled from the verified claims). */
export interface LicenceFacts {
  identifier: string;
  typeCode: string;
  issuerCode: string;
  holderName: string;
  holderCode: string;
  validFrom: string | null;
  /** null: long-term (长期). */
  validUntil: string | null;
  version: string;
  issuedAt: string | null;
  /** The token for the live status call. */
  token: string | null;
}

export interface OfflineCheck {
  status: "VALID" | "INVALID" | "INDETERMINATE";
  reason: { code: string; message: Bilingual };
  facts?: LicenceFacts;
  department?: { code: string; name: string };
}

export interface StatusBody {
  state: string;
  /** valid, not-yet-in-force, suspended, expired, superseded, revoked, … (absent from older registries). */
  status?: string;
  /** base64url SHA-256 of the licence identifier the answer is about. */
  identifierSha256?: string;
  validFrom?: string;
  stateName: Bilingual;
  version?: string;
  supersededBy: string | null;
  /** The successor's public token, when the registry gives it: the page can then link to its status. */
  supersededByToken?: string | null;
  validUntil: string | null;
  /** Revoked (07), cancelled (03), deregistered (04): when it ended. */
  revokedAt?: string;
  suspendedAt?: string;
  /** A reason code (core/src/reason-codes.ts), put in words here. */
  reason?: string;
  checkedAt: string;
}

/** Which licence a token names, as far as it is public (GET /api/v1/status/{token}/record). */
export interface PublicRecord {
  identifierSha256: string;
  typeCode: string;
  typeName: Bilingual;
  version: string;
  issuer: { code: string; name: string };
  /** An organisation in full (organisations are public); a person masked, as on the QR code. */
  holder: { kind: "organisation" | "person"; name: string; code: string; masked: boolean };
  /** The type's public fields (经营项目, 资格种类 …), labelled as the licence prints them. */
  publicFields: { field: string; label: string; value: string }[];
}

export type LiveStatus =
  | { kind: "ok"; body: StatusBody }
  | { kind: "pending" }
  | { kind: "not-asked" }
  | { kind: "unknown" }
  | { kind: "offline" }
  | { kind: "busy" }
  | { kind: "failed"; httpStatus: number }
  /** The answer is about another licence than the verified payload (or does not say): refused. */
  | { kind: "mismatch"; code: "VER_QR_STATUS_OTHER_LICENCE" | "VER_QR_STATUS_UNNAMED"; message: Bilingual };

export type Tone = "ok" | "bad" | "warn" | "info";

/** A value to put in a sentence: plain text, or an ISO date formatted in the reader's language. */
export type Var = string | { date: string; time?: boolean };
export interface Line {
  text: Bilingual;
  vars?: Record<string, Var>;
}

export interface Verdict {
  headline: Bilingual;
  tone: Tone;
  lines: Line[];
  successor?: { identifier: string; token: string | null };
  /** Shown only when the signature verified: unverified claims are never displayed as facts. */
  facts?: LicenceFacts;
  department?: string;
  /** Live status failed in a way that may pass: the page retries when the network is back. */
  retryable: boolean;
}

// Licences are dated in China's calendar: a UTC date would call a licence not yet in force from 00:00 to 08:00 China
// time on its first day (and expired a day late).
const today = (now: Date) => chinaDate(now);

/** Offline answers a fresher trust list can change. */
const LIST_REASONS = new Set([
  "VER_QR_TRUST_LIST_STALE",
  "VER_QR_KID_NEWER_THAN_LIST",
  "VER_QR_TRUST_LIST_UNUSABLE",
]);
const RETRY_LIVE = new Set<LiveStatus["kind"]>(["offline", "busy", "failed"]);

/** The headline and explanation for a given offline check and live status at time `now`. */
export function decide(offline: OfflineCheck, live: LiveStatus, now: Date): Verdict {
  if (offline.status === "INVALID")
    return {
      headline: t.notGenuine,
      tone: "bad",
      lines: [{ text: offline.reason.message }, { text: t.statusNotAsked }],
      retryable: false,
    };
  // Before anything else: a status that is not about this payload's licence says nothing about it, and a QR code
  // that carries another licence's token is a forgery. No claims are shown as facts.
  if (live.kind === "mismatch")
    return {
      headline: t.statusRefused,
      tone: "bad",
      lines: [{ text: live.message }],
      retryable: false,
    };
  if (offline.status === "INDETERMINATE") {
    // The registry's answer is worth showing (a revocation above all), but it does not make the QR code genuine.
    const registry: Line[] =
      live.kind === "ok"
        ? [
            {
              text: {
                zh: t.registrySays.zh.replace("{state}", live.body.stateName.zh),
                en: t.registrySays.en.replace("{state}", live.body.stateName.en),
              },
            },
          ]
        : [];
    return {
      headline: t.cannotConfirm,
      tone: "warn",
      lines: [{ text: offline.reason.message }, ...registry],
      // A newer trust list may settle it, and the network may come back.
      retryable: LIST_REASONS.has(offline.reason.code) || RETRY_LIVE.has(live.kind),
    };
  }

  const facts = offline.facts;
  const dept = offline.department?.name ?? facts?.issuerCode ?? "";
  const base = { facts, department: dept, retryable: false } as const;
  const sealed: Line = { text: t.sealedBy, vars: { dept } };
  const lines: Line[] = [sealed];

  if (live.kind === "ok") {
    const s = live.body;
    const reason = reasonLines(s.reason);
    // Before validFrom: genuine, but not yet a licence anyone may rely on (state 99 from the registry, never 01).
    if (s.status === "not-yet-in-force")
      return notYetVerdict(base, lines, s.validFrom ?? facts?.validFrom ?? null);
    // The forward link matters more than the state: a replaced licence is usually also no longer "01".
    if (s.supersededBy)
      return {
        ...base,
        headline: t.replaced,
        tone: "warn",
        lines: [...lines, { text: t.statusReplaced }],
        successor: { identifier: s.supersededBy, token: s.supersededByToken ?? null },
      };
    switch (s.state) {
      case "01": {
        const until = s.validUntil ?? facts?.validUntil ?? null;
        if (until && until < today(now)) return expiredVerdict(base, lines, until);
        return { ...base, headline: t.genuine, tone: "ok", lines: [...lines, { text: t.statusValid }] };
      }
      case "07":
        return {
          ...base,
          headline: t.revoked,
          tone: "bad",
          lines: [
            ...lines,
            s.revokedAt
              ? { text: t.statusRevoked, vars: { date: { date: s.revokedAt } } }
              : { text: t.statusRevokedNoDate },
            ...reason,
          ],
        };
      case "02":
        return {
          ...base,
          headline: t.suspended,
          tone: "warn",
          lines: [
            ...lines,
            s.suspendedAt
              ? { text: t.statusSuspended, vars: { date: { date: s.suspendedAt } } }
              : { text: t.statusSuspendedNoDate },
            ...reason,
          ],
        };
      case "05":
        return expiredVerdict(base, lines, s.validUntil ?? facts?.validUntil ?? null, reason);
      default: {
        const headline =
          s.state === "03"
            ? t.cancelled
            : s.state === "04"
              ? t.deregistered
              : s.state === "06"
                ? t.transferred
                : t.otherState;
        const ended: Line = {
          text: {
            zh: t.statusEnded.zh.replace("{state}", s.stateName.zh),
            en: t.statusEnded.en.replace("{state}", s.stateName.en),
          },
        };
        return { ...base, headline, tone: "bad", lines: [...lines, ended, ...reason] };
      }
    }
  }

  // No live answer: the offline facts still tell an expired or not yet valid licence from a current one.
  if (facts?.validUntil && facts.validUntil < today(now))
    return { ...expiredVerdict(base, lines, facts.validUntil), retryable: live.kind !== "unknown" };
  if (facts?.validFrom && facts.validFrom > today(now))
    return { ...notYetVerdict(base, lines, facts.validFrom), retryable: RETRY_LIVE.has(live.kind) };
  if (live.kind === "unknown")
    return { ...base, headline: t.unknownToRegistry, tone: "bad", lines: [{ text: t.statusUnknown }] };
  const why = live.kind === "busy" ? t.statusBusy : live.kind === "failed" ? t.statusFailed : t.statusOffline;
  return {
    ...base,
    headline: t.genuineNoStatus,
    tone: "info",
    lines: live.kind === "pending" || live.kind === "not-asked" ? lines : [...lines, { text: why }],
    retryable: RETRY_LIVE.has(live.kind),
  };
}

function notYetVerdict(
  base: { facts: LicenceFacts | undefined; department: string; retryable: boolean },
  lines: Line[],
  from: string | null,
): Verdict {
  return {
    ...base,
    headline: t.notYetInForce,
    tone: "warn",
    lines: [
      ...lines,
      from
        ? { text: t.statusNotYetInForce, vars: { date: { date: from } } }
        : { text: t.statusNotYetInForceNoDate },
    ],
  };
}

function expiredVerdict(
  base: { facts: LicenceFacts | undefined; department: string; retryable: boolean },
  lines: Line[],
  until: string | null,
  extra: Line[] = [],
): Verdict {
  return {
    ...base,
    headline: t.expired,
    tone: "warn",
    lines: [
      ...lines,
      ...(until ? [{ text: t.statusExpired, vars: { date: { date: until } } }] : []),
      ...extra,
    ],
  };
}

/**
 * An old-style QR code (/v/<token>) or a successor link: no signed data, only the registry's live answer. It never
 * says "genuine": nothing was verified on this device.
 */
export function decideLegacy(live: LiveStatus, now: Date): Verdict {
  const v = decide({ status: "VALID", reason: { code: "LEGACY", message: t.legacyQr } }, live, now);
  const lines = v.lines.filter((l) => l.text !== t.sealedBy);
  if (live.kind === "unknown")
    return { ...v, headline: t.unknownToRegistry, tone: "bad", lines: [{ text: t.legacyUnknown }] };
  if (v.headline === t.genuine) return { ...v, headline: t.registryValid, tone: "info", lines };
  if (v.headline === t.genuineNoStatus) return { ...v, headline: t.cannotConfirm, tone: "warn", lines };
  return { ...v, lines };
}
