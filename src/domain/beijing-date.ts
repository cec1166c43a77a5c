/**
 * WeChat Pay's calendar is Beijing time (UTC+8, no daylight saving). Everything here works on
 * UTC milliseconds shifted by 8 hours, so the result never depends on the process's TZ.
 */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Reservations may be dated from tomorrow (D+1) to D+14, Beijing time (§3.5). */
export const RESERVATION_FIRST_DAY = 1;
export const RESERVATION_LAST_DAY = 14;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(now: Date): string {
  return shifted(now).toISOString().slice(0, 10);
}

/** RFC 3339 date-time in Beijing time, as WeChat Pay writes them: `2025-12-02T13:29:35+08:00`. */
export function beijingDateTime(instant: Date): string {
  return `${shifted(instant).toISOString().slice(0, 19)}+08:00`;
}

/** True for a real calendar date written YYYY-MM-DD with zero padding (rejects 2026-02-30, 2026-13-01, 2026-1-5). */
export function isCalendarDate(value: string): boolean {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value)) return false;
  return isCalendarDay(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10)));
}

/** Whether the year, month (1–12) and day name a real day of the Gregorian calendar. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Calendar arithmetic on a YYYY-MM-DD date; throws on a malformed date (a bug in the caller). */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${date}`);
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  const [year, month, day] = date.split('-').map(Number);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return new Date(utc.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing calendar date (YYYY-MM-DD) ends: midnight at the start of the next day, Beijing time. */
export function beijingDayEnd(date: string): Date {
  const next = new Date(`${addDays(date, 1)}T00:00:00.000Z`);
  return new Date(next.getTime() - BEIJING_OFFSET_MS);
}

/** The allowed `repaymentDate` range for a reservation made at `now`: D+1..D+14 in Beijing time, inclusive. */
export function reservationDateWindow(now: Date): { first: string; last: string } {
  const today = beijingDate(now);
  return { first: addDays(today, RESERVATION_FIRST_DAY), last: addDays(today, RESERVATION_LAST_DAY) };
}

function shifted(instant: Date): Date {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return new Date(ms + BEIJING_OFFSET_MS);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
