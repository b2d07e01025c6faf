// A full disk, a read-only data directory or a failing disk is the operator's to fix, never the client's fault nor a
// bug: whatever layer it surfaces in (fs calls: ENOSPC/EROFS/EIO; better-sqlite3: SQLITE_FULL/SQLITE_READONLY/
// SQLITE_IOERR; wrapped as a cause), it becomes one of three named errors, a 503 saying what to do, and the same codes
// are what the disk readiness probe answers. One home for the mapping: the HTTP error handler, import jobs, the disk
// probe and the CLI's error guard all ask here.
import { accessSync, constants, statfsSync } from "node:fs";
import { RegistryError } from "../errors.js";

export type StorageFaultCode = "REG_STORAGE_FULL" | "REG_STORAGE_READ_ONLY" | "REG_STORAGE_IO";

export interface StorageFault {
  code: StorageFaultCode;
  /** The underlying code as the system or SQLite gave it (ENOSPC, SQLITE_READONLY_DBMOVED, …): for the log line. */
  cause: string;
  /** The file it happened on, when the system said (fs errors do; SQLite's do not). */
  path?: string;
}

const BY_ERRNO: Record<string, StorageFaultCode> = {
  ENOSPC: "REG_STORAGE_FULL",
  EDQUOT: "REG_STORAGE_FULL",
  EROFS: "REG_STORAGE_READ_ONLY",
  EIO: "REG_STORAGE_IO",
};

/** EACCES/EPERM are a storage fault only on a file operation (they name a path); elsewhere they mean other things. */
const PERMISSION = new Set(["EACCES", "EPERM"]);

const NAMED = new Set<string>(["REG_STORAGE_FULL", "REG_STORAGE_READ_ONLY", "REG_STORAGE_IO"]);

function faultOf(code: string, path: unknown): StorageFaultCode | undefined {
  // Already named (a RegistryError raised by a check such as serve's start): itself.
  if (NAMED.has(code)) return code as StorageFaultCode;
  const own = BY_ERRNO[code];
  if (own) return own;
  if (PERMISSION.has(code) && typeof path === "string") return "REG_STORAGE_READ_ONLY";
  // Extended result codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE, …) share their primary code's meaning.
  if (code === "SQLITE_FULL") return "REG_STORAGE_FULL";
  if (code.startsWith("SQLITE_READONLY") || code === "SQLITE_PERM") return "REG_STORAGE_READ_ONLY";
  if (code.startsWith("SQLITE_IOERR")) return "REG_STORAGE_IO";
  return undefined;
}

/** The storage fault behind `error` (itself, its cause chain, or one of an AggregateError's), or null. */
export function storageFault(error: unknown): StorageFault | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const { code, path, cause } = e as { code?: unknown; path?: unknown; cause?: unknown };
    if (typeof code === "string") {
      const fault = faultOf(code, path);
      if (fault) return { code: fault, cause: code, ...(typeof path === "string" ? { path } : {}) };
    }
    if (cause !== undefined) queue.push(cause);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
  }
  return null;
}

/** The named registry error for a storage fault (general words: no server path reaches a client), or null. */
export function storageError(error: unknown): RegistryError | null {
  if (error instanceof RegistryError) return null;
  const fault = storageFault(error);
  return fault ? new RegistryError(fault.code) : null;
}

/** One line for an operator (CLI, log): the code, the system's code and the file. */
export function describeStorageFault(fault: StorageFault): string {
  return fault.cause === fault.code
    ? fault.code
    : `${fault.code} (${fault.cause}${fault.path ? ` on ${fault.path}` : ""})`;
}

/**
 * Why files cannot be created in `dir`, as the system would say it (EROFS, EACCES, ENOSPC with the path), or null.
 * For libraries that report less: SQLite opening a database in a read-only or full directory says only "unable to
 * open database file" or a shared-memory I/O error.
 */
export function directoryProblem(dir: string): NodeJS.ErrnoException | null {
  try {
    accessSync(dir, constants.W_OK);
    if (statfsSync(dir).bavail === 0)
      return Object.assign(new Error(`ENOSPC: no space left on device, ${dir}`), {
        code: "ENOSPC",
        path: dir,
      });
    return null;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}
