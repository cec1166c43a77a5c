import type { Viewer } from './viewer.js';

/** A verified token: its viewer, and its `exp` in ms since the epoch. */
export interface VerifiedToken {
  readonly viewer: Viewer;
  readonly expiresAtMs: number;
}

/**
 * Viewers of tokens whose signature and claims were already verified, so a client sending the
 * same bearer token on every request pays for one verification, not one per request. The token
 * text is the key: the same text has the same signature and claims, so the only thing that can
 * change its verdict is time, and `exp` is checked on every hit. Bounded: the oldest entry goes
 * first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  /** Keeps the verdict and returns it (frozen: every hit hands out the same object). */
  set(token: string, viewer: Viewer, expSeconds: number): VerifiedToken {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    const entry = Object.freeze({ viewer: Object.freeze(viewer), expiresAtMs: expSeconds * 1000 });
    this.entries.set(token, entry);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}
