// Scans of the paper licences (--scans DIR): a file named after the paper number (JY24415210001236.pdf) belongs to
// that row, and its SHA-256 goes into the licence's provenance. The names are listed once; files are hashed only
// for rows that are stored.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { normalisePaperNumber } from "./cell-values.js";
import { ImportError } from "./import-error.js";

export type ScanMatch =
  { kind: "none" } | { kind: "one"; file: string } | { kind: "ambiguous"; files: string[] };

/** Characters a file name cannot hold on common systems stand for themselves in a paper number: 粤/123 → 粤_123. */
export function scanKey(paperNumber: string): string {
  return normalisePaperNumber(paperNumber).replace(/[\\/:*?"<>|]/gu, "_");
}

export class ScanIndex {
  readonly #byKey = new Map<string, string[]>();
  readonly #used = new Set<string>();
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    let names: string[];
    try {
      names = readdirSync(this.dir, { withFileTypes: true })
        .filter((d) => d.isFile() && !d.name.startsWith("."))
        .map((d) => d.name);
    } catch (e) {
      throw new ImportError(
        "REG_IMPORT_SCANS_UNREADABLE",
        `Cannot list the scans directory ${this.dir}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    for (const name of names.sort()) {
      const key = scanKey(path.parse(name).name);
      this.#byKey.set(key, [...(this.#byKey.get(key) ?? []), name]);
    }
  }

  get fileCount(): number {
    let n = 0;
    for (const files of this.#byKey.values()) n += files.length;
    return n;
  }

  /** Files matched to at least one row so far. */
  get usedCount(): number {
    return this.#used.size;
  }

  match(paperNumber: string): ScanMatch {
    const files = this.#byKey.get(scanKey(paperNumber));
    if (!files) return { kind: "none" };
    if (files.length > 1) return { kind: "ambiguous", files };
    return { kind: "one", file: files[0]! };
  }

  /** SHA-256 (hex) of a matched scan; marks it used. */
  sha256(file: string): string {
    this.#used.add(file);
    return createHash("sha256")
      .update(readFileSync(path.join(this.dir, file)))
      .digest("hex");
  }
}
