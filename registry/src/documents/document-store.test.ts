import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DocumentStore } from "./document-store.js";

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
});
