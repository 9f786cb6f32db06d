/**
 * tRPC has no transformer configured, so Date fields arrive as ISO strings even though the
 * inferred types say Date. Every date goes through `toDate`.
 */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

const rupees = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const wholeRupees = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/** Money is integer paise: ₹1,249 or ₹1,249.50. */
export function formatPaise(paise: number): string {
  return paise % 100 === 0 ? wholeRupees.format(paise / 100) : rupees.format(paise / 100);
}

/** 1.25 kg, 500 g. */
export function formatGrams(grams: number): string {
  if (grams < 1000) return `${grams} g`;
  return `${(grams / 1000).toLocaleString('en-IN', { maximumFractionDigits: 2 })} kg`;
}

const day = new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', year: 'numeric' });
const dayShort = new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short' });
const time = new Intl.DateTimeFormat('en-IN', { hour: 'numeric', minute: '2-digit', hour12: true });

export function formatDate(value: Date | string): string {
  return day.format(toDate(value));
}

/** 5 Dec, 3:04 pm (the year only when it is not this year). */
export function formatDateTime(value: Date | string): string {
  const date = toDate(value);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return `${(sameYear ? dayShort : day).format(date)}, ${time.format(date).toLowerCase()}`;
}

export function formatTime(value: Date | string): string {
  return time.format(toDate(value)).toLowerCase();
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
