import { ICarryValidationError } from './icarry/icarry.errors';

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
  if (!/^[6-9]\d{9}$/.test(digits)) {
    throw new ICarryValidationError(
      `${field}: ${describeDigits(digits)} is not an Indian mobile number (10 digits starting 6-9)`,
      { field },
    );
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

/** "9876543210" -> "******3210": for logs, pages and error messages. */
export function maskPhone(raw: string | number | null | undefined): string {
  const digits = String(raw ?? '').replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

function describeDigits(digits: string): string {
  return `the number ${maskPhone(digits)} (${digits.length} digits)`;
}
