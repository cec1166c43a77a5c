import { canSee, type Viewer } from '../auth/viewer.js';
import { ServiceError } from '../services/service-error.js';

/**
 * Row scoping for reads. A record a viewer may not see is reported exactly like a record that
 * does not exist (NOT_FOUND), so ids cannot be probed.
 */
export function visibleOrNotFound<T extends { openid: string | null }>(
  viewer: Viewer,
  record: T | undefined,
  notFound: () => ServiceError,
): T {
  if (!record || !canSee(viewer, record.openid)) throw notFound();
  return record;
}

/** Nested fields: what the viewer may not see is simply absent. */
export function visibleOnly<T extends { openid: string | null }>(viewer: Viewer, records: readonly T[]): T[] {
  return records.filter((record) => canSee(viewer, record.openid));
}

export function visibleOrNull<T extends { openid: string | null }>(viewer: Viewer, record: T | undefined): T | null {
  return record && canSee(viewer, record.openid) ? record : null;
}

/** List filters: a borrower's lists are always narrowed to their own openid. */
export function scopedOpenid(viewer: Viewer, requested: string | null | undefined): string | undefined {
  return viewer.role === 'user' ? viewer.openid : requested ?? undefined;
}
