/**
 * How numbers and dates read on labels and manifests. Money is integer paise and weight integer
 * grams everywhere in the product; these turn them into what a courier or packer reads, with
 * integer arithmetic only (no float rounding) and Indian digit grouping (₹1,24,900.00).
 */

/** Groups the integer part the Indian way: 1249 -> "1,249", 124900 -> "1,24,900". */
function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const rest = digits.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
  return `${rest},${last3}`;
}

/** 124900 -> "₹1,249.00"; 12490000 -> "₹1,24,900.00". Throws RangeError for a non-integer. */
export function formatRupees(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`paise must be an integer, got ${paise}`);
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}₹${groupIndian(String(rupees))}.${String(rest).padStart(2, '0')}`;
}

/** Grams to kilograms with two decimals, rounded half up to 10 g: 500 -> "0.50 kg", 1235 -> "1.24 kg". */
export function formatKg(grams: number): string {
  if (!Number.isSafeInteger(grams) || grams < 0) throw new RangeError(`grams must be a whole number, got ${grams}`);
  const tens = Math.round(grams / 10);
  return `${groupIndian(String(Math.floor(tens / 100)))}.${String(tens % 100).padStart(2, '0')} kg`;
}

/** Box sides in cm as couriers write them: "10 x 12.5 x 8 cm". */
export function formatBox(box: { lengthCm: number; breadthCm: number; heightCm: number }): string {
  const side = (cm: number) => String(Math.round(cm * 10) / 10);
  return `${side(box.lengthCm)} x ${side(box.breadthCm)} x ${side(box.heightCm)} cm`;
}

// Labels are read in India: the booked date is the Indian calendar day, whatever the server's zone.
const IST_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Kolkata',
  day: '2-digit',
  month: 'short',
  year: 'numeric',
});
const IST_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Kolkata',
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const CALENDAR_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: '2-digit',
  month: 'short',
  year: 'numeric',
});

/** "25 Nov 2026" in India's time zone. */
export function formatIstDate(at: Date): string {
  return IST_DATE.format(at);
}

/** "25 Nov 2026, 14:05 IST". */
export function formatIstDateTime(at: Date): string {
  return `${IST_DATE_TIME.format(at)} IST`;
}

/** A calendar day given as YYYY-MM-DD (no zone: it is already India's day): "Wed, 25 Nov 2026". */
export function formatCalendarDay(isoDay: string): string {
  return CALENDAR_DAY.format(new Date(`${isoDay}T00:00:00Z`));
}
