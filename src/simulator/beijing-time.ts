/**
 * WeChat Pay reasons in Beijing time (UTC+8, no daylight saving), whatever the server's zone.
 */

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date in Beijing, `YYYY-MM-DD`. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** RFC 3339 with the +08:00 offset and whole seconds, as in `2025-12-02T13:29:35+08:00`. */
export function beijingDateTime(instant: Date): string {
  return `${new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Day number of a real calendar date `YYYY-MM-DD`, or null when it is not one (e.g. 2025-02-30). */
export function calendarDayNumber(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return Math.round(ms / DAY_MS);
}
