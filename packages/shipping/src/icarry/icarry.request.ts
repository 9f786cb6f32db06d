import type { FormFields } from './icarry.form';

/** iCarry's endpoints (single-segment OpenCart SEO aliases, all POST). */
export const ICARRY_ENDPOINTS = {
  login: '/api_login',
  estimate: '/api_get_estimate',
  bookSurface: '/api_add_shipment_surface',
  bookAir: '/api_add_shipment_air',
  track: '/api_track_shipment',
  cancel: '/api_cancel_shipment',
  statusSync: '/api_shipment_status_sync',
  checkPincode: '/api_check_pincode',
  label: '/api_print_shipment_label',
  reverseShipment: '/api_add_reverse_shipment',
  billingSync: '/api_shipment_billing_sync',
} as const;

/** One call to iCarry as the transport sends it: where, what, and how it may be repeated. */
export interface RequestSpec<T> {
  /** Method name, for logs ("book"). */
  op: string;
  endpoint: string;
  fields: FormFields;
  /**
   * Safe calls may be repeated after a timeout, 5xx or dropped connection. Unsafe ones (book,
   * cancel) are repeated only when the request provably never left (or after a token rejection,
   * which proves iCarry did not act on it).
   */
  safe: boolean;
  auth: boolean;
  isLogin?: boolean;
  successKey?: string;
  dataKey?: string;
  parse: (body: Record<string, unknown>) => T;
  /** Non-personal context for log lines (order reference, shipment id, counts). */
  logContext?: Record<string, unknown>;
}
