import { ServiceError } from '../services/service-error.js';
import type { PageRequest } from '../store/store.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The rows a connection may return, for the complexity limit (an oversized `first` is refused by pageRequest). */
export function pageSizeForCost(first: unknown): number {
  return typeof first === 'number' && first >= 1 ? Math.min(first, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/**
 * Opaque cursor: the (time, key) a list is sorted by, base64url JSON. The time is `createdAt` for
 * the connections, `updatedAt` or `receivedAt` for the staff reports; decoded, it comes back as
 * `createdAt` either way (PageRequest's name).
 */
export function encodeCursor(sortedAt: string, key: string): string {
  return Buffer.from(JSON.stringify([sortedAt, key])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; key: string } {
  try {
    const [createdAt, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // U+0000 is in no key or time of ours, and PostgreSQL could not compare with it (Date.parse
    // takes "…Z\u0000x" as a time).
    if (typeof createdAt === 'string' && typeof key === 'string' && !`${createdAt}${key}`.includes('\u0000') && !Number.isNaN(Date.parse(createdAt))) {
      return { createdAt, key };
    }
  } catch {
    // fall through to the typed error
  }
  throw new ServiceError('BAD_USER_INPUT', 'after is not a cursor this API returned', 'after');
}

/** A page size (`first`) of 1 to MAX_PAGE_SIZE, or BAD_USER_INPUT on `first`. */
function checkPageSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ServiceError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
}

/** Validates `first`/`after` and asks the store for one row more than the page, to learn hasNextPage. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest & { size: number } {
  const size = first ?? DEFAULT_PAGE_SIZE;
  checkPageSize(size);
  return { size, limit: size + 1, ...(after ? { after: decodeCursor(after) } : {}) };
}

export function connectionOf<T extends { createdAt: string }>(rows: T[], size: number, keyOf: (row: T) => string) {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(node.createdAt, keyOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}
