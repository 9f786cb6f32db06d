import type { ICarryStatusMapping } from '../status';
import type { ICarryLogger } from './icarry.logger';
import type { ShipmentMode } from '../shipment';

/** Minimal fetch signature, so tests and proxies can inject their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Total attempts including the first (1 = no retries). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ICarryClientOptions {
  username: string;
  apiKey: string;
  /** Default https://www.icarry.in; legacy /api_v3 values are corrected with a warning. */
  baseUrl?: string;
  /** Per-attempt timeout. Default 30 s (iCarry is slow; public clients use 10-60 s). */
  timeoutMs?: number;
  fetch?: FetchLike;
  logger?: ICarryLogger;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  /** Clock for the token cache; default Date.now. */
  now?: () => number;
  /** How long a token is reused. Default 50 min (iCarry's tokens last about 60). */
  tokenTtlMs?: number;
  /** Injectable for deterministic retry tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
}

/** Per-call options, accepted by every client method as its last argument. */
export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Runs right before each request is sent, after any (re-)login: the last moment to decide not to
   * send. Whatever it throws is thrown by the call, and nothing is sent. A booking uses it to check,
   * after a slow login, that nobody settled the booking in the meantime.
   */
  beforeSend?: () => Promise<void> | void;
}

export type PaymentType = 'cod' | 'prepaid';

export interface EstimateInput {
  originPincode: string;
  destinationPincode: string;
  weightGrams: number;
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
  mode: ShipmentMode;
  paymentType: PaymentType;
  /** Declared value (prepaid) or amount to collect (COD), in paise. */
  shipmentValuePaise: number;
}

export interface Estimate {
  courierId: string;
  courierName: string;
  /** Carrier brand ("Delhivery", "Ekart"); empty string when iCarry omits it. */
  courierGroup: string;
  /** What iCarry charges: freight plus COD fee (`courier_cost`). */
  totalPaise: number;
  freightPaise: number;
  codPaise: number;
  rtoPaise: number | null;
}

export interface PincodeServiceability {
  serviceable: boolean;
  prepaid: boolean;
  cod: boolean;
  pickup: boolean;
}

export interface BookingItem {
  name: string;
  sku: string;
  pricePaise: number;
  quantity: number;
}

export interface BookingInput {
  /** iCarry warehouse id (`pickup_address_id`); a wrong id yields a shipment without AWB. */
  pickupAddressId: string | number;
  returnAddressId?: string | number;
  rtoAddressId?: string | number;
  /** Omit to let iCarry choose; give the courier from an estimate for the quoted price. */
  courierId?: string;
  clientOrderId: string;
  mode: ShipmentMode;
  /** Save the shipment "Unassigned" without courier or AWB (iCarry `save_only`). */
  saveOnly?: boolean;
  channelId?: string | number;
  consignee: {
    name: string;
    /** Any common Indian format; normalised to 10 digits before sending. */
    mobile: string;
    altMobile?: string | null;
    address: string;
    city: string;
    /** Name or code as typed; mapped to iCarry's 2-letter code before sending. */
    state: string;
    pincode: string;
  };
  parcel: {
    type: PaymentType;
    /** COD: the amount to collect. Prepaid: declared value (at least ₹1). */
    valuePaise: number;
    /** Printed on the label; iCarry copies `value` when omitted. */
    invoiceValuePaise?: number;
    /** At most 255 characters (longer text is cut). */
    contents: string;
    weightGrams: number;
    lengthCm: number;
    breadthCm: number;
    heightCm: number;
    items: BookingItem[];
    ewaybillNumber?: string;
  };
}

export interface BookingResult {
  shipmentId: string;
  /** Null when iCarry saved the shipment without assigning a courier (partial success). */
  awb: string | null;
  courierId: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  costEstimatePaise: number | null;
  pickupId: string | null;
  clientOrderId: string | null;
  /** iCarry's success sentence, or the `error` text that came with a partial success. */
  message: string | null;
}

export interface TrackingEvent {
  at: Date | null;
  location: string | null;
  notes: string;
}

export interface TrackingResult {
  shipmentId: string;
  statusText: string | null;
  awb: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  edd: Date | null;
  pickedAt: Date | null;
  deliveredAt: Date | null;
  /** Oldest first when every event has a date; otherwise in the order iCarry sent them. */
  events: TrackingEvent[];
}

export interface StatusSyncEntry {
  shipmentId: string;
  /** iCarry's numeric code as text ("22"); "0" means iCarry does not know. */
  statusCode: string;
  mapping: ICarryStatusMapping;
  /** True for "0" and any code not in ICARRY_STATUS_CODES: never act on it as a status. */
  isUnknown: boolean;
  pickedAt: Date | null;
  deliveredAt: Date | null;
}

export interface CancelResult {
  cancelled: true;
  message: string;
}

/**
 * iCarry's label answer, normalised. Public code shows two shapes: a list of label (PDF) URLs, or
 * label data to print ourselves. Anything else, or a refusal, is `none` with the reason.
 */
export type ICarryLabel =
  | {
      kind: 'pdf_urls';
      /** Absolute http(s) URLs, in iCarry's order, without duplicates. */
      urls: string[];
    }
  | {
      kind: 'data';
      awb: string;
      courierName: string | null;
      courierId: string | null;
      /** An http(s) URL or a `data:image/...` URI of the courier's barcode, when iCarry sends one. */
      barcodeImage: string | null;
      trackingUrl: string | null;
      /** Courier routing / sort code printed on the label. */
      sortCode: string | null;
      /** The return address as one line of text. */
      returnAddress: string | null;
    }
  | { kind: 'none'; reason: string };

export interface LabelOptions extends CallOptions {
  /** iCarry's `paper_size`; A4 prints several labels to a page. */
  paperSize?: 'A4' | 'A6';
}

export interface ReverseShipmentInput {
  /** The delivered forward shipment's iCarry shipment_id: the return is picked up from its consignee. */
  shipmentId: string;
  /** Our reference for the return (echoed back as `client_order_id`). */
  clientOrderId?: string;
  /** Warehouse the return is delivered to; iCarry uses the forward shipment's pickup address when omitted. */
  returnAddressId?: string | number;
  /** Why the customer sends it back (free text, at most 255 characters). */
  reason?: string;
}

/** A booked return pickup: the same shape as a booking, plus the shipment it returns. */
export interface ReverseShipmentResult extends BookingResult {
  forwardShipmentId: string;
}

export interface BillingEntry {
  shipmentId: string;
  awb: string | null;
  /** What iCarry billed (`miles`, in rupees despite its name), in paise. */
  chargedPaise: number;
  /** The weight iCarry billed, in grams, when it says. */
  chargedWeightGrams: number | null;
  /** The billing day (IST) as yyyy-mm-dd, when it says. */
  billedOn: string | null;
  mode: ShipmentMode | null;
  /** iCarry's zone letter or name, as sent. */
  zone: string | null;
}

export interface LoginResult {
  loggedInAt: Date;
  /** When the client will log in again on its own. */
  reuseUntil: Date;
}
