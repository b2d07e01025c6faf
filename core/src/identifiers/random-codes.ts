// Seedable generators of valid codes for fixtures and tests (no test-library dependency, safe to import anywhere).
import { computeIdNumberCheck } from "./citizen-id.js";
import { completeCreditCode, CREDIT_CODE_ALPHABET } from "./credit-code.js";
import { buildLicenceIdentifier, type LicenceIdentifierParts } from "./licence-identifier.js";
import { PROVINCE_CODES } from "./provinces.js";

/** Returns numbers in [0, 1), like Math.random. */
export type Rng = () => number;

/** mulberry32: small, fast and reproducible, so fixtures built from a seed are the same on every run. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function digits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(Math.floor(rng() * 10));
  return s;
}

export interface RandomIdNumberOptions {
  /** ISO YYYY-MM-DD; default a random day between 1930-01-01 and 2005-12-31 (in the past for any sane `now`). */
  birthDate?: string;
  sex?: "male" | "female";
  /** Two-digit province-level code; default random. */
  province?: string;
}

/** A valid 18-character citizen ID number. */
export function randomValidIdNumber(rng: Rng, options: RandomIdNumberOptions = {}): string {
  const birth = (
    options.birthDate ?? randomDay(rng, Date.UTC(1930, 0, 1), Date.UTC(2005, 11, 31))
  ).replaceAll("-", "");
  const province = options.province ?? pick(rng, PROVINCE_CODES);
  let sequence = Math.floor(rng() * 1000);
  if (options.sex !== undefined && (sequence % 2 === 1) !== (options.sex === "male"))
    sequence = (sequence + 1) % 1000;
  const first17 = province + digits(rng, 4) + birth + String(sequence).padStart(3, "0");
  return first17 + computeIdNumberCheck(first17);
}

/** A valid 15-digit first-generation number (born 1900-1999). */
export function randomLegacyIdNumber(rng: Rng): string {
  const birth = randomDay(rng, Date.UTC(1900, 0, 1), Date.UTC(1999, 11, 31))
    .replaceAll("-", "")
    .slice(2);
  return pick(rng, PROVINCE_CODES) + digits(rng, 4) + birth + digits(rng, 3);
}

function randomDay(rng: Rng, fromMs: number, toMs: number): string {
  const days = Math.floor((toMs - fromMs) / 86_400_000);
  return new Date(fromMs + Math.floor(rng() * (days + 1)) * 86_400_000).toISOString().slice(0, 10);
}

export interface RandomCreditCodeOptions {
  /** Position 1; default one of 1 (机构编制), 5 (民政), 9 (市场监管), Y (其他). */
  registrationAuthority?: string;
  /** Position 2; default 1-3. */
  orgType?: string;
  /** Positions 3-8; default a province code and 4 random digits. */
  division?: string;
}

/** A valid unified social credit code (its organisation code passes GB 11714 too). */
export function randomValidCreditCode(rng: Rng, options: RandomCreditCodeOptions = {}): string {
  const authority = options.registrationAuthority ?? pick(rng, ["1", "5", "9", "Y"]);
  const orgType = options.orgType ?? pick(rng, ["1", "2", "3"]);
  const division = options.division ?? pick(rng, PROVINCE_CODES) + digits(rng, 4);
  let body = "";
  for (let i = 0; i < 8; i++) body += pick(rng, [...CREDIT_CODE_ALPHABET]);
  return completeCreditCode(authority + orgType + division + body);
}

/** A valid licence identifier; any part not given is random (version 1-999, serial 1-20 characters). */
export function randomValidLicenceIdentifier(rng: Rng, parts: Partial<LicenceIdentifierParts> = {}): string {
  const alphabet = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
  let serial = "";
  const serialLength = 1 + Math.floor(rng() * 20);
  for (let i = 0; i < serialLength; i++) serial += pick(rng, alphabet);
  return buildLicenceIdentifier({
    typeCode: parts.typeCode ?? randomValidCreditCode(rng) + digits(rng, 3),
    issuerCode: parts.issuerCode ?? randomValidCreditCode(rng),
    serial: parts.serial ?? serial,
    version: parts.version ?? 1 + Math.floor(rng() * 999),
  });
}
