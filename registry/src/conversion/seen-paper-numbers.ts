// The paper numbers an import has taken so far (row, holder), for duplicates and conflicts inside one file. Kept in
// a scratch SQLite file, not in memory, so a million-row register needs no more memory than a thousand-row one.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface SeenEntry {
  row: number;
  holderCode: string;
}

export class SeenPaperNumbers {
  readonly #dir: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #lookups = new Map<number, Database.Statement>();

  constructor(parentDir: string = tmpdir()) {
    this.#dir = mkdtempSync(path.join(parentDir, "elicence-import-"));
    this.#db = new Database(path.join(this.#dir, "seen.sqlite"));
    // Scratch data: a crash loses nothing worth keeping, so no journal and no fsync.
    this.#db.pragma("journal_mode = OFF");
    this.#db.pragma("synchronous = OFF");
    this.#db.exec(
      "CREATE TABLE seen (paper TEXT PRIMARY KEY, holder TEXT NOT NULL, row INTEGER NOT NULL) WITHOUT ROWID",
    );
    this.#insert = this.#db.prepare("INSERT OR IGNORE INTO seen (paper, holder, row) VALUES (?, ?, ?)");
  }

  lookup(paperNumbers: readonly string[]): Map<string, SeenEntry> {
    const found = new Map<string, SeenEntry>();
    const unique = [...new Set(paperNumbers)];
    for (let i = 0; i < unique.length; i += 256) {
      const chunk = unique.slice(i, i + 256);
      // Padded to a power of two (a repeated value changes nothing in an IN list): few statements to prepare.
      while (chunk.length & (chunk.length - 1)) chunk.push(chunk[0]!);
      let statement = this.#lookups.get(chunk.length);
      if (!statement) {
        statement = this.#db.prepare(
          `SELECT paper, holder, row FROM seen WHERE paper IN (${chunk.map(() => "?").join(",")})`,
        );
        this.#lookups.set(chunk.length, statement);
      }
      for (const r of statement.all(...chunk) as { paper: string; holder: string; row: number }[])
        found.set(r.paper, { row: r.row, holderCode: r.holder });
    }
    return found;
  }

  /** Records first owners; a paper number already recorded keeps its first row. */
  add(entries: Iterable<[string, SeenEntry]>): void {
    this.#db.transaction(() => {
      for (const [paper, e] of entries) this.#insert.run(paper, e.holderCode, e.row);
    })();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
