// The trust list on this device: the last list that verified against the page's pinned root (trust-anchor.ts), kept
// in localStorage so QR codes verify offline. Nothing is written before a list verifies: a forged list (another root,
// a CA or seal key, a changed member), one issued in the future or one older than a list already seen (lower
// sequence: a rollback to before a revocation) leaves storage as it was. The highest sequence seen is kept per anchor,
// so a list removed from storage cannot be replaced by an older one either.
// The isomorphic files themselves, not the index: it also exports the Node-only builder.
import {
  verifyTrustList,
  TRUST_LIST_PATH,
  type TrustList,
  type VerificationReason,
} from "@elicence/signer/browser";
import type { PinnedAnchor } from "./trust-anchor.js";
import { under } from "./common/base-path.js";

const LIST_KEY = "elicence.trustList.v2";
const SEEN_KEY = "elicence.trustList.seen.v2";
/** Format 1 lists were stored without a pinned root: whatever is there may be an attacker's, so it is dropped. */
const RETIRED_KEYS = ["elicence.trustList.v1"];

export interface TrustState {
  /** A list that verified against the pinned root, or null when there is none. */
  list: TrustList | null;
  issuedAt: string | null;
  nextUpdate: string | null;
  stale: boolean;
  source: "network" | "cache" | "none";
  /**
   * Why the list is not a fresh download: the network failed ("cached"), the download was refused ("rejected": not
   * genuine; "rollback": older than one seen; "future": issued in the future), or the page has no anchor at all.
   */
  notice: "cached" | "rejected" | "rollback" | "future" | "no-anchor" | null;
  /** The refused download's reason, when there was one. */
  refused?: VerificationReason;
}

interface Saved {
  json: unknown;
  savedAt: string;
  /** The anchor the list verified against: a page pinned to another root ignores it. */
  anchor: string;
}

interface Seen {
  anchor: string;
  sequence: number;
}

const NOTICE: Record<string, TrustState["notice"]> = {
  VER_TL_ROLLBACK: "rollback",
  VER_TL_ISSUED_IN_FUTURE: "future",
};

export class TrustStore {
  private fetched: TrustState | null = null;

  constructor(
    private readonly storage: Storage | null,
    private readonly pin: PinnedAnchor | null,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {
    for (const key of RETIRED_KEYS) this.remove(key);
  }

  /** The saved list, verified again for `now` against the pin (a list fresh yesterday may be stale today). */
  async cached(now: Date): Promise<TrustState | null> {
    if (!this.pin) return null;
    const saved = this.read<Saved>(LIST_KEY);
    if (!saved) return null;
    if (saved.anchor !== this.pin.fingerprint) {
      this.remove(LIST_KEY);
      return null;
    }
    const r = await verifyTrustList(saved.json, this.pin.anchor, now, this.minSequence()).catch(() => null);
    if (!r?.ok || !r.list) {
      // Whatever it is now (tampered with in storage, or from the future for this clock), it is not kept.
      this.remove(LIST_KEY);
      return null;
    }
    return state(r.list, r.stale, "cache", null);
  }

  /** Downloads the list (once per page load unless `force`); falls back to the saved one, saying why. */
  async refresh(now: Date, force = false): Promise<TrustState> {
    if (!this.pin) return none("no-anchor");
    if (this.fetched?.source === "network" && !force) return this.fetched;
    const saved = await this.cached(now);
    let notice: TrustState["notice"] = "cached";
    let refused: VerificationReason | undefined;
    try {
      const res = await this.fetchImpl(under(TRUST_LIST_PATH), {
        cache: "no-cache",
        headers: { accept: "application/json" },
      });
      if (res.ok) {
        const json: unknown = await res.json().catch(() => null);
        const r = await verifyTrustList(json, this.pin.anchor, now, this.minSequence()).catch(() => null);
        if (r?.ok && r.list) {
          // The same contents (same sequence) signed earlier: the saved, fresher copy stays.
          if (saved?.list && saved.list.sequence === r.list.sequence && r.list.issuedAt < saved.list.issuedAt)
            return (this.fetched = saved);
          this.write(LIST_KEY, { json, savedAt: now.toISOString(), anchor: this.pin.fingerprint });
          this.write(SEEN_KEY, { anchor: this.pin.fingerprint, sequence: r.list.sequence });
          this.fetched = state(r.list, r.stale, "network", null);
          return this.fetched;
        }
        notice = (r && NOTICE[r.reason.code]) ?? "rejected";
        if (r) refused = r.reason;
      }
    } catch {
      notice = "cached";
    }
    this.fetched = saved ? { ...saved, notice, ...(refused ? { refused } : {}) } : none(notice, refused);
    return this.fetched;
  }

  /** The highest sequence accepted under this page's anchor. */
  private minSequence(): { minSequence?: number } {
    const seen = this.read<Seen>(SEEN_KEY);
    return seen && seen.anchor === this.pin?.fingerprint && Number.isSafeInteger(seen.sequence)
      ? { minSequence: seen.sequence }
      : {};
  }

  private read<T>(key: string): T | null {
    try {
      const raw = this.storage?.getItem(key);
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: Saved | Seen): void {
    try {
      this.storage?.setItem(key, JSON.stringify(value));
    } catch {
      // Storage disabled or full: the page still verifies online, it just cannot offline next time.
    }
  }

  private remove(key: string): void {
    try {
      this.storage?.removeItem(key);
    } catch {
      // Storage disabled: nothing was kept either.
    }
  }
}

function none(notice: TrustState["notice"], refused?: VerificationReason): TrustState {
  return {
    list: null,
    issuedAt: null,
    nextUpdate: null,
    stale: false,
    source: "none",
    notice,
    ...(refused ? { refused } : {}),
  };
}

function state(
  list: TrustList,
  stale: boolean,
  source: TrustState["source"],
  notice: TrustState["notice"],
): TrustState {
  return { list, issuedAt: list.issuedAt, nextUpdate: list.nextUpdate, stale, source, notice };
}
