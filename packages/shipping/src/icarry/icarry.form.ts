import { formatPaiseAsRupees } from '../money';
import { normalizeIndianMobile } from '../phone';
import { toICarryStateCode } from '../states';
import { ICarryValidationError } from './icarry.errors';
import type { ShipmentMode } from '../shipment';
import type { BookingInput, EstimateInput } from './icarry.types';

/**
 * Builds iCarry's form bodies from our camelCase inputs, validating first: anything iCarry would
 * refuse (or, worse, accept wrongly) throws ICarryValidationError before a request is sent. Also
 * reads such bodies back (`parseBracketedForm`), for the sandbox and for pushes.
 */

/** iCarry's mode letters; nothing outside this module speaks them. */
const MODE_LETTERS = { surface: 'S', express: 'E' } as const satisfies Record<ShipmentMode, string>;

/** "surface" -> "S", "express" -> "E"; anything else is refused before sending. */
export function modeLetter(mode: unknown, field = 'mode'): 'S' | 'E' {
  if (typeof mode === 'string' && Object.hasOwn(MODE_LETTERS, mode)) return MODE_LETTERS[mode as ShipmentMode];
  return fail(field, 'must be surface or express');
}

/** A mode in iCarry's answers ("S", "E", "Surface", "Air", any case) -> ours, else null. */
export function modeFromLetter(letter: unknown): ShipmentMode | null {
  if (typeof letter !== 'string') return null;
  const text = letter.trim().toLowerCase();
  if (text === 's' || text === 'surface' || text === 'standard') return 'surface';
  if (text === 'e' || text === 'express' || text === 'air') return 'express';
  return null;
}

/** Ordered form fields; bracketed names for nesting (`consignee[name]`, `parcel[items][0][pid]`). */
export type FormFields = [string, string][];

type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

/** Flattens nested objects/arrays into PHP-style bracketed form fields; null/undefined are omitted. */
export function flattenForm(value: FormValue, prefix = '', out: FormFields = []): FormFields {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => flattenForm(item, `${prefix}[${index}]`, out));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flattenForm(item, prefix === '' ? key : `${prefix}[${key}]`, out);
  } else {
    out.push([prefix, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]);
  }
  return out;
}

export const MAX_CONTENTS_CHARS = 255;

/** Text of a string or number input; anything else (objects from untyped callers) is empty. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function fail(field: string, message: string): never {
  throw new ICarryValidationError(`${field}: ${message}`, { field });
}

export function requirePincode(value: unknown, field: string): string {
  const text = scalarText(value).replace(/\s/g, '');
  if (!/^[1-9]\d{5}$/.test(text)) fail(field, 'must be a 6-digit Indian pincode');
  return text;
}

function requireText(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (text === '') fail(field, 'is required');
  return text;
}

function requirePositiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    fail(field, 'must be a positive whole number');
  return value;
}

function requirePositiveNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(field, 'must be a positive number');
  return value;
}

function requirePaise(value: unknown, field: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(field, 'must be whole paise');
  if (value < minimum) fail(field, `must be at least ${formatPaiseAsRupees(minimum)} INR`);
  return value;
}

function requireId(value: unknown, field: string): string {
  const text = scalarText(value).trim();
  if (text === '' || text === '0') fail(field, 'is required');
  return text;
}

/** Numeric iCarry shipment id; iCarry rejects AWBs where it wants shipment_id. */
export function requireShipmentId(value: unknown, field = 'shipmentId'): string {
  const text = scalarText(value).trim();
  if (!/^\d{1,12}$/.test(text) || /^0+$/.test(text)) fail(field, "must be iCarry's numeric shipment_id (not an AWB)");
  return text;
}

export function buildEstimateFields(input: EstimateInput): FormFields {
  const mode = modeLetter(input.mode);
  const type =
    input.paymentType === 'cod'
      ? 'C'
      : input.paymentType === 'prepaid'
        ? 'P'
        : fail('paymentType', 'must be cod or prepaid');
  return [
    ['length', String(requirePositiveNumber(input.lengthCm, 'lengthCm'))],
    ['breadth', String(requirePositiveNumber(input.breadthCm, 'breadthCm'))],
    ['height', String(requirePositiveNumber(input.heightCm, 'heightCm'))],
    ['weight', String(requirePositiveInteger(input.weightGrams, 'weightGrams'))],
    ['origin_pincode', requirePincode(input.originPincode, 'originPincode')],
    ['destination_pincode', requirePincode(input.destinationPincode, 'destinationPincode')],
    ['origin_country_code', 'IN'],
    ['destination_country_code', 'IN'],
    ['shipment_mode', mode],
    ['shipment_type', type],
    ['shipment_value', formatPaiseAsRupees(requirePaise(input.shipmentValuePaise, 'shipmentValuePaise', 0))],
  ];
}

