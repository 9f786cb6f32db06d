import { z } from 'zod';
import { parseRupeesToPaise } from '../money';
import { mapICarryStatus } from '../status';
import { parseICarryDate, parseICarryDay } from './icarry.dates';
import { modeFromLetter } from './icarry.form';
import type {
  BillingEntry,
  BookingResult,
  CancelResult,
  Estimate,
  ICarryLabel,
  PincodeServiceability,
  ReverseShipmentResult,
  StatusSyncEntry,
  TrackingEvent,
  TrackingResult,
} from './icarry.types';

/**
 * zod schemas from iCarry's JSON to our camelCase types. They absorb the quirks: numbers as
 * strings (and strings as numbers), lists that arrive as arrays or as keyed objects, "" for
 * missing values, and a status-sync key with a trailing space.
 */

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

/** Optional text: "", null, false and absent all become null. */
const optionalText = scalar.transform((value) => {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
});

/** A required id such as shipment_id: string or number, not empty, not "0". */
const requiredId = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim();
  if (text === '' || text === '0') {
    ctx.addIssue({ code: 'custom', message: 'empty id' });
    return z.NEVER;
  }
  return text;
});

/** Rupee amount as a decimal string or number -> integer paise; empty -> null. */
const optionalPaise = scalar.transform((value, ctx) => {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  const paise = parseRupeesToPaise(value);
  if (paise === null) {
    ctx.addIssue({ code: 'custom', message: 'not a rupee amount' });
    return z.NEVER;
  }
  return paise;
});

const optionalDate = z
  .unknown()
  .optional()
  .transform((value) => parseICarryDate(value));

/** iCarry sends lists as arrays or as objects keyed by id or name: keep the values. */
function listOf(value: unknown): { key: string | null; value: unknown }[] {
  if (Array.isArray(value)) return (value as unknown[]).map((item) => ({ key: null, value: item }));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value as Record<string, unknown>).map(([key, item]) => ({ key, value: item }));
  return [];
}

export const loginResponseSchema = z.looseObject({ api_token: requiredId });

export function parseLoginResponse(body: Record<string, unknown>): string {
  return loginResponseSchema.parse(body).api_token;
}

const estimateEntrySchema = z.looseObject({
  courier_id: requiredId,
  courier_name: optionalText,
  courier_group_name: optionalText,
  courier_cost: optionalPaise,
  freight_cost: optionalPaise,
  cod_cost: optionalPaise,
  rto_cost: optionalPaise,
});

export const estimateResponseSchema = z.looseObject({ estimate: z.unknown() });

export interface ParsedEstimates {
  estimates: Estimate[];
  /** Entries that did not have the expected shape and were left out. */
  skipped: number;
}

/** Estimates sorted cheapest first (ties by name, for a stable order). */
export function parseEstimateResponse(body: Record<string, unknown>): ParsedEstimates {
  const { estimate } = estimateResponseSchema.parse(body);
  const estimates: Estimate[] = [];
  let skipped = 0;
  for (const { key, value } of listOf(estimate)) {
    const parsed = estimateEntrySchema.safeParse(value);
    if (!parsed.success) {
      skipped += 1;
      continue;
    }
    const entry = parsed.data;
    const codPaise = entry.cod_cost ?? 0;
    const totalPaise = entry.courier_cost ?? (entry.freight_cost === null ? null : entry.freight_cost + codPaise);
    if (totalPaise === null) {
      skipped += 1;
      continue;
    }
    estimates.push({
      courierId: entry.courier_id,
      courierName: entry.courier_name ?? key ?? entry.courier_group_name ?? `Courier ${entry.courier_id}`,
      courierGroup: entry.courier_group_name ?? '',
      totalPaise,
      freightPaise: entry.freight_cost ?? totalPaise - codPaise,
      codPaise,
      rtoPaise: entry.rto_cost,
    });
  }
  estimates.sort((a, b) => a.totalPaise - b.totalPaise || a.courierName.localeCompare(b.courierName));
  return { estimates, skipped };
}

