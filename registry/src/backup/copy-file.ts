// One file copied durably, with the SHA-256 of the bytes written: read once, hashed, written and fsync'd (a large
// file is streamed instead, then hashed from the copy).
import { createHash } from "node:crypto";
import { chmod, copyFile, open, readFile, stat, writeFile } from "node:fs/promises";
import { hashFile } from "./manifest.js";

/** Larger files are copied by the kernel and hashed from the copy rather than held in memory. */
const IN_MEMORY_MAX = 64 * 1024 * 1024;

export interface Copied {
  sha256: string;
  size: number;
  mode: number;
}

/** Copies `from` to the new file `to` with `mode` (default: the source's permission bits), durably. */
export async function copyHashed(from: string, to: string, mode?: number): Promise<Copied> {
  const s = await stat(from);
  const bits = mode ?? s.mode & 0o777;
  if (s.size > IN_MEMORY_MAX) {
    await copyFile(from, to);
    await chmod(to, bits);
    await fsync(to);
    return { ...(await hashFile(to)), mode: bits };
  }
  const bytes = await readFile(from);
  await writeFile(to, bytes, { flag: "wx", mode: bits, flush: true });
  // The mode given to writeFile is masked by the umask; the manifest records what the file must have.
  await chmod(to, bits);
  return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length, mode: bits };
}

/** fsync of a file or directory. */
export async function fsync(p: string): Promise<void> {
  const fh = await open(p, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
