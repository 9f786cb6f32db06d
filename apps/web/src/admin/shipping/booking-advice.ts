import type { AppErrorCode } from '../../shared/api';
import { errorInfo } from '../../shared/errors';

/**
 * What to do next, per refusal of a booking action (ship, resolve, cancel). The API's message says
 * what happened, often in iCarry's own words; this says what a person can do about it. Keyed by the
 * API's code union, so a renamed code fails the type check here.
 */
export const BOOKING_ADVICE: Partial<Record<AppErrorCode, string>> = {
  PINCODE_NOT_SERVICEABLE: 'Check the pincode with the customer. If it is right, this order needs another way to ship.',
  COD_NOT_AVAILABLE: 'Ask the customer to pay online, or ship this order another way.',
  COURIER_UNAVAILABLE: 'The courier list has been refreshed: choose another courier and try again.',
  COURIER_REFUSED: 'Fix what iCarry names above (often the address or phone number), then try again.',
  ICARRY_ACCOUNT_PROBLEM: 'Recharge the iCarry wallet or finish KYC in the iCarry panel, then try again.',
  ICARRY_NOT_CONFIGURED: 'Set ICARRY_USERNAME and ICARRY_API_KEY in the server’s .env and restart it.',
  ICARRY_UNAVAILABLE:
    'Nothing was booked. Try again in a minute; if it keeps failing, the server log lines tagged [iCarry] say why.',
  ADDRESS_INCOMPLETE: 'Complete the address in the store, then try again.',
  ORDER_NOT_SHIPPABLE: 'The order changed in the meantime; the details above are up to date.',
  ORDER_ALREADY_SHIPPED: 'Someone shipped it already; the details now show that booking.',
  BOOKING_IN_PROGRESS: 'Another tab or a colleague is booking it right now. This dialog updates in a moment.',
  BOOKING_OUTCOME_UNKNOWN:
    'Do not book again yet. Look for this order in the iCarry panel and record what you find below.',
  BOOKING_NEEDS_REVIEW:
    'Do not book again. Open the iCarry panel: if two parcels were booked for this order, cancel one there, then mark the order as handled.',
  BOOKING_REF_TAKEN:
    'Check the number in the iCarry panel: that shipment is already followed here on another order, so it cannot be this one’s.',
  BOOKING_REF_MISMATCH:
    'That iCarry shipment carries another order’s reference. Look for the one whose reference is shown above.',
  BOOKING_NOT_UNKNOWN: 'Someone settled this booking already; the details above are up to date.',
  SHIPMENT_NOT_CANCELLABLE: 'Ask the courier for a return (RTO) instead, or wait for the delivery.',
};

/** The advice for the API's code, else `fallback` (unknown failures, network errors). */
export function adviceFor(error: unknown, fallback?: string): string | undefined {
  const { appCode } = errorInfo(error);
  return (appCode ? BOOKING_ADVICE[appCode] : undefined) ?? fallback;
}
