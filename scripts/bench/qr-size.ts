// The "qr" section of `npm run bench` (also `node --import tsx scripts/bench/qr-size.ts`): the signed QR code of every
// catalogue type as the registry makes it (qrClaimsFor: masked holder, validity, token), in format 1 as first printed
// and in format 2 (compact), for three base URLs up to a long government host: signed bytes, characters, data bits
// and QR version at level M. Every text is verified offline before it is counted. No timing: sizes only.
import { pathToFileURL } from "node:url";
import {
  encodeQrPayload,
  parseQrText,
  qrUrl,
  qrWireForm,
  verifyQrPayload,
  type QrClaimsInput,
  type QrPayloadFormat,
  type QrSigner,
  type TrustList,
  type TrustListEntry,
  qrPlan,
} from "@elicence/signer";
import { toBase32, toBase64, toBase64Url } from "@elicence/signer/browser";
import { buildLicenceIdentifier } from "@elicence/core";
import { newPublicToken, newSerial, qrClaimsFor, type LicenceRecord } from "@elicence/registry";
import type { BenchSection, SectionReport } from "./bench-section.js";
import { catalogueDepartments, catalogueTypes, type CatalogueType } from "./licence-jobs.js";

const BASE_URLS = ["http://127.0.0.1:8080", "https://verify.elicence.example", "https://zwfw.haifeng.gov.cn"];
const NOW = new Date("2026-06-01T09:30:00Z");
const DAY = 86_400_000;

export interface QrSizeRow {
  type: string;
  holder: string;
  validity: string;
  baseUrl: string;
  format: QrPayloadFormat;
  /** COSE_Sign1 bytes in the QR code. */
  signedBytes: number;
  characters: number;
  bits: number;
  capacityBits: number;
  version: number;
}

interface Seal {
  signer: QrSigner;
  entry: TrustListEntry;
}

async function sealFor(department: { code: string; name: string }, licenceTypes: string[]): Promise<Seal> {
  const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]);
  const kid = crypto.getRandomValues(new Uint8Array(8));
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
  return {
    signer: {
      kid,
      signatureFormat: "raw",
      sign: async (d) =>
        new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, d)),
    },
    entry: {
      department,
      kid: toBase64Url(kid),
      serial: "01",
      certificate: "",
      spki: toBase64(spki),
      notBefore: new Date(NOW.getTime() - 365 * DAY).toISOString(),
      notAfter: new Date(NOW.getTime() + 365 * DAY).toISOString(),
      status: "good",
      licenceTypes,
    },
  };
}

/** The claims the registry signs for a new licence of type `t` (its example holder, a fresh serial and token). */
function claimsOf(t: CatalogueType): QrClaimsInput {
  const issuer = t.issuers[0] as { name: string; code: string };
  const validFrom = NOW.toISOString().slice(0, 10);
  const years = t.validity?.years;
  // The day before the anniversary: 2026-06-01 for 5 years is valid until 2031-05-31.
  const validUntil = years
    ? new Date(Date.parse(`${Number(validFrom.slice(0, 4)) + years}${validFrom.slice(4)}T00:00:00Z`) - DAY)
        .toISOString()
        .slice(0, 10)
    : null;
  const record = {
    identifier: buildLicenceIdentifier({
      typeCode: t.code,
      issuerCode: issuer.code,
      serial: newSerial(),
      version: 1,
    }),
    holder: { ...t.exampleHolder, codeType: t.holderKind === "person" ? "111" : "001" },
    validFrom,
    validUntil,
    publicToken: newPublicToken(),
  } as unknown as LicenceRecord;
  return qrClaimsFor(record, NOW);
}

/** Format 1 as first printed: the base URL as configured, the COSE_Sign1 in base32. */
function format1Text(baseUrl: string, cose: Uint8Array): string {
  return `${baseUrl.replace(/\/+$/u, "")}/v#${toBase32(cose)}`;
}

