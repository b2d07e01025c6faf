// Configuration: read from the environment once at start, defaulted, validated (naming the bad variable), frozen.
import path from "node:path";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { baseUrlRecordPath } from "./public-url/base-url-path.js";
import { isIP } from "node:net";
import { readLimits, type Limits } from "./limits.js";
import { basePathOf, baseUrlProblem, normaliseBaseUrl, parseBasePath } from "./public-url/base-url.js";

export interface RegistryConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** Public base URL used in QR codes, CRL distribution points and OCSP URLs. */
  readonly baseUrl: string;
  /**
   * Path the pages and the API are served under (ELICENCE_BASE_PATH, e.g. "/elicence" behind a reverse proxy); "" for
   * the root. Always the base URL's path: it defaults to it, and a different one is refused.
   */
  readonly basePath: string;
  /** NODE_ENV=production: a loopback base URL is refused where documents are sealed (init, serve, import). */
  readonly production: boolean;
  readonly store:
    | { readonly kind: "sqlite"; readonly path: string }
    | { readonly kind: "mongodb"; readonly url: string; readonly dbName: string };
  readonly redisUrl: string | null;
  readonly templatesDir: string;
  /**
   * A TrueType/OpenType font drawing what Noto Sans SC lacks (ELICENCE_FALLBACK_FONT, e.g. HanaMinB.ttf for CJK
   * Extension B); null: the licence font alone. Entry checks and sealing both use it (signer useFallbackFont).
   */
  readonly fallbackFont: string | null;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Passphrase of the dev PKI's encrypted key files; generated into the data directory when not given. */
  readonly keyPassphrase: string | null;
  readonly tsaUrl: string | null;
  /** Where the e-seal keys live: encrypted PKCS#8 files in the data directory (dev default) or a PKCS#11 token. */
  readonly keys:
    | { readonly kind: "file" }
    | {
        readonly kind: "pkcs11";
        readonly library: string;
        readonly tokenLabel: string;
        readonly pin: string;
      };
  readonly pkiAlgorithm: "ECDSA-P256" | "RSA-3072";
  /** Serve /metrics on the public listener (ELICENCE_PUBLIC_METRICS); off by default. */
  readonly publicMetrics: boolean;
  /** Serve the built-in timestamp authority at /pki/tsa (ELICENCE_PUBLIC_TSA); off by default. */
  readonly publicTsa: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (ELICENCE_TRUST_PROXY: addresses or CIDR ranges, comma
   * separated); empty by default: the header is ignored and the client is the connection's address.
   */
  readonly trustProxy: readonly string[];
  /** Body and upload sizes, per-address rates and sign-in failure counts (limits.ts: variables, defaults, ranges). */
  readonly limits: Limits;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The base URL recorded in <data>/pki/base-url.json (read once, at start), or undefined when there is none. */
function recordedBaseUrl(dataDir: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(baseUrlRecordPath(dataDir), "utf8")) as { baseUrl?: unknown };
    return typeof parsed.baseUrl === "string" ? parsed.baseUrl : undefined;
  } catch {
    // None recorded yet, or unreadable: settling the base URL before sealing reports a damaged record.
    return undefined;
  }
}

/** Why `file` is no single TrueType/OpenType font (by its first four bytes), or null when it is one. */
function fontFileProblem(file: string): string | null {
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    readSync(fd, head, 0, 4, 0);
  } catch (e) {
    return `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of a .ttf or .otf file, e.g. /usr/share/fonts/truetype/hanazono/HanaMinB.ttf (Debian package fonts-hanazono)`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const tag = head.toString("latin1");
  if (tag === "\0\x01\0\0" || tag === "OTTO" || tag === "true") return null;
  if (tag === "ttcf")
    return `${file} is a font collection (.ttc); give a single .ttf or .otf font (extract one, or use another package's file)`;
  return `${file} is not a TrueType or OpenType font (.ttf, .otf)`;
}

