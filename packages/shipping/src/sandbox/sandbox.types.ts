import type { ICarryLogger } from '../icarry/icarry.logger';
import type { SandboxMode } from './sandbox.catalog';

/** Credentials the sandbox accepts when none are configured. Not secrets: printed by the CLI. */
export const SANDBOX_DEFAULTS = {
  username: 'ela00000',
  apiKey: 'sandbox-api-key-0000000000000000',
  pickupAddressId: '1001',
  pickupPincode: '110001',
} as const;

export interface SandboxWebhookUrls {
  /** Status pushes (form-encoded, `callback_type=sync_status`) and weight disputes by default. */
  statusUrl?: string | null;
  /** NDR pushes (JSON, `callback_type=ndr_status`, no token). */
  ndrUrl?: string | null;
  /** Weight-discrepancy pushes; falls back to `statusUrl`, as one iCarry panel URL often serves both. */
  weightUrl?: string | null;
}

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  username?: string;
  apiKey?: string;
  /** The one warehouse id booking accepts; any other yields a shipment without AWB. */
  pickupAddressId?: string | number;
  /** Origin for bookings (the pickup address's pincode). */
  pickupPincode?: string;
  /** Sliding token lifetime; default 60 minutes like iCarry. */
  tokenTtlMs?: number;
  /** Move every open shipment one step along the happy path this often (demos); off by default. */
  autoAdvanceMs?: number | null;
  /** JSON file that keeps shipments across restarts. */
  stateFile?: string | null;
  webhooks?: SandboxWebhookUrls;
  /** Added to every iCarry API response (benchmarks). */
  latencyMs?: number;
  /**
   * Awaited after each webhook delivery a control call waits for: an app in the same process that
   * answers pushes before applying them waits here until it has applied them, so a control call
   * returns once the change is visible in the app (as before the app applied off the request).
   */
  afterWebhooks?: () => Promise<void>;
  /** Per-delivery timeout for webhook posts. Default 5 s. */
  webhookTimeoutMs?: number;
  /** Answer non-browser User-Agents with the firewall page, as iCarry's WAF does. Default false. */
  requireBrowserUserAgent?: boolean;
  /** Public base for tracking/label URLs; default the server's own URL. */
  publicUrl?: string;
  /** Which shape `api_print_shipment_label` answers in (see SandboxLabelShape). Default 'pdf_urls'. */
  labelShape?: SandboxLabelShape;
  /** Token the HTTP control endpoints require (header X-Sandbox-Token). Default: random per start. */
  controlToken?: string;
  logger?: ICarryLogger;
  /** Clock for token expiry and timestamps; default Date.now. */
  now?: () => number;
  /** First shipment id handed out. Default 249772. */
  firstShipmentId?: number;
  /**
   * Draws the label PDF behind the label URLs (`pdf_urls`): an app passes its own courier-label
   * renderer (Code 128 AWB, wrapped addresses). Without it the sandbox writes a plain page itself.
   */
  renderLabel?: (
    shipment: SandboxShipment,
    options: { paper: '4x6' | 'A4'; returnTo: SandboxAddress },
  ) => Promise<Uint8Array>;
}

/**
 * How the sandbox answers label requests: `pdf_urls` (`shipment_label: [{url}]`, a real tiny PDF
 * behind the URL), `data` (label fields: awb, courier_name, barcode_img, ...), or `garbage` (a
 * success of no known shape), the three cases a client must handle.
 */
export type SandboxLabelShape = 'pdf_urls' | 'data' | 'garbage';
export const SANDBOX_LABEL_SHAPES: readonly SandboxLabelShape[] = ['pdf_urls', 'data', 'garbage'];

export interface SandboxAddress {
  name: string;
  mobile: string;
  address: string;
  city: string;
  /** iCarry's 2-letter state code. */
  state: string;
  pincode: string;
}

export interface SandboxHistoryEntry {
  code: number;
  at: string;
  location: string;
  notes: string;
}

