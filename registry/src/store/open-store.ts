// Picks the store adapter from configuration: SQLite (the embedded default) or MongoDB (production).
// The MongoDB adapter (and its driver) is loaded only when configured.
import { mkdirSync } from "node:fs";
import type { RegistryConfig } from "../config.js";
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

/**
 * The data directory's store alone, migrated, without the catalogue (whose schema checks cost more than the whole of
 * `elicence verify`): for commands that only read licences' states.
 */
export async function openMigratedStore(
  config: RegistryConfig,
): Promise<{ store: Store; migrated: { from: number; to: number } }> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(
    config.store.kind === "sqlite"
      ? { kind: "sqlite", path: config.store.path }
      : { kind: "mongodb", url: config.store.url, dbName: config.store.dbName },
  );
  try {
    return { store, migrated: await store.migrate() };
  } catch (e) {
    await store.close();
    throw e;
  }
}