const yesNo = scalar.transform((value) => {
  if (value === true || value === 1) return true;
  if (typeof value !== 'string') return false;
  return /^(y|yes|1|true)$/i.test(value.trim());
});

const pincodeEntrySchema = z.looseObject({ service: yesNo, prepaid: yesNo, cod: yesNo, pickup: yesNo });

export function parseCheckPincodeResponse(body: Record<string, unknown>): PincodeServiceability {
  const entries = listOf(body.msg);
  const first = entries[0];
  if (first === undefined) return { serviceable: false, prepaid: false, cod: false, pickup: false };
  const entry = pincodeEntrySchema.parse(first.value);
  return { serviceable: entry.service, prepaid: entry.prepaid, cod: entry.cod, pickup: entry.pickup };
}

export const bookingResponseSchema = z.looseObject({
  shipment_id: requiredId,
  awb: optionalText,
  courier_id: optionalText,
  courier_name: optionalText,
  courier_name_full: optionalText,
  tracking_url: optionalText,
  cost_estimate: optionalPaise.catch(null),
  pickup_id: optionalText,
  client_order_id: optionalText,
  success: z.unknown(),
  error: z.unknown(),
});

export function parseBookingResponse(body: Record<string, unknown>): BookingResult {
  const data = bookingResponseSchema.parse(body);
  const errorText = typeof data.error === 'string' && data.error.trim() !== '' ? data.error.trim() : null;
  const successText = typeof data.success === 'string' && data.success.trim() !== '' ? data.success.trim() : null;
  return {
    shipmentId: data.shipment_id,
    awb: data.awb,
    courierId: data.courier_id === '0' ? null : data.courier_id,
    courierName: data.courier_name ?? data.courier_name_full,
    trackingUrl: data.tracking_url,
    costEstimatePaise: data.cost_estimate,
    pickupId: data.pickup_id === '0' ? null : data.pickup_id,
    clientOrderId: data.client_order_id,
    message: errorText ?? successText,
  };
}

/** A reverse pickup answers like a booking; some copies name the courier `courier`. */
export function parseReverseShipmentResponse(
  body: Record<string, unknown>,
  forwardShipmentId: string,
): ReverseShipmentResult {
  const booking = parseBookingResponse(body);
  const courier = optionalText.catch(null).parse(body.courier);
  return { ...booking, courierName: booking.courierName ?? courier, forwardShipmentId };
}

const trackingEventSchema = z.looseObject({
  datetime: optionalDate,
  date: optionalDate,
  location: optionalText,
  notes: optionalText,
  status: optionalText,
  remarks: optionalText,
});

export const trackingResponseSchema = z.looseObject({
  status: optionalText,
  awb: optionalText,
  courier_name: optionalText,
  tracking_url: optionalText,
  edd: optionalDate,
  picked_datetime: optionalDate,
  delivered_datetime: optionalDate,
  details: z.unknown(),
});

export function parseTrackingResponse(body: Record<string, unknown>, shipmentId: string): TrackingResult {
  const data = trackingResponseSchema.parse(body);
  const events: TrackingEvent[] = [];
  for (const { value } of listOf(data.details)) {
    const parsed = trackingEventSchema.safeParse(value);
    if (!parsed.success) continue;
    const event = parsed.data;
    events.push({
      at: event.datetime ?? event.date,
      // Couriers send hub names like "Mumbai_Andheri_DC".
      location: event.location === null ? null : event.location.replace(/_+/g, ' ').replace(/\s+/g, ' ').trim(),
      notes: event.notes ?? event.remarks ?? event.status ?? '',
    });
  }
  // Feeds come newest-first or oldest-first; when every event is dated, return them oldest first
  // (stable, so same-second events keep iCarry's order).
  if (events.every((event) => event.at !== null))
    events.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
  return {
    shipmentId,
    statusText: data.status,
    awb: data.awb,
    courierName: data.courier_name,
    trackingUrl: data.tracking_url,
    edd: data.edd,
    pickedAt: data.picked_datetime,
    deliveredAt: data.delivered_datetime,
    events,
  };
}

