// The status cache interface: entries carry the generation they were read under, so a lookup that raced an
// invalidation (read the store before the change, writes after it) can never put stale facts back.
import type { StatusFacts } from "./status-facts.js";

/** A cached answer: the facts, or null for "no licence has this token" (cached too, so both cost the same). */
export type CachedStatus = StatusFacts | null;

export interface CacheRead {
  hit: boolean;
  value: CachedStatus;
  /** Pass back to write(): the write is dropped when the key was invalidated since. */
  generation: string;
}

export interface StatusCache {
  readonly kind: "memory" | "redis";
  /** `key` is a hash of the token, never the token itself. */
  read(key: string): Promise<CacheRead>;
  write(key: string, value: CachedStatus, generation: string): Promise<void>;
  invalidate(key: string): Promise<void>;
  close(): Promise<void>;
}
