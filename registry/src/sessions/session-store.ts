// Server-side sessions in process memory: the browser holds a random 256-bit id, the map holds only its SHA-256,
// with the SHA-256 of the session's CSRF token, an idle and an absolute expiry. Sessions end with the process (the
// user signs in again); several registry instances would need a shared map (e.g. Redis) behind the same methods.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface SessionPolicy {
  /** Ends after this long without a request. */
  idleMs: number;
  /** Ends this long after sign-in, however busy. */
  absoluteMs: number;
  /** Beyond this many live sessions the oldest is dropped (memory stays bounded). */
  maxSessions: number;
}

export interface Session<T> {
  /** A short, non-secret reference (a prefix of the id's hash) for audit events: links a sign-out to its sign-in. */
  ref: string;
  data: T;
  createdAt: number;
  lastSeenAt: number;
  csrfHash: Buffer;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();

export class SessionStore<T> {
  readonly #sessions = new Map<string, Session<T>>();

  constructor(readonly policy: SessionPolicy) {}

  get size(): number {
    return this.#sessions.size;
  }

  /** A new session: its id (for the HttpOnly cookie) and CSRF token are returned once and kept only as hashes. */
  create(data: T, now: Date): { id: string; csrfToken: string; session: Session<T>; expiresAt: Date } {
    this.#prune(now.getTime());
    while (this.#sessions.size >= this.policy.maxSessions) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done) break;
      this.#sessions.delete(oldest.value);
    }
    const id = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(32).toString("base64url");
    const key = sha256(id).toString("hex");
    const session: Session<T> = {
      ref: key.slice(0, 16),
      data,
      createdAt: now.getTime(),
      lastSeenAt: now.getTime(),
      csrfHash: sha256(csrfToken),
    };
    this.#sessions.set(key, session);
    return { id, csrfToken, session, expiresAt: this.expiresAt(session) };
  }

  /** The live session with this id, without extending it (see touch); null when unknown or expired. */
  find(id: string, now: Date): Session<T> | null {
    const key = sha256(id).toString("hex");
    const session = this.#sessions.get(key);
    if (!session) return null;
    if (now.getTime() >= this.expiresAt(session).getTime()) {
      this.#sessions.delete(key);
      return null;
    }
    return session;
  }

  /** Extends the idle expiry: called once a request has passed every check (CSRF included). */
  touch(session: Session<T>, now: Date): void {
    session.lastSeenAt = Math.max(session.lastSeenAt, now.getTime());
  }

  csrfMatches(session: Session<T>, token: string | undefined): boolean {
    if (token === undefined || token.length === 0 || token.length > 200) return false;
    return timingSafeEqual(sha256(token), session.csrfHash);
  }

  /** Ends the session; returns it when it was live. */
  delete(id: string): Session<T> | null {
    const key = sha256(id).toString("hex");
    const session = this.#sessions.get(key) ?? null;
    this.#sessions.delete(key);
    return session;
  }

  /** Ends every session whose data matches (e.g. all sessions of a revoked key). */
  deleteWhere(match: (data: T) => boolean): number {
    let n = 0;
    for (const [key, s] of this.#sessions)
      if (match(s.data)) {
        this.#sessions.delete(key);
        n++;
      }
    return n;
  }

  expiresAt(session: Session<T>): Date {
    return new Date(
      Math.min(session.createdAt + this.policy.absoluteMs, session.lastSeenAt + this.policy.idleMs),
    );
  }

  #prune(now: number): void {
    for (const [key, s] of this.#sessions)
      if (now >= Math.min(s.createdAt + this.policy.absoluteMs, s.lastSeenAt + this.policy.idleMs))
        this.#sessions.delete(key);
  }
}
