// The public base URL recorded in the data directory (<data>/pki/base-url.json, next to the PKI state whose
// certificates carry it). Every process that seals (serve, init, import, reseal) settles the configured base URL
// against it first: a different one is refused unless accepted explicitly, so sealed PDFs and certificates never
// change their links silently. Recording and changing it leave audit events.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RegistryConfig } from "../config.js";
import { RegistryError } from "../errors.js";
import type { Store } from "../store/store.js";
import { baseUrlProblem, isLoopbackUrl, loopbackInProduction } from "./base-url.js";

export interface BaseUrlRecord {
  format: "elicence-base-url/1";
  baseUrl: string;
  recordedAt: string;
}

export { baseUrlRecordPath } from "./base-url-path.js";
import { baseUrlRecordPath } from "./base-url-path.js";

/** The recorded base URL, or null when none is (a new data directory, or one from before base URLs were recorded). */
export async function readBaseUrlRecord(dataDir: string): Promise<BaseUrlRecord | null> {
  const file = baseUrlRecordPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const parsed = JSON.parse(text) as Partial<BaseUrlRecord>;
  if (parsed.format !== "elicence-base-url/1" || typeof parsed.baseUrl !== "string")
    throw new RegistryError(
      "REG_BASE_URL_INVALID",
      `${file} is not an eLicence base URL record: restore it, or remove it and record the public base URL again with \`elicence init --base-url URL\`.`,
    );
  return parsed as BaseUrlRecord;
}

async function writeRecord(dataDir: string, baseUrl: string, now: Date): Promise<void> {
  const file = baseUrlRecordPath(dataDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const record: BaseUrlRecord = { format: "elicence-base-url/1", baseUrl, recordedAt: now.toISOString() };
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Refuses a base URL no one outside this machine could use when NODE_ENV=production; `via` names its source. */
export function checkPublicBaseUrl(baseUrl: string, production: boolean, via: string): void {
  const problem = baseUrlProblem(baseUrl);
  if (problem) throw new RegistryError("REG_BASE_URL_INVALID", `${via}: ${problem}.`);
  if (production && isLoopbackUrl(baseUrl))
    throw new RegistryError("REG_BASE_URL_INVALID", `${via}: ${loopbackInProduction(baseUrl, via)}.`);
}

export interface SettleOptions {
  /** Record a configured base URL that differs from the recorded one (serve --accept-new-base-url). */
  acceptNew?: boolean;
  /** Where the audit events go; absent: none is written (only tests open signing without a store). */
  store?: Store;
  /** Who settles it, for the audit event. */
  actor?: { id: string; role: string; department: string | null };
  now?: Date;
}

export type Settled =
  | { outcome: "same"; baseUrl: string }
  /** Nothing was recorded: the configured base URL now is. */
  | { outcome: "recorded"; baseUrl: string }
  | { outcome: "changed"; baseUrl: string; previous: string };

/**
 * Compares config.baseUrl with the recorded one: the same → nothing to do; none recorded → records it; different →
 * REG_BASE_URL_CHANGED naming both and the fix, unless options.acceptNew (then records it, audited).
 */
export async function settleBaseUrl(config: RegistryConfig, options: SettleOptions = {}): Promise<Settled> {
  const via = "ELICENCE_BASE_URL";
  checkPublicBaseUrl(config.baseUrl, config.production, via);
  const now = options.now ?? new Date();
  const record = await readBaseUrlRecord(config.dataDir);
  if (record?.baseUrl === config.baseUrl) return { outcome: "same", baseUrl: config.baseUrl };
  if (record && !options.acceptNew)
    throw new RegistryError(
      "REG_BASE_URL_CHANGED",
      `the public base URL configured (${config.baseUrl}) differs from the one recorded in ${config.dataDir} (${record.baseUrl}): set ELICENCE_BASE_URL=${record.baseUrl}, or start once with \`elicence serve --accept-new-base-url\` to record ${config.baseUrl} (then \`elicence reseal --since DATE\` gives earlier licences documents carrying it).`,
    );
  await writeRecord(config.dataDir, config.baseUrl, now);
  const actor = options.actor ?? { id: "system", role: "system", department: null };
  const detail = record ? { from: record.baseUrl, to: config.baseUrl } : { to: config.baseUrl };
  if (options.store)
    await options.store.apply({
      audit: [
        {
          actor: actor.id,
          role: actor.role,
          department: actor.department,
          action: record ? "config.base-url.change" : "config.base-url.record",
          target: config.baseUrl,
          holderCode: null,
          purpose: null,
          detail,
          at: now.toISOString(),
        },
      ],
    });
  return record
    ? { outcome: "changed", baseUrl: config.baseUrl, previous: record.baseUrl }
    : { outcome: "recorded", baseUrl: config.baseUrl };
}
