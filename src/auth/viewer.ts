/**
 * Who is asking. Staff (the lender's back office) see everything; a user (a borrower) sees only
 * records whose openid is theirs.
 */
export type Viewer =
  | { role: 'staff'; subject: string }
  | { role: 'user'; subject: string; openid: string; appid?: string };

export function isStaff(viewer: Viewer): boolean {
  return viewer.role === 'staff';
}

/** Whether the viewer may see a record belonging to `openid`. */
export function canSee(viewer: Viewer, openid: string | null | undefined): boolean {
  return viewer.role === 'staff' || (openid !== null && openid !== undefined && openid === viewer.openid);
}

/** With authentication explicitly disabled, every request acts as staff. */
export const UNAUTHENTICATED_STAFF: Viewer = Object.freeze({ role: 'staff', subject: 'auth-disabled' });
