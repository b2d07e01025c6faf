// Opens everything a registry process needs from a validated config: data directory, store (migrated), catalogue.
import { mkdirSync } from "node:fs";
import type { RegistryConfig } from "./config.js";
import { loadCatalogue, type Catalogue } from "./catalogue/index.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/store.js";
import { loadServiceItems } from "./service-items/load-service-items.js";
import type { ServiceItems } from "./service-items/service-items.js";

export interface Runtime {
  config: RegistryConfig;
  store: Store;
  catalogue: Catalogue;
  /** templates/service-items/: checked against the catalogue at start. */
  serviceItems: ServiceItems;
  migrated: { from: number; to: number };
  close(): Promise<void>;
}

export async function openRuntime(config: RegistryConfig): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // The catalogue first: a broken type.json stops start-up before anything is opened.
  const catalogue = loadCatalogue(config.templatesDir);
  const serviceItems = loadServiceItems(config.templatesDir, catalogue);
  const store = await openStore(
    config.store.kind === "sqlite"
      ? { kind: "sqlite", path: config.store.path }
      : { kind: "mongodb", url: config.store.url, dbName: config.store.dbName },
  );
  try {
    const migrated = await store.migrate();
    return { config, store, catalogue, serviceItems, migrated, close: () => store.close() };
  } catch (e) {
    await store.close();
    throw e;
  }
}
