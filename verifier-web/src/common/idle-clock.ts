// When a cookie session ends if nothing more happens: the registry closes it after an idle period (reset by every
// request it answers) and in any case at its absolute expiry. The page mirrors that to say so and to sign out in time.

export class IdleClock {
  private last: number;

  constructor(
    readonly idleMs: number,
    /** The absolute expiry the sign-in returned, or null when the page does not know it (after a reload). */
    private readonly absoluteEnd: Date | null,
    now: Date,
  ) {
    this.last = now.getTime();
  }

  /** The registry answered a session request: its idle timer starts again. */
  touch(now: Date): void {
    this.last = Math.max(this.last, now.getTime());
  }

  endsAt(): Date {
    const idleEnd = this.last + this.idleMs;
    return new Date(this.absoluteEnd ? Math.min(idleEnd, this.absoluteEnd.getTime()) : idleEnd);
  }

  ended(now: Date): boolean {
    return now.getTime() >= this.endsAt().getTime();
  }
}
