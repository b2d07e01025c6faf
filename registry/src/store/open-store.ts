// Picks the store adapter from configuration: SQLite (the embedded default) or MongoDB (production).
import { connectMongoStore } from "./mongo-store.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { Store } from "./store.js";

export type StoreConfig =
  { kind: "sqlite"; path: string } | { kind: "mongodb"; url: string; dbName?: string };

/** Opens (does not migrate) the configured store; call `migrate()` before serving. */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case "sqlite":
      return openSqliteStore(config.path);
    case "mongodb":
      return connectMongoStore(config.url, config.dbName);
  }
}
