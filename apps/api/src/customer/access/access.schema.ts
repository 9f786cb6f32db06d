import { ORDER_LIMITS } from '@app/shipping';
import { z } from 'zod';

/** C0 controls (NUL included, which PostgreSQL cannot store) and DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}

/**
 * An order number as a customer's link or form carries it: as long as intake allows (one
 * constant), no control characters (no order has one).
 */
export const trackingOrderNumber = z
  .string()
  .trim()
  .min(1)
  .max(ORDER_LIMITS.maxOrderNumberChars)
  .refine((v) => !hasControlCharacter(v), 'not an order number');
