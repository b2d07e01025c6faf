// The trust list on this device: the last list whose signature verified, kept in localStorage so QR codes verify
// offline. A newer list replaces it only after its own signature verifies; an older one never does (no rollback);
// a stale one is reported as stale, never used as if it were current.
// The isomorphic files themselves, not the index: it also exports the Node-only builder.
import { verifyTrustList } from "@elicence/signer/trust-list/verify-trust-list.ts";
import { TRUST_LIST_PATH, type TrustList } from "@elicence/signer/trust-list/types.ts";

const KEY = "elicence.trustList.v1";

export interface TrustState {
  /** A list whose signature verified, or null when there is none. */
  list: TrustList | null;
  issuedAt: string | null;
  nextUpdate: string | null;
  stale: boolean;
  source: "network" | "cache" | "none";
  /** Why the list is not a fresh download: the network failed, or what it gave failed verification. */
  notice: "cached" | "rejected" | null;
}

interface Saved {
  json: unknown;
  savedAt: string;
}

export class TrustStore {
  private fetched: TrustState | null = null;

  constructor(
    private readonly storage: Storage | null,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** The saved list, verified again for `now` (a list fresh yesterday may be stale today). */
  async cached(now: Date): Promise<TrustState | null> {
    const saved = this.read();
    if (!saved) return null;
    const r = await verifyTrustList(saved.json, undefined, now).catch(() => null);
    if (!r?.ok || !r.list) return null;
    return state(r.list, r.stale, "cache", null);
  }

  /** Downloads the list (once per page load unless `force`); falls back to the saved one, saying why. */
  async refresh(now: Date, force = false): Promise<TrustState> {
    if (this.fetched?.source === "network" && !force) return this.fetched;
    const saved = await this.cached(now);
    let notice: TrustState["notice"] = "cached";
    try {
      const res = await this.fetchImpl(TRUST_LIST_PATH, {
        cache: "no-cache",
        headers: { accept: "application/json" },
      });
      if (res.ok) {
        const json: unknown = await res.json();
        const r = await verifyTrustList(json, undefined, now).catch(() => null);
        if (r?.ok && r.list) {
          const older = saved?.issuedAt && r.list.issuedAt < saved.issuedAt;
          if (!older) {
            this.write({ json, savedAt: now.toISOString() });
            this.fetched = state(r.list, r.stale, "network", null);
            return this.fetched;
          }
        }
        notice = "rejected";
      }
    } catch {
      notice = "cached";
    }
    this.fetched = saved
      ? { ...saved, notice }
      : { list: null, issuedAt: null, nextUpdate: null, stale: false, source: "none", notice };
    return this.fetched;
  }

  private read(): Saved | null {
    try {
      const raw = this.storage?.getItem(KEY);
      return raw ? (JSON.parse(raw) as Saved) : null;
    } catch {
      return null;
    }
  }

  private write(saved: Saved): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(saved));
    } catch {
      // Storage disabled or full: the page still verifies online, it just cannot offline next time.
    }
  }
}

function state(
  list: TrustList,
  stale: boolean,
  source: TrustState["source"],
  notice: TrustState["notice"],
): TrustState {
  return { list, issuedAt: list.issuedAt, nextUpdate: list.nextUpdate, stale, source, notice };
}
