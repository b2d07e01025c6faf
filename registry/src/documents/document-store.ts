// Sealed documents stored by their SHA-256 under the data directory: written once (temp file fsync'd, renamed into
// place, directory fsync'd), never modified, so a new version of a licence can never touch an older PDF. A file is
// named by its hash and its format's ending (documentFileName: <sha256>.pdf today); records do not name a format
// yet, so every call defaults to PDF, and a second format passes its id.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_DOCUMENT_FORMAT,
  DOCUMENT_FORMATS,
  documentFormat,
  type DocumentFormatId,
} from "@elicence/signer";
import { directoryProblem } from "../storage/storage-fault.js";

const SHA256 = /^[0-9a-f]{64}$/;

/** A stored document's file name (inside its fan-out directory, the hash's first two characters). */
export function documentFileName(sha256: string, format: DocumentFormatId = DEFAULT_DOCUMENT_FORMAT): string {
  return `${sha256}${documentFormat(format).fileExtension}`;
}

/** The stored-document file names of every format; group 1 is the hash. For sweeps that look at the directory. */
export const DOCUMENT_FILE_PATTERN = new RegExp(
  `^([0-9a-f]{64})(?:${Object.values(DOCUMENT_FORMATS)
    .map((f) => f.fileExtension.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&"))
    .join("|")})$`,
  "u",
);

interface Written {
  sha256: string;
  /** The fan-out directory whose entry for the file must be fsync'd before the file counts as stored. */
  dir: string;
}

export class DocumentStore {
  /** Fan-out directories created (their own entries already durable), by path: each is created once per process. */
  readonly #dirs = new Map<string, Promise<void>>();
  /** Directories holding files written by putDeferred whose entries are not fsync'd yet. */
  #unsynced = new Set<string>();
  /** The last syncDeferred: a later one waits for it, so none returns while a directory it relies on is in flight. */
  #syncing: Promise<void> = Promise.resolve();
  #tmpSeq = 0;

  constructor(private readonly dir: string) {}

  private pathOf(sha256: string, format: DocumentFormatId): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), documentFileName(sha256, format));
  }

  /** Stores the bytes under their hash, durably (file and directory entry); returns the hash. Idempotent. */
  async put(bytes: Uint8Array, format: DocumentFormatId = DEFAULT_DOCUMENT_FORMAT): Promise<string> {
    const [sha256] = await this.putMany([bytes], format);
    return sha256 as string;
  }

  /**
   * Stores several documents: every file is written and fsync'd, then each directory they went into is fsync'd once
   * (not once per file). Returns their hashes in order once all of them are durable.
   */
  async putMany(
    documents: readonly Uint8Array[],
    format: DocumentFormatId = DEFAULT_DOCUMENT_FORMAT,
  ): Promise<string[]> {
    const written = await Promise.all(documents.map((bytes) => this.#write(bytes, format)));
    await syncDirectories(new Set(written.map((w) => w.dir)));
    return written.map((w) => w.sha256);
  }

  /**
   * Writes the document (its bytes fsync'd, complete under its final name) but leaves its directory entry to the
   * next syncDeferred(): a caller that stores a round of documents pays one directory fsync per directory. Nothing
   * may refer to the hash durably (a database commit) before syncDeferred() has resolved.
   */
  async putDeferred(bytes: Uint8Array, format: DocumentFormatId = DEFAULT_DOCUMENT_FORMAT): Promise<string> {
    const w = await this.#write(bytes, format);
    this.#unsynced.add(w.dir);
    return w.sha256;
  }

  /** Makes every document putDeferred has returned so far durable (fsyncs each directory they went into, once). */
  syncDeferred(): Promise<void> {
    const dirs = this.#unsynced;
    this.#unsynced = new Set();
    const run = this.#syncing.then(() =>
      syncDirectories(dirs).catch((e: unknown) => {
        // Not synced: the next call retries them, as documents already handed out live there.
        for (const d of dirs) this.#unsynced.add(d);
        throw e;
      }),
    );
    this.#syncing = run.catch(() => undefined);
    return run;
  }

  /** The stored bytes, checked against their hash; null when absent. */
  async get(sha256: string, format: DocumentFormatId = DEFAULT_DOCUMENT_FORMAT): Promise<Uint8Array | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256, format));
    } catch {
      return null;
    }
    if (createHash("sha256").update(bytes).digest("hex") !== sha256)
      throw new Error(`stored document ${sha256} is corrupt`);
    return bytes;
  }

  /** Writes to a temp file (fsync'd) and renames it into place: the final name only ever shows a complete file. */
  async #write(bytes: Uint8Array, format: DocumentFormatId): Promise<Written> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const file = this.pathOf(sha256, format);
    const dir = path.dirname(file);
    await this.#ensureDir(dir);
    // Already stored: content-addressed, so the same bytes. A stat that returns false, not a throwing one. Its time is
    // renewed: the janitor leaves documents younger than its grace period alone, and a commit naming this one may
    // follow (best effort: a disk that refuses it refuses the janitor's removal too).
    if (existsSync(file)) {
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return { sha256, dir };
    }
    const tmp = `${file}.${process.pid}-${++this.#tmpSeq}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: "wx", mode: 0o640, flush: true });
      await rename(tmp, file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return { sha256, dir };
  }

  /** Creates a fan-out directory once per process, and makes its entry durable in the parents it was created in. */
  #ensureDir(dir: string): Promise<void> {
    let ready = this.#dirs.get(dir);
    if (!ready) {
      ready = (async () => {
        // A recursive mkdir on a read-only disk says ENOENT: the folder's own answer (EROFS, EACCES, ENOSPC) is the
        // one that names the fault.
        const created = await mkdir(dir, { recursive: true }).catch((e: unknown) => {
          throw directoryProblem(existsSync(this.dir) ? this.dir : path.dirname(this.dir)) ?? e;
        });
        if (created === undefined) return;
        // mkdir made `created` and everything below it down to `dir`: fsync each parent of a new directory.
        const parents = new Set<string>();
        for (let d = dir; d !== path.dirname(created); d = path.dirname(d)) parents.add(path.dirname(d));
        await syncDirectories(parents);
      })();
      ready.catch(() => this.#dirs.delete(dir));
      this.#dirs.set(dir, ready);
    }
    return ready;
  }
}

/** fsync of each directory, so the entries renamed or created in it survive a crash. */
async function syncDirectories(dirs: ReadonlySet<string>): Promise<void> {
  await Promise.all(
    [...dirs].map(async (d) => {
      const fh = await open(d, "r");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }),
  );
}
