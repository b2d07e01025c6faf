// Sealed documents stored by their SHA-256 under the data directory: written once (temp file + rename, fsync'd),
// never modified, so a new version of a licence can never touch an older PDF.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";

const SHA256 = /^[0-9a-f]{64}$/;

export class DocumentStore {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), `${sha256}.pdf`);
  }

  /** Stores the bytes under their hash; returns the hash. Idempotent. */
  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const file = this.pathOf(sha256);
    try {
      await stat(file);
      return sha256;
    } catch {
      // not stored yet
    }
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    const fh = await open(tmp, "wx", 0o640);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return sha256;
  }

  /** The stored bytes, checked against their hash; null when absent. */
  async get(sha256: string): Promise<Uint8Array | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch {
      return null;
    }
    if (createHash("sha256").update(bytes).digest("hex") !== sha256)
      throw new Error(`stored document ${sha256} is corrupt`);
    return bytes;
  }
}
