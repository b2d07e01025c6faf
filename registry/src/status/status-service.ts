// Live status by public token. Every lookup does the same work whether or not the token exists: one hash, one cache
// read, and on a miss the same three store calls (the unknown case reads the transitions of a lineage and the
// successor of an identifier that cannot exist) and one cache write, unknown tokens being cached like known ones. Timing tells nothing about existence.
import { createHash } from "node:crypto";
import type { Store } from "../store/store.js";
import type { StatusCache } from "./status-cache.js";
import { statusFacts, statusView, type StatusView } from "./status-facts.js";

/** Lineages are type code + issuer + serial (51+ characters of 0-9A-Z): this one matches none. */
const NO_LINEAGE = "-";

export class StatusService {
  constructor(
    private readonly store: Pick<Store, "getLicenceByToken" | "transitions" | "getLicence">,
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
    if (!read.hit) {
      const record = await this.store.getLicenceByToken(token);
      const transitions = await this.store.transitions(record?.lineage ?? NO_LINEAGE);
      const successor = await this.store.getLicence(record?.nextIdentifier ?? NO_LINEAGE);
      facts = record ? statusFacts(record, transitions, successor) : null;
      if (read.generation !== "") await this.cache.write(key, facts, read.generation).catch(() => undefined);
    }
    return facts ? statusView(facts, now) : null;
  }

  /** Drops the cached status of a token; called on every change of its licence and when a version is created. */
  invalidate(token: string): Promise<void> {
    return this.cache.invalidate(StatusService.key(token)).catch(() => undefined);
  }
}
