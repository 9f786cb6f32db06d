/**
 * iCarry's dates are Indian local time (IST, UTC+05:30, no DST) without a zone: "23/01/2025" in
 * status sync, "2025-01-23 14:05:00" or "23-01-2025 02:05 PM" in tracking. Parsed here, once.
 */
import { IST_OFFSET_MS } from '../ist';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const TIME = '(?:[ T,]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm)?)?';
const DAY_FIRST = new RegExp(`^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})${TIME}$`, 'i');
const YEAR_FIRST = new RegExp(`^(\\d{4})[/-](\\d{1,2})[/-](\\d{1,2})${TIME}$`, 'i');
const MONTH_NAME = new RegExp(`^(\\d{1,2})[ -]([a-z]{3})[a-z]*[ -,]+(\\d{4})${TIME}$`, 'i');
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function istDate(
  year: number,
  month: number,
  day: number,
  hourText?: string,
  minuteText?: string,
  secondText?: string,
  meridiem?: string,
): Date | null {
  let hour = Number(hourText ?? 0);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const isPm = meridiem.toLowerCase() === 'pm';
    hour = (hour % 12) + (isPm ? 12 : 0);
  }
  if (year < 2000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  // Rejects 31/02/2025 instead of rolling it over into March.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return new Date(utc - IST_OFFSET_MS);
}

/** Parses an iCarry date/time (IST) into a Date; empty, zero ("0000-00-00") or unreadable -> null. */
export function parseICarryDate(raw: unknown): Date | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  if (text === '' || /^0+$/.test(text) || /^0{2,4}[-/]0{2}[-/]0{2,4}/.test(text)) return null;
  if (WITH_ZONE.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  let m = DAY_FIRST.exec(text);
  if (m) return istDate(Number(m[3]), Number(m[2]), Number(m[1]), m[4], m[5], m[6], m[7]);
  m = YEAR_FIRST.exec(text);
  if (m) return istDate(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7]);
  m = MONTH_NAME.exec(text);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    if (month === undefined) return null;
    return istDate(Number(m[3]), month, Number(m[1]), m[4], m[5], m[6], m[7]);
  }
  return null;
}

/**
 * The IST calendar day of an iCarry date as "yyyy-mm-dd" (NDR `date_added` "23/01/2025", status
 * sync's `date_picked`), or null when it is not a real date. Same formats as parseICarryDate.
 */
export function parseICarryDay(raw: unknown): string | null {
  const date = parseICarryDate(raw);
  if (date === null) return null;
  const p = istParts(date);
  return `${p.y}-${p.m}-${p.d}`;
}

function istParts(date: Date): { y: string; m: string; d: string; hh: string; mm: string; ss: string } {
  const ist = new Date(date.getTime() + IST_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    y: String(ist.getUTCFullYear()),
    m: pad(ist.getUTCMonth() + 1),
    d: pad(ist.getUTCDate()),
    hh: pad(ist.getUTCHours()),
    mm: pad(ist.getUTCMinutes()),
    ss: pad(ist.getUTCSeconds()),
  };
}

/** "dd/mm/yyyy" in IST, the format of status sync and NDR webhooks. */
export function formatICarryDay(date: Date): string {
  const p = istParts(date);
  return `${p.d}/${p.m}/${p.y}`;
}

/** "yyyy-mm-dd hh:mm:ss" in IST, the MySQL datetime format of tracking details. */
export function formatICarryDateTime(date: Date): string {
  const p = istParts(date);
  return `${p.y}-${p.m}-${p.d} ${p.hh}:${p.mm}:${p.ss}`;
}
