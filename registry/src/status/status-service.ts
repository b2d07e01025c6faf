// Live status by public token. Every lookup does the same work whether or not the token exists: one hash, one cache
// read, and on a miss one narrow store read (statusByToken: an index probe, never the whole record) and one cache
// write, unknown tokens being cached like known ones. Timing tells nothing about existence.
import { createHash } from "node:crypto";
import { identifierSha256 } from "@elicence/signer/browser";
import type { Store } from "../store/store.js";
import type { StatusCache } from "./status-cache.js";
import { statusFacts, statusView, type StatusView } from "./status-facts.js";

export class StatusService {
  constructor(
    private readonly store: Pick<Store, "statusByToken">,
    readonly cache: StatusCache,
  ) {}

  static key(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }

  /** The public status, or null when no licence has this token. Cache failures fall back to the store. */
  async lookup(token: string, now: Date): Promise<StatusView | null> {
    const key = StatusService.key(token);
    let read;
    try {
      read = await this.cache.read(key);
    } catch {
      read = { hit: false, value: null, generation: "" };
    }
    let facts = read.value;
    // Facts cached by a release before identifierSha256 (a shared Redis during an upgrade) are read again, so that
    // no answer goes out without saying which licence it is about.
    if (read.hit && facts !== null && typeof facts.identifierSha256 !== "string")
      read = { ...read, hit: false };
    if (!read.hit) {
      const row = await this.store.statusByToken(token);
      // Hashed for an unknown token too, so that a miss costs the same whether or not the token exists.
      const digest = await identifierSha256(row?.identifier ?? token);
      facts = row ? statusFacts(row, digest) : null;
      if (read.generation !== "") await this.cache.write(key, facts, read.generation).catch(() => undefined);
    }
    return facts ? statusView(facts, now) : null;
  }

  /** Drops the cached status of a token; called on every change of its licence and when a version is created. */
  invalidate(token: string): Promise<void> {
    return this.cache.invalidate(StatusService.key(token)).catch(() => undefined);
  }
}
