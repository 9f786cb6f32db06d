import { ORDER_LIMITS } from '../limits';

export type BoxSideParse = { ok: true; cm: number } | { ok: false; message: string };

/**
 * One side of a parcel's box in cm ("30", "25.5", 12) to the whole centimetres couriers take,
 * rounded up (a box is never declared smaller than it is), from ORDER_LIMITS.minSideCm to maxSideCm.
 */
export function parseBoxSideCm(raw: string | number): BoxSideParse {
  const text = String(raw).trim();
  const message = `must be a length in cm from ${ORDER_LIMITS.minSideCm} to ${ORDER_LIMITS.maxSideCm}`;
  if (!/^(\d{1,4}(\.\d{1,3})?|\.\d{1,3})$/.test(text)) return { ok: false, message };
  const cm = Math.max(ORDER_LIMITS.minSideCm, Math.ceil(Number(text) - 1e-9));
  if (!(Number(text) > 0) || cm > ORDER_LIMITS.maxSideCm) return { ok: false, message };
  return { ok: true, cm };
}