export interface SandboxShipment {
  shipmentId: string;
  awb: string | null;
  courierId: string | null;
  courierName: string | null;
  courierGroup: string | null;
  clientOrderId: string | null;
  /** A forward shipment goes from our warehouse to the consignee; a reverse one back to us. */
  direction: 'forward' | 'reverse';
  /** Reverse shipments: the delivered shipment they return. */
  forwardShipmentId: string | null;
  /** Forward shipments: the latest return booked for it. */
  reverseShipmentId: string | null;
  /** Reverse shipments: where the courier collects (the forward consignee); null = our warehouse. */
  pickup: SandboxAddress | null;
  /** Reverse shipments: why it comes back, as sent. */
  returnReason: string | null;
  mode: SandboxMode;
  pickupAddressId: string;
  pickupId: string | null;
  /** iCarry's numeric status code. */
  status: number;
  originPincode: string;
  /** Where it is delivered: the customer (forward), or our warehouse (reverse). */
  consignee: SandboxAddress;
  parcel: {
    type: 'COD' | 'Prepaid';
    valuePaise: number;
    weightGrams: number;
    lengthCm: number;
    breadthCm: number;
    heightCm: number;
    contents: string;
    items: { name: string; pid: string | null; price: string; quantity: number }[];
  };
  costEstimatePaise: number | null;
  createdAt: string;
  eddAt: string | null;
  pickedAt: string | null;
  deliveredAt: string | null;
  history: SandboxHistoryEntry[];
  ndrs: { type: string; at: string }[];
  weightDisputes: { oldGrams: number; newGrams: number; oldDimensions: string; newDimensions: string; at: string }[];
}

export type SandboxFaultKind =
  | 'latency'
  | 'timeout'
  | 'http_error'
  | 'html_block'
  | 'php_notice'
  | 'malformed_json'
  | 'token_expired'
  | 'api_error'
  | 'connection_reset'
  | 'phantom_courier'
  | 'book_accept_then_hang'
  | 'keyed_estimate'
  | 'duplicate_webhooks'
  | 'out_of_order_webhooks'
  | 'slow_login';

export interface SandboxFaultSpec {
  kind: SandboxFaultKind;
  /**
   * Which iCarry endpoint it hits: "api_get_estimate" or "/api_get_estimate", "book" for both
   * booking endpoints, "*" or omitted for any. Ignored by webhook faults.
   */
  endpoint?: string;
  /** How many times it fires (requests, or webhook events). Default 1; "always" until cleared. */
  count?: number | 'always';
  /** latency: delay in ms (default 1000). slow_login: how long each login takes (default 5000). */
  ms?: number;
  /** http_error: the 5xx (or other) status; html_block: 200 or 403 (default 403). */
  status?: number;
  /** html_block: which firewall page. */
  style?: 'imunify360' | 'cloudflare';
  /** api_error: iCarry's error text, e.g. "Insufficient wallet balance. Please recharge." */
  message?: string;
}

export interface SandboxActiveFault extends SandboxFaultSpec {
  id: number;
  remaining: number | 'always';
}

export interface SandboxRequestRecord {
  seq: number;
  at: string;
  method: string;
  endpoint: string;
  /** How the token arrived: `?api_token=`, `/api_x&api_token=` or not at all. */
  tokenIn: 'query' | 'ampersand-path' | 'none';
  contentType: string | null;
  userAgent: string | null;
  accept: string | null;
  /** The parsed body with `key`, `Key`, `api_token` and `token` masked. */
  body: Record<string, unknown>;
  /** What the sandbox did: "ok", "error: ...", "fault: timeout"... */
  outcome: string;
}

export type WebhookKind = 'status' | 'ndr' | 'weight';

export interface WebhookDelivery {
  kind: WebhookKind;
  url: string;
  contentType: string;
  /** Exactly what was posted. */
  body: string;
  payload: Record<string, unknown>;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** True for the second copy sent by the duplicate_webhooks fault. */
  duplicate: boolean;
  /** True when the out_of_order_webhooks fault held this one back. */
  delayed: boolean;
}

export interface ControlCallOptions {
  /** Default true: wait for webhook deliveries and return them. False: send in the background. */
  awaitWebhooks?: boolean;
}

export interface ShipmentChangeResult {
  shipment: SandboxShipment;
  /** The shipment's iCarry status code after the call. */
  statusCode: number;
  changed: boolean;
  deliveries: WebhookDelivery[];
}

/**
 * A forward shipment booked outside this sandbox run (the demo data an app seeds, or a shipment
 * booked before a state file was lost), taken in so returns, labels and status changes work on it.
 */
export interface SandboxAdoptedShipment {
  shipmentId: string;
  awb: string;
  courierId: string | null;
  courierName: string | null;
  clientOrderId: string | null;
  mode: SandboxMode;
  /** iCarry's status code it is at now (21 = Delivered). */
  status: number;
  consignee: SandboxAddress;
  parcel: SandboxShipment['parcel'];
  createdAt: string;
  /** When it last moved (the last history entry's time); default createdAt. */
  updatedAt?: string;
}
