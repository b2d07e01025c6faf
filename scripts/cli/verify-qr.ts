// `elicence verify --qr TEXT [--json] [--trust-list FILE [--root … | --root-fingerprint …]]`: checks a licence QR code
// offline, as a phone would: the signature against the trust list, from the data directory's PKI or from a downloaded
// trust-list file verified against a pinned root (trust-source.ts). Fetches nothing. Exit 0 valid, 1 invalid,
// 3 indeterminate (also: the trust-list file was refused), 2 usage.
import { parseArgs } from "node:util";
import { parseQrText, QR_REASONS, verifyQrPayload, type QrVerification } from "@elicence/signer";
import type { RegistryConfig } from "@elicence/registry";
import { loadTrust, type TrustSource } from "./trust-source.js";

type Out = { log: (s: string) => void; err: (s: string) => void };

const USAGE =
  "usage: elicence verify --qr TEXT [--json] [--trust-list FILE [--root ROOT.pem | --root-fingerprint HEX]]";
const EXIT: Record<QrVerification["status"], number> = { VALID: 0, INVALID: 1, INDETERMINATE: 3 };

function describe(r: QrVerification, source: TrustSource, statusUrl: string | null): string[] {
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
  if (statusUrl) lines.push(`  live status (not fetched): ${statusUrl}`);
  return lines;
}

export async function verifyQrCommand(args: string[], out: Out, config: RegistryConfig): Promise<number> {
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
      },
    });
  } catch (e) {
    out.err(`elicence verify: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const text = parsed.values.qr;
  if (!text) {
    out.err(USAGE);
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
  const statusUrl = token ? `${config.baseUrl}/api/v1/status/${token}` : null;
  if (parsed.values.json) {
    const { list, ...source } = trust.source;
    out.log(
      JSON.stringify({
        ...result,
        trustList: {
          ...source,
          sequence: list.sequence,
          issuedAt: list.issuedAt,
          nextUpdate: list.nextUpdate,
        },
        statusUrl,
      }),
    );
  } else for (const line of describe(result, trust.source, statusUrl)) out.log(line);
  return EXIT[result.status];
}
