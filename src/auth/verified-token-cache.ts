import type { Viewer } from './viewer.js';

interface Entry {
  viewer: Viewer;
  /** The token's `exp`, in ms since the epoch. */
  expiresAtMs: number;
}

/**
 * Viewers of tokens whose signature and claims were already verified, so a client sending the
 * same bearer token on every request pays for one verification, not one per request. The token
 * text is the key: the same text has the same signature and claims, so the only thing that can
 * change its verdict is time, and `exp` is checked on every hit. Bounded: the oldest entry goes
 * first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Viewer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.viewer;
  }

  set(token: string, viewer: Viewer, expSeconds: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { viewer: Object.freeze(viewer), expiresAtMs: expSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
