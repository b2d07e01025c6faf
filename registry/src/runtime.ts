// Opens everything a registry process needs from a validated config: data directory, store (migrated), catalogue.
import { useFallbackFont } from "@elicence/signer/fonts";
import type { RegistryConfig } from "./config.js";
import { loadCatalogue, type Catalogue } from "./catalogue/index.js";
import { openMigratedStore } from "./store/open-store.js";
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
  // Process-wide, as the fonts are: the entry checks and in-process sealing draw with the same fallback.
  useFallbackFont(config.fallbackFont);
  // The catalogue first: a broken type.json stops start-up before anything is opened.
  const catalogue = loadCatalogue(config.templatesDir);
  const serviceItems = loadServiceItems(config.templatesDir, catalogue);
  const { store, migrated } = await openMigratedStore(config);
  return { config, store, catalogue, serviceItems, migrated, close: () => store.close() };
}