const syncEntrySchema = z.looseObject({
  shipment_id: requiredId,
  status: scalar,
  date_picked: optionalDate,
  // Quirk seen in two public clients: the key arrives with a trailing space.
  'date_picked ': optionalDate,
  date_delivered: optionalDate,
  'date_delivered ': optionalDate,
});

export function parseStatusSyncResponse(body: Record<string, unknown>): {
  entries: StatusSyncEntry[];
  skipped: number;
} {
  const entries: StatusSyncEntry[] = [];
  let skipped = 0;
  for (const { key, value } of listOf(body.msg)) {
    const withId =
      typeof value === 'object' && value !== null && !('shipment_id' in value) && key !== null
        ? { ...value, shipment_id: key }
        : value;
    const parsed = syncEntrySchema.safeParse(withId);
    if (!parsed.success) {
      skipped += 1;
      continue;
    }
    const entry = parsed.data;
    const statusCode =
      entry.status === null || entry.status === undefined || typeof entry.status === 'boolean'
        ? '0'
        : String(entry.status).trim() || '0';
    const mapping = mapICarryStatus(statusCode);
    entries.push({
      shipmentId: entry.shipment_id,
      statusCode,
      mapping,
      isUnknown: mapping.kind === 'unknown',
      pickedAt: entry.date_picked ?? entry['date_picked '],
      deliveredAt: entry.date_delivered ?? entry['date_delivered '],
    });
  }
  return { entries, skipped };
}

export function parseCancelResponse(body: Record<string, unknown>): CancelResult {
  const success = body.success;
  const message =
    typeof success === 'string' && success.trim() !== ''
      ? success.trim()
      : typeof body.message === 'string' && body.message.trim() !== ''
        ? body.message.trim()
        : 'Shipment cancelled';
  return { cancelled: true, message };
}

/** Where label answers put their URLs (iCarry's shape is not documented; L confidence). */
const LABEL_URL_FIELDS = [
  'shipment_label',
  'label_url',
  'label_urls',
  'labels',
  'label',
  'url',
  'pdf',
  'pdf_url',
  'file',
];
const LABEL_URL_KEYS = ['url', 'label_url', 'pdf', 'pdf_url', 'link', 'href'];
const BARCODE_DATA_URI = /^data:image\/[a-z0-9.+-]+;base64,[a-z0-9+/=\s]+$/i;

/** An absolute http(s) URL (protocol-relative ones get https), or null. */
function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const absolute = text.startsWith('//') ? `https:${text}` : text;
  if (!/^https?:\/\//i.test(absolute)) return null;
  try {
    return new URL(absolute).href;
  } catch {
    return null;
  }
}

function labelUrls(body: Record<string, unknown>): string[] {
  const urls: string[] = [];
  for (const field of LABEL_URL_FIELDS) {
    const value = body[field];
    const items = typeof value === 'object' && value !== null ? listOf(value).slice(0, 100) : [{ key: null, value }];
    for (const { value: item } of items) {
      const candidates =
        typeof item === 'object' && item !== null && !Array.isArray(item)
          ? LABEL_URL_KEYS.map((key) => (item as Record<string, unknown>)[key])
          : [item];
      for (const candidate of candidates) {
        const url = httpUrl(candidate);
        if (url !== null && !urls.includes(url)) urls.push(url);
      }
    }
  }
  return urls;
}

function oneLine(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number') return optionalText.parse(value);
  if (typeof value === 'object' && value !== null) {
    const parts = listOf(value)
      .map(({ value: part }) => (typeof part === 'string' || typeof part === 'number' ? String(part).trim() : ''))
      .filter((part) => part !== '');
    return parts.length > 0 ? parts.join(', ') : null;
  }
  return null;
}

