// Import jobs work in a run-<pid>-XXXXXX folder of the imports directory, one per process (ImportJobs). A process
// killed before close() leaves its folder behind, uploads and all: this is the one rule for which folders are stale,
// used by ImportJobs when it starts and by the janitor while the registry runs.
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

export const RUN_FOLDER = "run-";

/** Run folders this process works in now: never stale, even when another ImportJobs of the process sweeps. */
const live = new Set<string>();

/** The prefix of this process's run folder (for mkdtemp). */
export function runFolderPrefix(parent: string): string {
  return path.join(parent, `${RUN_FOLDER}${process.pid}-`);
}

export function markRunFolderLive(dir: string): void {
  live.add(path.resolve(dir));
}

export function markRunFolderClosed(dir: string): void {
  live.delete(path.resolve(dir));
}

/** Whether a process with this id exists (EPERM: it does, as another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Stale: a folder of a process that no longer exists (this process's own id counts as gone unless the folder is one
 * it works in now: a container restarts as the same pid), or, when the name carries no id (older releases) or the id
 * is of a living process (perhaps reused), older than the retention.
 */
export function isStaleRunFolder(dir: string, mtimeMs: number, cutoffMs: number): boolean {
  if (live.has(path.resolve(dir))) return false;
  const pid = /^run-(\d+)-/u.exec(path.basename(dir))?.[1];
  if (pid !== undefined && (Number(pid) === process.pid || !processExists(Number(pid)))) return true;
  return mtimeMs < cutoffMs;
}

/** Removes the stale run folders of `parent`; returns how many. A folder that cannot be removed is left for next time. */
export function removeStaleRunFolders(
  parent: string,
  cutoffMs: number,
  onError?: (e: unknown) => void,
): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(parent, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw e;
  }
  for (const d of entries) {
    if (!d.isDirectory() || !d.name.startsWith(RUN_FOLDER)) continue;
    const dir = path.join(parent, d.name);
    try {
      if (!isStaleRunFolder(dir, statSync(dir).mtimeMs, cutoffMs)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed++;
    } catch (e) {
      onError?.(e);
    }
  }
  return removed;
}
