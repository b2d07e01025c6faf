// Where the recorded public base URL lives: beside the PKI state whose certificates carry it. Its own module, so the
// configuration reads it without loading the record's writer (and its imports).
import path from "node:path";

export function baseUrlRecordPath(dataDir: string): string {
  return path.join(dataDir, "pki", "base-url.json");
}