export async function measureQrSizes(): Promise<{ rows: QrSizeRow[]; breakdown: string[] }> {
  const types = catalogueTypes();
  const seals = new Map<string, Seal>();
  for (const d of catalogueDepartments(types))
    seals.set(
      d.code,
      await sealFor(
        d,
        types.filter((t) => t.issuers.some((i) => i.code === d.code)).map((t) => t.code),
      ),
    );
  const list: TrustList = {
    format: "elicence-trust-list/2",
    sequence: 1,
    issuedAt: NOW.toISOString(),
    nextUpdate: new Date(NOW.getTime() + DAY).toISOString(),
    issuer: { name: "bench", certificate: "" },
    signer: { certificate: "" },
    root: "",
    seals: [...seals.values()].map((s) => s.entry),
    signature: "",
  };
  const rows: QrSizeRow[] = [];
  let breakdown: string[] = [];
  let worst = -1;
  let worstFirst: { bits: number; line: string } = { bits: -1, line: "" };
  for (const t of types) {
    const claims = claimsOf(t);
    const seal = seals.get(t.issuers[0]?.code ?? "") as Seal;
    for (const format of [1, 2] as const) {
      const cose = await encodeQrPayload(claims, seal.signer, { format });
      for (const baseUrl of BASE_URLS) {
        const text = format === 1 ? format1Text(baseUrl, cose) : qrUrl(baseUrl, cose);
        const parsed = parseQrText(text);
        const verified = parsed.ok ? await verifyQrPayload(parsed.cose, list, NOW) : null;
        if (verified?.reason.code !== "VER_QR_OK")
          throw new Error(`${t.code} format ${format}: ${verified?.reason.code ?? "unparsable"} for ${text}`);
        const plan = qrPlan(text);
        if (!plan) throw new Error(`${t.code}: does not fit a QR code`);
        rows.push({
          type: t.code,
          holder: claims.holderName,
          validity: claims.validUntil ? `${t.validity?.years ?? "?"} y` : "long-term",
          baseUrl,
          format,
          signedBytes: qrWireForm(cose).cose.length,
          characters: text.length,
          bits: plan.bits,
          capacityBits: plan.capacityBits,
          version: plan.version,
        });
        if (format === 1 && plan.bits > worstFirst.bits)
          worstFirst = {
            bits: plan.bits,
            line: `format 1, largest: ${cose.length} bytes, ${plan.bits} bits (version ${plan.version}): ${cborBreakdown(cose)}`,
          };
        if (format === 2 && plan.bits > worst) {
          worst = plan.bits;
          breakdown = breakdownOf(text, cose, plan);
        }
      }
    }
  }
  return { rows, breakdown: [worstFirst.line, ...breakdown] };
}

/** Where the bits of one QR text go: prefix, identifier text and COSE_Sign1, and the CBOR items of the latter. */
function breakdownOf(text: string, cose: Uint8Array, plan: NonNullable<ReturnType<typeof qrPlan>>): string[] {
  const wire = qrWireForm(cose);
  const ident = `${wire.identifierWithoutIssuer ?? ""}.`;
  const bytesChars = text.length - text.indexOf("#") - 1 - ident.length;
  // Alphanumeric characters cost 5.5 bits; the numeric run at the start of the type code a little less.
  const identBits = Math.round(ident.length * 5.5);
  const coseBits = Math.round(bytesChars * 5.5);
  return [
    `largest format 2 record: ${text.length} characters, ${plan.bits} of ${plan.capacityBits} data bits (version ${plan.version}); segments ${plan.segments.map((s) => `${s.mode} ${s.text.length}`).join(" + ")}`,
    `≈ ${plan.bits - identBits - coseBits} bits prefix "${text.slice(0, text.indexOf("#") + 1)}" with segment headers, ≈ ${identBits} identifier text "${ident}", ≈ ${coseBits} COSE_Sign1 (${wire.cose.length} bytes as ${bytesChars} base32 characters, 8.8 bits a byte)`,
    `COSE_Sign1 bytes: ${cborBreakdown(wire.cose)}`,
  ];
}

