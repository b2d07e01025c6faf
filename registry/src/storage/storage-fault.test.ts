// Which errors are storage faults, from real errors where they can be made without root: SQLite refusing a write to
// a read-only database, fs refusing an unwritable file, and the wrappings they arrive in.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RegistryError } from "../errors.js";
import { describeStorageFault, directoryProblem, storageError, storageFault } from "./storage-fault.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-fault-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

describe("storageFault", () => {
  it("names SQLite's refusal to write a read-only database REG_STORAGE_READ_ONLY", () => {
    const file = path.join(dir, "ro.sqlite");
    const rw = new Database(file);
    rw.exec("CREATE TABLE t (x)");
    rw.close();
    const ro = new Database(file, { readonly: true });
    const e = thrown(() => ro.exec("INSERT INTO t VALUES (1)"));
    ro.close();
    expect(storageFault(e)).toEqual({ code: "REG_STORAGE_READ_ONLY", cause: "SQLITE_READONLY" });
    expect(storageError(e)?.status).toBe(503);
  });

  it("maps the system's and SQLite's codes, through causes and aggregate errors; leaves everything else alone", () => {
    const errno = (code: string, p?: string) =>
      Object.assign(new Error(code), { code, ...(p ? { path: p } : {}) });
    expect(storageFault(errno("ENOSPC", "/data/x"))).toEqual({
      code: "REG_STORAGE_FULL",
      cause: "ENOSPC",
      path: "/data/x",
    });
    expect(storageFault(errno("EDQUOT"))?.code).toBe("REG_STORAGE_FULL");
    expect(storageFault(errno("SQLITE_FULL"))?.code).toBe("REG_STORAGE_FULL");
    expect(storageFault(errno("SQLITE_READONLY_DBMOVED"))?.code).toBe("REG_STORAGE_READ_ONLY");
    expect(storageFault(errno("SQLITE_IOERR_WRITE"))?.code).toBe("REG_STORAGE_IO");
    expect(storageFault(new Error("wrapped", { cause: errno("EROFS", "/data") }))?.code).toBe(
      "REG_STORAGE_READ_ONLY",
    );
    expect(storageFault(new AggregateError([new Error("x"), errno("EIO")]))?.code).toBe("REG_STORAGE_IO");
    // Permission errors only on a file operation (they carry the path).
    expect(storageFault(errno("EACCES"))).toBeNull();
    expect(storageFault(errno("ENOENT", "/data/x"))).toBeNull();
    expect(storageFault(new Error("plain"))).toBeNull();
    expect(storageFault("ENOSPC")).toBeNull();
    // A named error keeps its own words (storageError makes new ones only for raw faults).
    const named = new RegistryError("REG_STORAGE_FULL", "the disk check's own words");
    expect(storageFault(named)?.code).toBe("REG_STORAGE_FULL");
    expect(storageError(named)).toBeNull();
    expect(describeStorageFault({ code: "REG_STORAGE_FULL", cause: "ENOSPC", path: "/d" })).toBe(
      "REG_STORAGE_FULL (ENOSPC on /d)",
    );
  });

  it("leaves a real missing-file error alone; directoryProblem answers null for a writable folder", async () => {
    const e = await readFile(path.join(dir, "missing")).catch((x: unknown) => x);
    expect(storageFault(e)).toBeNull();
    expect(directoryProblem(dir)).toBeNull();
    expect(directoryProblem(path.join(dir, "missing"))?.code).toBe("ENOENT");
  });
});
