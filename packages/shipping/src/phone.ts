import { ICarryValidationError } from './icarry/icarry.errors';

/**
 * The one home of Indian mobile numbers in the product: normalising what customers type, checking
 * it, and masking it for logs, pages and errors.
 */

/** 10 digits starting 6-9, no prefix: the only form iCarry accepts in `consignee[mobile]`. */
const BARE_MOBILE = /^[6-9]\d{9}$/;

/** A mobile number inside free text (with or without +91), not part of a longer number. */
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?91[\s-]?)?[6-9]\d{9}(?!\d)/g;

/** Digits shown in the clear by the masks: enough for a customer to recognise their number. */
const VISIBLE_DIGITS = 4;
/** Masks never reveal how long the number was. */
const MASK = '******';

/** True for exactly 10 digits starting 6-9 (what iCarry accepts as is). */
export function isBareIndianMobile(text: string): boolean {
  return BARE_MOBILE.test(text);
}

/**
 * Normalises what customers type as an Indian mobile number into the bare 10 digits iCarry
 * accepts (no +91, 91 or 0 prefix). Throws ICarryValidationError when the result is not a mobile
 * number (10 digits starting 6-9). The error never carries the full number, only its last 4 digits.
 */
export function normalizeIndianMobile(raw: string | number, field = 'consignee.mobile'): string {
  const text = String(raw).trim();
  // Separators people use: spaces, dashes, dots, brackets, slashes.
  let digits = text.replace(/[\s\-.()/]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) {
    throw new ICarryValidationError(
      `${field}: a mobile number may contain only digits, spaces, dashes and a +91 prefix`,
      { field },
    );
  }
  if (digits.length === 14 && digits.startsWith('0091')) digits = digits.slice(4);
  else if (digits.length === 12 && digits.startsWith('91')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('0')) digits = digits.slice(1);
  if (!isBareIndianMobile(digits)) {
    throw new ICarryValidationError(`${field}: ${whyNotMobile(digits)}`, { field });
  }
  return digits;
}

/** True when `raw` normalises to a valid Indian mobile number. */
export function isIndianMobile(raw: string | number): boolean {
  try {
    normalizeIndianMobile(raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * "+91 98765 43210" -> "******3210": for logs, pages and error messages. Always six stars, so the
 * mask hides the number's length too; fewer than 4 digits -> "****"; nothing -> "".
 */
export function maskPhone(raw: string | number | null | undefined): string {
  const digits = String(raw ?? '').replace(/\D/g, '');
  if (digits === '') return '';
  if (digits.length < VISIBLE_DIGITS) return '****';
  return MASK + digits.slice(-VISIBLE_DIGITS);
}

/**
 * Masks every Indian mobile number inside free text ("Consignee mobile 9876543210 is blacklisted"
 * -> "Consignee mobile ******3210 is blacklisted"): iCarry's messages echo numbers, and log lines
 * repeat them. Longer digit runs (AWBs, ids) are left alone.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(MOBILE_IN_TEXT, (match) => maskPhone(match));
}

/**
 * Why these digits are not a mobile number, in words the person who typed them can act on. The
 * number itself is never repeated: the message reaches logs, and masking a number too short to be
 * a phone ("******2345 (5 digits)") only hides what was wrong with it.
 */
function whyNotMobile(digits: string): string {
  if (digits.length !== 10) return 'not a valid Indian mobile number (needs 10 digits)';
  return 'not a valid Indian mobile number (a mobile number starts with 6, 7, 8 or 9)';
}
