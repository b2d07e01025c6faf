// Licence type names (食品经营许可证 …) by type code, from the public catalogue, kept on the device so an offline
// check still names the licence.
import type { Bilingual } from "@elicence/core";
import { under } from "./common/base-path.js";

const KEY = "elicence.typeNames.v1";

export class LicenceTypeNames {
  private names: Record<string, Bilingual>;
  private loaded = false;

  constructor(private readonly storage: Storage | null) {
    this.names = read(storage);
  }

  get(code: string): Bilingual | null {
    return this.names[code] ?? null;
  }

  /** Fetches the catalogue once per page load; keeps the saved names when the network is away. */
  async refresh(fetchImpl: typeof fetch = fetch): Promise<boolean> {
    if (this.loaded) return false;
    try {
      const res = await fetchImpl(under("/api/v1/licence-types"), {
        headers: { accept: "application/json" },
      });
      if (!res.ok) return false;
      const body = (await res.json()) as { items?: { code: string; name: Bilingual }[] };
      const names: Record<string, Bilingual> = {};
      for (const item of body.items ?? [])
        if (typeof item.name?.zh === "string" && typeof item.name.en === "string")
          names[item.code] = item.name;
      this.names = { ...this.names, ...names };
      this.loaded = true;
      try {
        this.storage?.setItem(KEY, JSON.stringify(this.names));
      } catch {
        // Storage full or disabled: names are fetched again next time.
      }
      return true;
    } catch {
      return false;
    }
  }
}

function read(storage: Storage | null): Record<string, Bilingual> {
  try {
    const raw = storage?.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, Bilingual>) : {};
  } catch {
    return {};
  }
}