export function loadConfig(env: Record<string, string | undefined>, repoRoot: string): RegistryConfig {
  const problems: ConfigError[] = [];
  const dataDir = path.resolve(env.ELICENCE_DATA_DIR?.trim() || "./data");

  let port = 8080;
  if (env.PORT !== undefined && env.PORT !== "") {
    const p = Number(env.PORT);
    if (!Number.isInteger(p) || p < 0 || p > 65535)
      problems.push(new ConfigError("PORT", `"${env.PORT}" is not a port number (0–65535)`));
    else port = p;
  }
  const host = env.HOST?.trim() || "127.0.0.1";

  const logLevel = (env.LOG_LEVEL?.trim() || "info") as RegistryConfig["logLevel"];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(new ConfigError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`));

  // The base path and the base URL's path are one thing: either gives the other, and two different ones are refused.
  let basePath = "";
  const rawPath = env.ELICENCE_BASE_PATH;
  if (rawPath !== undefined && rawPath.trim() !== "") {
    const parsed = parseBasePath(rawPath);
    if ("problem" in parsed) problems.push(new ConfigError("ELICENCE_BASE_PATH", parsed.problem));
    else basePath = parsed.path;
  }
  // Unset, the base URL is the one recorded in the data directory (elicence init --base-url), else http://HOST:PORT.
  const givenUrl = env.ELICENCE_BASE_URL?.trim() || recordedBaseUrl(dataDir);
  const baseUrl = normaliseBaseUrl(
    givenUrl || `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}${basePath}`,
  );
  const urlProblem = baseUrlProblem(baseUrl);
  if (urlProblem) problems.push(new ConfigError("ELICENCE_BASE_URL", urlProblem));
  else if (givenUrl) {
    const urlPath = basePathOf(baseUrl);
    if (rawPath === undefined || rawPath.trim() === "") basePath = urlPath;
    else if (urlPath !== basePath)
      problems.push(
        new ConfigError(
          "ELICENCE_BASE_PATH",
          `"${basePath || "/"}" differs from the path of ELICENCE_BASE_URL (${baseUrl}: "${urlPath || "/"}"); they must agree: unset ELICENCE_BASE_PATH (it defaults to the base URL's path) or make the two the same`,
        ),
      );
  }
  const mongoUrl = env.MONGODB_URL?.trim();
  const store: RegistryConfig["store"] = mongoUrl
    ? { kind: "mongodb", url: mongoUrl, dbName: env.MONGODB_DB?.trim() || "elicence" }
    : { kind: "sqlite", path: path.join(dataDir, "registry.sqlite") };
  if (mongoUrl && !/^mongodb(\+srv)?:\/\//.test(mongoUrl))
    problems.push(new ConfigError("MONGODB_URL", "must start with mongodb:// or mongodb+srv://"));

  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push(new ConfigError("REDIS_URL", "must start with redis:// or rediss://"));

  const tsaUrl = env.ELICENCE_TSA_URL?.trim() || null;
  if (tsaUrl && !/^https?:\/\//.test(tsaUrl))
    problems.push(new ConfigError("ELICENCE_TSA_URL", "must be an http(s) URL"));

  const rawFallback = env.ELICENCE_FALLBACK_FONT?.trim();
  const fallbackFont = rawFallback ? path.resolve(rawFallback) : null;
  const fontProblem = fallbackFont ? fontFileProblem(fallbackFont) : null;
  if (fontProblem) problems.push(new ConfigError("ELICENCE_FALLBACK_FONT", fontProblem));

  const keyPassphrase = env.ELICENCE_KEY_PASSPHRASE ?? null;
  if (keyPassphrase !== null && keyPassphrase.length < 12)
    problems.push(
      new ConfigError(
        "ELICENCE_KEY_PASSPHRASE",
        "must be at least 12 characters (leave it unset to generate one into the data directory)",
      ),
    );

  let keys: RegistryConfig["keys"] = { kind: "file" };
  const p11 = env.ELICENCE_PKCS11_LIBRARY?.trim();
  if (p11) {
    const tokenLabel = env.ELICENCE_PKCS11_TOKEN?.trim() ?? "";
    const pin = env.ELICENCE_PKCS11_PIN ?? "";
    if (!tokenLabel)
      problems.push(
        new ConfigError("ELICENCE_PKCS11_TOKEN", "the token label is required with ELICENCE_PKCS11_LIBRARY"),
      );
    if (!pin)
      problems.push(
        new ConfigError("ELICENCE_PKCS11_PIN", "the user PIN is required with ELICENCE_PKCS11_LIBRARY"),
      );
    keys = { kind: "pkcs11", library: p11, tokenLabel, pin };
  }
  const pkiAlgorithm = (env.ELICENCE_PKI_ALGORITHM?.trim() || "ECDSA-P256") as RegistryConfig["pkiAlgorithm"];
  if (pkiAlgorithm !== "ECDSA-P256" && pkiAlgorithm !== "RSA-3072")
    problems.push(new ConfigError("ELICENCE_PKI_ALGORITHM", "must be ECDSA-P256 or RSA-3072"));

  const flag = (variable: string): boolean => {
    const raw = env[variable]?.trim().toLowerCase() ?? "";
    if (raw === "" || raw === "false" || raw === "0" || raw === "off") return false;
    if (raw === "true" || raw === "1" || raw === "on") return true;
    problems.push(new ConfigError(variable, `"${env[variable] ?? ""}" is not true or false`));
    return false;
  };
  const publicMetrics = flag("ELICENCE_PUBLIC_METRICS");
  const publicTsa = flag("ELICENCE_PUBLIC_TSA");
  // Only named proxies, never "true": believing X-Forwarded-For from anyone lets every client pick the address its
  // limits (PDF uploads, share-code and desk sign-in failures) are counted against.
  const trustProxy = (env.ELICENCE_TRUST_PROXY ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const entry of trustProxy) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && !(/^\d{1,3}$/u.test(bits) && Number(bits) <= maxBits))
    )
      problems.push(
        new ConfigError(
          "ELICENCE_TRUST_PROXY",
          `"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8)`,
        ),
      );
  }

  const { limits, problems: limitProblems } = readLimits(env);
  for (const p of limitProblems) problems.push(new ConfigError(p.variable, p.problem));

  if (problems.length > 0) {
    const err = new ConfigError(
      problems.map((p) => p.variable).join(", "),
      problems.map((p) => p.message).join("; "),
    );
    throw err;
  }
  return Object.freeze({
    dataDir,
    host,
    port,
    baseUrl,
    basePath,
    production: env.NODE_ENV?.trim() === "production",
    store: Object.freeze(store),
    redisUrl,
    templatesDir: path.resolve(env.ELICENCE_TEMPLATES_DIR?.trim() || path.join(repoRoot, "templates")),
    fallbackFont,
    logLevel,
    keyPassphrase,
    tsaUrl,
    keys: Object.freeze(keys),
    pkiAlgorithm,
    publicMetrics,
    publicTsa,
    trustProxy: Object.freeze(trustProxy),
    limits,
  });
}
