/**
 * Dates as the customer reads them. The page is rendered on the server, whose clock may be in UTC;
 * the store and its customers are in India, so every date is formatted in IST.
 */
const TIME_ZONE = 'Asia/Kolkata';

const day = new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE });
const dayShort = new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', timeZone: TIME_ZONE });
const weekday = new Intl.DateTimeFormat('en-IN', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const time = new Intl.DateTimeFormat('en-IN', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: TIME_ZONE,
});
const year = new Intl.DateTimeFormat('en-IN', { year: 'numeric', timeZone: TIME_ZONE });

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function isoString(value: Date | string): string {
  return toDate(value).toISOString();
}

export function formatDate(value: Date | string): string {
  return day.format(toDate(value));
}

/** 5 Dec (no year). */
export function formatDayMonth(value: Date | string): string {
  return dayShort.format(toDate(value));
}

/** 5 Dec, 3:04 pm (the year only when it is not this year). */
export function formatDateTime(value: Date | string, now: Date = new Date()): string {
  const date = toDate(value);
  const sameYear = year.format(date) === year.format(now);
  return `${(sameYear ? dayShort : day).format(date)}, ${time.format(date).toLowerCase()}`;
}

/** 'yyyy-mm-dd' (a calendar day, no time) -> "Sat, 5 Dec". */
export function formatCalendarDay(date: string): string {
  return weekday.format(new Date(`${date}T00:00:00Z`));
}

/** Every calendar day from `earliest` to `latest` ('yyyy-mm-dd'), at most a week. */
export function calendarDays(earliest: string, latest: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${earliest}T00:00:00Z`); days.length < 7; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (d > latest) break;
    days.push(d);
  }
  return days;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "2 minutes ago", "yesterday"; falls back to the date after a week. */
export function formatRelative(value: Date | string, now: Date = new Date()): string {
  const date = toDate(value);
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return formatDate(date);
}

/** "in 1 day 3 hours" style countdown for the NDR answer window; "" when past. */
export function formatTimeLeft(until: Date | string, now: Date = new Date()): string {
  const ms = toDate(until).getTime() - now.getTime();
  if (ms <= 0) return '';
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 24) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  if (hours >= 1) return `${hours} h`;
  return `${Math.max(1, Math.floor(ms / 60_000))} min`;
}