const labelDataSchema = z.looseObject({
  awb: optionalText.catch(null),
  courier_name: optionalText.catch(null),
  courier_id: optionalText.catch(null),
  barcode_img: optionalText.catch(null),
  barcode: optionalText.catch(null),
  tracking_url: optionalText.catch(null),
  sort_code: optionalText.catch(null),
  sortcode: optionalText.catch(null),
  routing_code: optionalText.catch(null),
});

/**
 * Label answers come in two known shapes: `shipment_label: [{url}]` (or other URL fields), or label
 * data (`awb`, `barcode_img`, `courier_name`, ...). URLs win when both are there. Anything else is
 * `none` with the reason; this never throws.
 */
export function parseLabelResponse(body: Record<string, unknown>): ICarryLabel {
  const urls = labelUrls(body);
  if (urls.length > 0) return { kind: 'pdf_urls', urls };
  const data = labelDataSchema.parse(body);
  const barcode = data.barcode_img ?? data.barcode;
  if (data.awb !== null && (barcode !== null || data.courier_name !== null || data.courier_id !== null)) {
    return {
      kind: 'data',
      awb: data.awb,
      courierName: data.courier_name,
      courierId: data.courier_id === '0' ? null : data.courier_id,
      barcodeImage: barcode !== null && (httpUrl(barcode) !== null || BARCODE_DATA_URI.test(barcode)) ? barcode : null,
      trackingUrl: httpUrl(data.tracking_url),
      sortCode: data.sort_code ?? data.sortcode ?? data.routing_code,
      returnAddress: oneLine(body.return_address),
    };
  }
  // Field names only: values may hold the consignee's address.
  const fields = Object.keys(body).slice(0, 12).join(', ');
  return {
    kind: 'none',
    reason: `iCarry's label answer has neither label URLs nor label data (fields: ${fields === '' ? 'none' : fields})`,
  };
}

/** "500", 500, "500 gm", "0.5 kg" -> grams; a bare number is grams, iCarry's unit everywhere. */
function billedGrams(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(g|gm|gms|grams?|kg|kgs)?\s*$/i.exec(value);
  if (match === null) return null;
  const amount = Number(match[1]);
  const grams = Math.round(/^kg/i.test(match[2] ?? '') ? amount * 1000 : amount);
  return grams > 0 ? grams : null;
}

const billingEntrySchema = z.looseObject({
  shipment_id: requiredId,
  awb: optionalText.catch(null),
  date: optionalText.catch(null),
  miles: optionalPaise.catch(null),
  mode: optionalText.catch(null),
  zone: optionalText.catch(null),
  weight: z.unknown(),
});

/**
 * Billing sync entries. `miles` is the billed charge in rupees (DOC), not a distance. Entries
 * without a positive charge are not billed yet and are left out (counted in `skipped`).
 */
export function parseBillingResponse(body: Record<string, unknown>): { entries: BillingEntry[]; skipped: number } {
  const entries: BillingEntry[] = [];
  let skipped = 0;
  for (const { key, value } of listOf(body.msg)) {
    const withId =
      typeof value === 'object' && value !== null && !('shipment_id' in value) && key !== null
        ? { ...value, shipment_id: key }
        : value;
    const parsed = billingEntrySchema.safeParse(withId);
    if (!parsed.success || parsed.data.miles === null || parsed.data.miles <= 0) {
      skipped += 1;
      continue;
    }
    const entry = parsed.data;
    entries.push({
      shipmentId: entry.shipment_id,
      awb: entry.awb,
      chargedPaise: parsed.data.miles,
      chargedWeightGrams: billedGrams(entry.weight),
      billedOn: parseICarryDay(entry.date),
      mode: modeFromLetter(entry.mode),
      zone: entry.zone,
    });
  }
  return { entries, skipped };
}
