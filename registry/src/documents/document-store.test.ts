// The content-addressed document store: idempotent puts, corruption detected on read, batches that fsync each
// directory once and only after every file is in place, and a write that fails half-way leaves nothing under the
// final name.
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as FsPromises from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";

/** What the store asked of the file system, in order (directory fsyncs, renames, writes). */
const log: string[] = [];
/** When set, the next temp-file write writes half the bytes, checks what is visible, then fails. */
let failNextWrite: ((tmp: string) => void) | null = null;

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    writeFile: async (file: string, data: Uint8Array, options?: Parameters<typeof real.writeFile>[2]) => {
      if (failNextWrite) {
        const check = failNextWrite;
        failNextWrite = null;
        await real.writeFile(file, data.subarray(0, data.length >> 1), options);
        check(file);
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      }
      log.push(`write ${path.basename(file)}`);
      return real.writeFile(file, data, options);
    },
    rename: async (from: string, to: string) => {
      log.push(`rename ${path.basename(to)}`);
      return real.rename(from, to);
    },
    open: async (file: string, flags?: string) => {
      const fh = await real.open(file, flags);
      if (statSync(file).isDirectory()) {
        const sync = fh.sync.bind(fh);
        fh.sync = async () => {
          log.push(`dirsync ${path.relative(os.tmpdir(), file)}`);
          return sync();
        };
      }
      return fh;
    },
  };
});

const { DocumentStore } = await import("./document-store.js");

const docs = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => new TextEncoder().encode(`%PDF-1.7 ${tag} ${i}`));

afterEach(() => {
  log.length = 0;
  failNextWrite = null;
});

describe("DocumentStore", () => {
  it("stores by SHA-256, idempotently, and detects a corrupted file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "docs-"));
    const store = new DocumentStore(dir);
    const bytes = new TextEncoder().encode("%PDF-1.7 test");
    const sha = await store.put(bytes);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.put(bytes)).toBe(sha);
    expect(readdirSync(path.join(dir, sha.slice(0, 2)))).toEqual([`${sha}.pdf`]);
    expect(Buffer.from((await store.get(sha))!).toString()).toBe("%PDF-1.7 test");
    expect(await store.get("0".repeat(64))).toBeNull();
    writeFileSync(path.join(dir, sha.slice(0, 2), `${sha}.pdf`), "tampered");
    await expect(store.get(sha)).rejects.toThrow(/corrupt/);
  });

  it("putMany writes all 64 files, then fsyncs each directory once, after every rename", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "docs-"));
    const store = new DocumentStore(dir);
    const batch = docs(64, "batch");
    const shas = await store.putMany(batch);
    expect(shas).toHaveLength(64);
    for (const [i, sha] of shas.entries())
      expect(Buffer.from((await store.get(sha))!).toString()).toBe(`%PDF-1.7 batch ${i}`);

    const fanOut = new Set(shas.map((s) => s.slice(0, 2)));
    const renames = log.filter((l) => l.startsWith("rename"));
    expect(renames).toHaveLength(64);
    // Each new fan-out directory's entry in the root is made durable when it is created (once), then the batch's
    // directories once each, all after the last rename.
    const lastRename = log.findLastIndex((l) => l.startsWith("rename"));
    const batchSyncs = log.slice(lastRename + 1).filter((l) => l.startsWith("dirsync"));
    expect(batchSyncs.sort()).toEqual(
      [...fanOut].map((p) => `dirsync ${path.relative(os.tmpdir(), path.join(dir, p))}`).sort(),
    );
    expect(fanOut.size).toBeLessThan(64);
    const rootSyncs = log.filter((l) => l === `dirsync ${path.relative(os.tmpdir(), dir)}`);
    expect(rootSyncs.length).toBe(fanOut.size);

    // A second batch into the same directories creates none: no root fsync, and a stored document is not rewritten.
    log.length = 0;
    await store.putMany([...batch.slice(0, 2), ...docs(2, "again")]);
    expect(log.filter((l) => l === `dirsync ${path.relative(os.tmpdir(), dir)}`).length).toBeLessThanOrEqual(
      2,
    );
    expect(log.filter((l) => l.startsWith("write"))).toHaveLength(2);
  });

  it("putDeferred leaves directory fsyncs to syncDeferred, which does each directory once", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "docs-"));
    const store = new DocumentStore(dir);
    const shas = await Promise.all(docs(20, "deferred").map((b) => store.putDeferred(b)));
    const fanOutSyncs = () =>
      log.filter((l) => l.startsWith("dirsync") && l !== `dirsync ${path.relative(os.tmpdir(), dir)}`);
    expect(fanOutSyncs()).toEqual([]);
    // Complete under their final names already (bytes fsync'd); only the directory entries wait.
    for (const sha of shas) expect(await store.get(sha)).not.toBeNull();
    await store.syncDeferred();
    expect(fanOutSyncs()).toHaveLength(new Set(shas.map((s) => s.slice(0, 2))).size);
    log.length = 0;
    await store.syncDeferred();
    expect(fanOutSyncs()).toEqual([]);
  });

  it("a write that fails half-way shows no file under the final name, leaves no temp file, and can be retried", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "docs-"));
    const store = new DocumentStore(dir);
    const bytes = new TextEncoder().encode(`%PDF-1.7 ${"x".repeat(4096)}`);
    let seen: { tmpHalf: number; finalVisible: boolean } | null = null;
    let finalName = "";
    failNextWrite = (tmp) => {
      finalName = tmp.replace(/\.[^.]+\.tmp$/, "");
      seen = { tmpHalf: statSync(tmp).size, finalVisible: existsSync(finalName) };
    };
    await expect(store.put(bytes)).rejects.toThrow(/ENOSPC/);
    // The crash point: half the bytes were in the temp file while the final name did not exist.
    expect(seen).toEqual({ tmpHalf: bytes.length >> 1, finalVisible: false });
    expect(finalName).toMatch(/[0-9a-f]{64}\.pdf$/);
    expect(existsSync(finalName)).toBe(false);
    expect(readdirSync(path.dirname(finalName))).toEqual([]);
    const sha = await store.put(bytes);
    expect(path.basename(finalName)).toBe(`${sha}.pdf`);
    expect(Buffer.from((await store.get(sha))!).equals(Buffer.from(bytes))).toBe(true);
  });
});
