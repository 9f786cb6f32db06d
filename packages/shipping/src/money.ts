/**
 * Money crosses the iCarry boundary as decimal rupee strings ("39.10", "499") and lives in our
 * system as integer paise. Conversions work on the decimal digits, never on binary floats, so
 * "39.10" is exactly 3910 and never 3909.9999.
 */

import { ORDER_LIMITS } from './limits';

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

export type AmountParse =
  { ok: true; paise: number } | { ok: false; problem: 'not_amount' | 'negative' | 'too_large'; message: string };

/**
 * An amount an order brings in (a price, a charge, a discount, an advance paid, the cash to
 * collect): rupees as `parseRupeesToPaise` reads them, from 0 to ORDER_LIMITS.maxAmountPaise.
 * The one rule for every intake, so what a check accepts the database stores.
 */
export function parseAmountPaise(raw: string | number | null | undefined): AmountParse {
  const paise = parseRupeesToPaise(raw);
  if (paise === null)
    return { ok: false, problem: 'not_amount', message: 'must be an amount in rupees, e.g. "349.00"' };
  return checkAmountPaise(paise);
}

/** The same bounds for an amount already in paise (a sum, a difference). */
export function checkAmountPaise(paise: number): AmountParse {
  if (!Number.isSafeInteger(paise))
    return { ok: false, problem: 'not_amount', message: 'must be an amount in rupees, e.g. "349.00"' };
  if (paise < 0) return { ok: false, problem: 'negative', message: 'must not be negative' };
  if (paise > ORDER_LIMITS.maxAmountPaise) {
    return {
      ok: false,
      problem: 'too_large',
      message: `must be at most Rs ${ORDER_LIMITS.maxAmountPaise / 1e9} crore (${formatPaiseAsRupees(ORDER_LIMITS.maxAmountPaise)})`,
    };
  }
  return { ok: true, paise };
}
