// Picks the store adapter from configuration: SQLite (the embedded default) or MongoDB (production).
// The MongoDB adapter (and its driver) is loaded only when configured.
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
      return (await import("./mongo-store.js")).connectMongoStore(config.url, config.dbName);
  }
}
