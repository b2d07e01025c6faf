// Shared fixtures for the render integration tests: licences built from each type's example, and the external
// programs (poppler, qpdf, zbar) the tests judge the PDFs with.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTemplate } from "../../src/render/index.js";
import type { LoadedTemplate, RenderInput } from "../../src/render/index.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const TEMPLATES = path.join(REPO, "templates");
export const NOW = new Date("2024-03-15T08:00:00Z");

export function has(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;
}

/** Checks the programs are installed; warns with the reason when a suite will be skipped. */
export function haveTools(programs: string[], suite: string): boolean {
  const missing = programs.filter((p) => !has(p));
  if (missing.length > 0) {
    console.warn(
      `${suite}: skipped, missing ${missing.join(", ")} (apt-get install poppler-utils qpdf zbar-tools)`,
    );
  }
  return missing.length === 0;
}

/** Type folders holding both type.json and layout.json. */
export function shippedTypeCodes(): string[] {
  return readdirSync(TEMPLATES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter(
      (code) =>
        existsSync(path.join(TEMPLATES, code, "type.json")) &&
        existsSync(path.join(TEMPLATES, code, "layout.json")),
    )
    .sort();
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** GB/T 36904 check character (ISO 7064 MOD 37,36), so fixtures carry well-formed identifiers. */
export function identifierFor(typeCode: string, issuerCode: string, serial: string, version = "001"): string {
  let p = 36;
  for (const ch of typeCode + issuerCode + serial + version) {
    let s = (p + ALPHABET.indexOf(ch)) % 36;
    if (s === 0) s = 36;
    p = (2 * s) % 37;
  }
  return `1.2.156.3005.2.${typeCode}.${issuerCode}.${serial}.${version}.${ALPHABET[(37 - p) % 36]}`;
}

interface TypeJson {
  example: Record<string, unknown>;
  exampleHolder?: { name: string; code: string };
  issuers: { name: string; code: string }[];
  validity?: { years?: number; longTerm?: boolean };
}

export async function exampleInput(
  code: string,
  overrides: Partial<RenderInput> = {},
): Promise<{ template: LoadedTemplate; input: RenderInput }> {
  const template = await loadTemplate(path.join(TEMPLATES, code));
  const t = template.typeJson as TypeJson;
  const issuer = t.issuers[0] ?? { name: "海丰县人民政府", code: "11441521007193658A" };
  const identifier = identifierFor(code, issuer.code, "2430599");
  const input: RenderInput = {
    layout: template.layout,
    type: template.type,
    licence: {
      identifier,
      holder: t.exampleHolder ?? { name: "海丰县示例有限公司", code: "91441521MA4W5K2R9P" },
      issuer,
      issuedOn: "2024-03-15",
      validFrom: "2024-03-15",
      validUntil: t.validity?.years ? `${2024 + t.validity.years}-03-14` : null,
      fields: structuredClone(t.example),
    },
    qrText: `https://verify.elicence.example/v/${identifier}#k=3q2-7wAAAAB0ZXN0LXRva2VuLTEyMzQ1Njc4`,
    sealCode: "4415210012345",
    now: NOW,
    ...overrides,
  };
  return { template, input };
}

export function run(program: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(program, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Text in content-stream order with all whitespace removed: wrapped values compare as one string. */
export function pdfTextCompact(file: string): string {
  return execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(
    /\s+/gu,
    "",
  );
}

export function compact(s: string): string {
  return s.replace(/\s+/gu, "");
}

export interface BboxWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes (points, origin top-left) and the page size, from pdftotext -bbox. */
export function pdfWords(file: string): { width: number; height: number; words: BboxWord[] } {
  const html = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const page = /<page width="([\d.]+)" height="([\d.]+)"/u.exec(html);
  const words: BboxWord[] = [];
  for (const m of html.matchAll(
    /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/gu,
  )) {
    words.push({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: unescapeHtml(m[5] ?? ""),
    });
  }
  return { width: Number(page?.[1] ?? 0), height: Number(page?.[2] ?? 0), words };
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/gu, "<")
    .replace(/&gt;/gu, ">")
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, "&");
}

/** Decodes every QR code on page 1 rendered at 150 dpi. */
export function decodeQr(file: string, workDir: string): string[] {
  const prefix = path.join(workDir, `qr-${path.basename(file, ".pdf")}`);
  execFileSync("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", file, prefix]);
  const r = run("zbarimg", ["--raw", "-q", `${prefix}.png`]);
  return r.stdout.split("\n").filter((l) => l !== "");
}

/** 1993-06-18 → 1993年06月18日: how the certificates print ISO dates (written out here, not borrowed from the renderer). */
export function zhDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${y}年${m}月${d}日`;
}