/** The booking body exactly as iCarry's PHP expects it: bracketed nested form fields. */
export function buildBookingFields(input: BookingInput): FormFields {
  const { consignee, parcel } = input;
  modeLetter(input.mode);
  if (parcel.type !== 'cod' && parcel.type !== 'prepaid') fail('parcel.type', 'must be cod or prepaid');
  const pincode = requirePincode(consignee.pincode, 'consignee.pincode');
  const altMobile =
    consignee.altMobile === null || consignee.altMobile === undefined || consignee.altMobile.trim() === ''
      ? undefined
      : normalizeIndianMobile(consignee.altMobile, 'consignee.altMobile');
  const contents = requireText(parcel.contents, 'parcel.contents');
  const items = parcel.items.map((item, index) => ({
    name: requireText(item.name, `parcel.items.${index}.name`),
    pid: typeof item.sku === 'string' && item.sku.trim() !== '' ? item.sku.trim() : undefined,
    price: formatPaiseAsRupees(requirePaise(item.pricePaise, `parcel.items.${index}.pricePaise`, 0)),
    quantity: requirePositiveInteger(item.quantity, `parcel.items.${index}.quantity`),
  }));
  const body: Record<string, FormValue> = {
    pickup_address_id: requireId(input.pickupAddressId, 'pickupAddressId'),
    return_address_id:
      input.returnAddressId === undefined ? undefined : requireId(input.returnAddressId, 'returnAddressId'),
    rto_address_id: input.rtoAddressId === undefined ? undefined : requireId(input.rtoAddressId, 'rtoAddressId'),
    client_order_id: requireText(input.clientOrderId, 'clientOrderId'),
    channel_id: input.channelId === undefined ? undefined : String(input.channelId),
    courier_id: input.courierId === undefined || input.courierId.trim() === '' ? undefined : input.courierId.trim(),
    // iCarry treats any value as "save only", so the field is left out unless asked for.
    save_only: input.saveOnly === true ? '1' : undefined,
    consignee: {
      name: requireText(consignee.name, 'consignee.name'),
      mobile: normalizeIndianMobile(consignee.mobile, 'consignee.mobile'),
      alt_mobile: altMobile,
      address: requireText(consignee.address, 'consignee.address'),
      city: requireText(consignee.city, 'consignee.city'),
      state: toICarryStateCode(consignee.state, { pincode, field: 'consignee.state' }),
      pincode,
      country_code: 'IN',
    },
    parcel: {
      type: parcel.type === 'cod' ? 'COD' : 'Prepaid',
      // COD: the amount to collect (must be > 0). Prepaid: declared value, at least 1 INR.
      value: formatPaiseAsRupees(requirePaise(parcel.valuePaise, 'parcel.valuePaise', 100)),
      invoice_value:
        parcel.invoiceValuePaise === undefined
          ? undefined
          : formatPaiseAsRupees(requirePaise(parcel.invoiceValuePaise, 'parcel.invoiceValuePaise', 0)),
      currency: 'INR',
      contents: contents.slice(0, MAX_CONTENTS_CHARS),
      ewbn:
        parcel.ewaybillNumber === undefined || parcel.ewaybillNumber.trim() === ''
          ? undefined
          : parcel.ewaybillNumber.trim(),
      items,
      dimensions: {
        length: String(requirePositiveNumber(parcel.lengthCm, 'parcel.lengthCm')),
        breadth: String(requirePositiveNumber(parcel.breadthCm, 'parcel.breadthCm')),
        height: String(requirePositiveNumber(parcel.heightCm, 'parcel.heightCm')),
        unit: 'cm',
      },
      weight: { weight: String(requirePositiveInteger(parcel.weightGrams, 'parcel.weightGrams')), unit: 'gm' },
    },
  };
  return flattenForm(body);
}

/** A form field name split PHP-style: `parcel[items][0][name]` -> parcel, items, 0, name. */
const BRACKETED_NAME = /^([^[\]]+)((?:\[[^[\]]*\])+)$/;
/** Keys that could reach Object.prototype in careless consumers: never created. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface FormParseLimits {
  /** Fields read at most (PHP's max_input_vars is 1000); the rest is ignored. Default 10,000. */
  maxFields?: number;
  /** Bracket levels at most; a deeper name is kept as a flat key. Default 5. */
  maxDepth?: number;
}

type FormNode = string | Map<string, FormNode>;

/**
 * Parses an urlencoded body the way PHP fills `$_POST`: `a[b]=1` nests, `a[]=1` appends, a later
 * field wins over an earlier one of the same name. A container whose keys are exactly 0..n-1
 * becomes an array, any other an object. The inverse of `flattenForm`. Never throws.
 */
export function parseBracketedForm(text: string, limits: FormParseLimits = {}): Record<string, unknown> {
  const maxFields = limits.maxFields ?? 10_000;
  const maxDepth = limits.maxDepth ?? 5;
  const root = new Map<string, FormNode>();
  let fields = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    fields += 1;
    if (fields > maxFields) break;
    const match = BRACKETED_NAME.exec(name);
    const path = match === null ? [name] : [match[1] ?? '', ...(match[2] ?? '').slice(1, -1).split('][')];
    if (path.some((key) => UNSAFE_KEYS.has(key))) continue;
    if (path.length - 1 > maxDepth) {
      root.set(name, value);
      continue;
    }
    let node = root;
    for (let i = 0; i < path.length; i += 1) {
      const key = path[i] === '' && i > 0 ? String(node.size) : (path[i] ?? '');
      if (i === path.length - 1) {
        node.set(key, value);
        break;
      }
      let child = node.get(key);
      if (!(child instanceof Map)) {
        child = new Map<string, FormNode>();
        node.set(key, child);
      }
      node = child;
    }
  }
  return toPlain(root) as Record<string, unknown>;
}

function toPlain(node: Map<string, FormNode>, isRoot = true): unknown {
  const entries = [...node.entries()].map(([key, child]): [string, unknown] => [
    key,
    typeof child === 'string' ? child : toPlain(child, false),
  ]);
  if (!isRoot && entries.every(([key], index) => key === String(index))) return entries.map(([, value]) => value);
  return Object.fromEntries(entries);
}
