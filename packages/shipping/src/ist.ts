/**
 * India Standard Time: UTC+05:30 all year, no daylight saving. The product's days (pickup, billing
 * months, the watchdog's digest hour, NDR dates) are days in India; this is the one place that says how.
 */
export const IST_OFFSET_MS = 330 * 60_000;

/** The offset as an ISO 8601 zone, for local times read without one (a CSV's "dd-mm-yyyy hh:MM"). */
export const IST_ZONE = '+05:30';

/** The calendar day in India `days` after `at`, as yyyy-mm-dd. */
export function istDay(at: Date, days = 0): string {
  return new Date(at.getTime() + IST_OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant a day in India (yyyy-mm-dd) ends: the next day's IST midnight. */
export function endOfIstDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - IST_OFFSET_MS);
}

/** The hour (0-23) on a clock in India at `at`. */
export function istHour(at: Date): number {
  return new Date(at.getTime() + IST_OFFSET_MS).getUTCHours();
}
