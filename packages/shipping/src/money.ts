/**
 * Money crosses the iCarry boundary as decimal rupee strings ("39.10", "499") and lives in our
 * system as integer paise. Conversions work on the decimal digits, never on binary floats, so
 * "39.10" is exactly 3910 and never 3909.9999.
 */

const DECIMAL_RUPEES = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Parses rupees ("39.10", "39.1", "1,234.50", 39.1) into integer paise, rounding half away from
 * zero on the third decimal. Returns null for anything that is not a plain decimal amount
 * (empty, "N/A", exponent notation, NaN), so callers decide whether that is an error.
 */
export function parseRupeesToPaise(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number' && !Number.isFinite(raw)) return null;
  // String(number) is the shortest exact round-trip form, so 39.1 -> "39.1" -> 3910.
  const text = String(raw)
    .trim()
    .replace(/,(?=\d{3}(?:\D|$))/g, '');
  const match = DECIMAL_RUPEES.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const paiseDigits = (fraction + '000').slice(0, 3);
  let paise = Number(whole || '0') * 100 + Number(paiseDigits.slice(0, 2));
  if (Number(paiseDigits[2]) >= 5) paise += 1;
  if (!Number.isSafeInteger(paise)) return null;
  return sign === '-' && paise !== 0 ? -paise : paise;
}

/** Formats integer paise as the rupee string iCarry expects: 49900 -> "499.00". */
export function formatPaiseAsRupees(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`paise must be an integer, got ${paise}`);
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${rupees}.${String(rest).padStart(2, '0')}`;
}
