// Failed sign-in attempts per key (a holder code, a client address) in fixed windows: after `max` failures the key
// is refused until its window ends. Keeps guessing a 50-bit share code or a key online out of reach.

export class AttemptLimiter {
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly maxKeys = 100_000,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, now: Date): number {
    const w = this.#windows.get(key);
    if (!w) return 0;
    const end = w.start + this.windowMs;
    if (now.getTime() >= end) {
      this.#windows.delete(key);
      return 0;
    }
    return w.failures >= this.max ? Math.ceil((end - now.getTime()) / 1000) : 0;
  }

  fail(key: string, now: Date): void {
    const t = now.getTime();
    const w = this.#windows.get(key);
    if (w && t < w.start + this.windowMs) {
      w.failures++;
      return;
    }
    if (this.#windows.size >= this.maxKeys) this.#prune(t);
    this.#windows.set(key, { start: t, failures: 1 });
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }

  #prune(now: number): void {
    for (const [key, w] of this.#windows) if (now >= w.start + this.windowMs) this.#windows.delete(key);
    // Still full (an attack from many keys at once): forget the oldest windows rather than grow without bound.
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < this.maxKeys) break;
      this.#windows.delete(key);
    }
  }
}
