// Serves the signed trust list without re-signing on every request: the list is rebuilt when a seal's status
// changes (a revocation, made by this or another process) or when a quarter of its validity has passed.
import { createHash } from "node:crypto";
import { buildTrustList, type TrustList, type TrustListPki } from "@elicence/signer";

export interface PublishedTrustList {
  list: TrustList;
  json: string;
  /** Strong validator for If-None-Match. */
  etag: string;
}

export class TrustListPublisher {
  #current: { published: PublishedTrustList; fingerprint: string; rebuildAt: number } | null = null;
  #building: Promise<PublishedTrustList> | null = null;

  constructor(
    private readonly pki: TrustListPki,
    private readonly validityHours = 24,
  ) {}

  /** The seals and their statuses at `now`: what the list says, apart from its timestamps. */
  async #fingerprint(now: Date): Promise<string> {
    await this.pki.refresh?.();
    const parts: string[] = [];
    for (const c of this.pki.issued())
      if (c.role === "seal") parts.push(`${c.serial}:${(await this.pki.statusOf(c.serial, now)).status}`);
    return parts.join(",");
  }

  async current(now: Date): Promise<PublishedTrustList> {
    const fingerprint = await this.#fingerprint(now);
    const c = this.#current;
    if (c && c.fingerprint === fingerprint && now.getTime() < c.rebuildAt) return c.published;
    // One rebuild at a time; concurrent requests share it.
    this.#building ??= this.#build(now, fingerprint).finally(() => (this.#building = null));
    return this.#building;
  }

  async #build(now: Date, fingerprint: string): Promise<PublishedTrustList> {
    const list = await buildTrustList(this.pki, now, { validityHours: this.validityHours });
    const json = JSON.stringify(list);
    const published = { list, json, etag: `"${createHash("sha256").update(json).digest("base64url")}"` };
    this.#current = {
      published,
      fingerprint,
      rebuildAt: now.getTime() + (this.validityHours * 3_600_000) / 4,
    };
    return published;
  }
}