/** Byte counts of the COSE_Sign1's parts and of each claim (CBOR heads included). */
function cborBreakdown(wire: Uint8Array): string {
  const sizes = coseParts(wire);
  return Object.entries(sizes)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function coseParts(wire: Uint8Array): Record<string, number> {
  // A small reader of CBOR heads: enough to size the items of our own encoder's output.
  let at = 0;
  const head = (): { major: number; value: number } => {
    const b = wire[at++] ?? 0;
    const info = b & 31;
    let value = info;
    const width = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (width) {
      value = 0;
      for (let i = 0; i < width; i++) value = value * 256 + (wire[at++] ?? 0);
    }
    return { major: b >> 5, value };
  };
  const skip = (): void => {
    const { major, value } = head();
    if (major === 2 || major === 3) at += value;
    else if (major === 4) for (let i = 0; i < value; i++) skip();
    else if (major === 5) for (let i = 0; i < 2 * value; i++) skip();
    else if (major === 6) skip();
  };
  const sized = (f: () => void): number => {
    const start = at;
    f();
    return at - start;
  };
  const out: Record<string, number> = {};
  out["tag and array heads"] = sized(() => {
    if (head().major === 6) head();
  });
  out["protected header (alg, kid)"] = sized(skip);
  out["unprotected"] = sized(skip);
  const payloadHead = sized(() => head());
  const names: Record<string, string> = {
    "2": "sub (identifier)",
    "6": "iat",
    "-1": "holder name",
    "-2": "holder code",
    "-3": "valid from",
    "-4": "valid until",
    "-5": "token",
    "-6": "hash prefix",
  };
  out["payload heads"] = payloadHead + sized(() => head());
  while (at < wire.length - 66) {
    const keyStart = at;
    const { major, value } = head();
    const key = major === 1 ? -1 - value : value;
    at = keyStart;
    out[names[String(key)] ?? `claim ${key}`] = sized(() => {
      skip();
      skip();
    });
  }
  out["signature"] = wire.length - at;
  return out;
}

function table(rows: readonly QrSizeRow[]): string[] {
  const header = [
    "type",
    "holder",
    "validity",
    "base URL",
    "format",
    "signed B",
    "chars",
    "bits/capacity",
    "QR version (M)",
  ];
  const cells = rows.map((r) => [
    r.type,
    r.holder,
    r.validity,
    r.baseUrl,
    String(r.format),
    String(r.signedBytes),
    String(r.characters),
    `${r.bits}/${r.capacityBits}`,
    String(r.version),
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? "")].length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i < 4 ? c + " ".repeat((widths[i] ?? 0) - [...c].length) : c.padStart(widths[i] ?? 0)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
}

export const qrSizeSection: BenchSection = {
  name: "qr",
  title: "Signed QR code sizes (format 1 as first printed, format 2 compact), level M",
  async run(options): Promise<SectionReport> {
    options.log("qr: sealing every catalogue type's QR payload in both formats");
    const { rows, breakdown } = await measureQrSizes();
    return {
      rows: [],
      notes: [
        ...table(rows),
        ...breakdown,
        "format 1: <base>/v#<base32 COSE_Sign1 with the identifier in its claims>; format 2: <base with upper-case host>/v#<type>.<serial>.<version>.<base32 COSE_Sign1 signing the identifier as external_aad>",
        "QR version 10 at M holds 1728 data bits; every text above was verified offline (VER_QR_OK) before it was counted",
      ],
      details: { rows, breakdown },
    };
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { rows, breakdown } = await measureQrSizes();
  console.log(table(rows).join("\n"));
  for (const line of breakdown) console.log(`  · ${line}`);
}
