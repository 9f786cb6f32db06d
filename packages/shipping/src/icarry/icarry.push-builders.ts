// Building pushes the way iCarry sends them (the sandbox posts its webhooks with these).
import { formatICarryDay } from './icarry.dates';
import type { ICarryPushKind } from './icarry.push-events';

export type PushEncoding = 'form' | 'json';

export interface BuiltPush {
  kind: ICarryPushKind;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** Exactly what to POST. */
  body: string;
  /** The fields, as iCarry names them. */
  payload: Record<string, unknown>;
}

export interface PushBuildOptions {
  /** Default: what iCarry uses (form for status and weight, JSON for NDR). Form NDR pushes carry `ndr_data` as a JSON string. */
  encoding?: PushEncoding;
}

export interface StatusPushInput {
  statusCode: string | number;
  shipmentId?: string | null;
  awb?: string | null;
  clientOrderId?: string | null;
  /** The account API key iCarry puts in `token`; omitted when null or absent. */
  token?: string | null;
}

export interface NdrPushInput {
  entries: {
    shipmentId?: string | number | null;
    awb?: string | null;
    reasonCode: string;
    /** A Date is sent as iCarry's dd/mm/yyyy (IST); a string as is. */
    reportedOn: Date | string;
  }[];
}

export interface WeightPushInput {
  shipmentId?: string | null;
  awb?: string | null;
  statusCode?: string | number | null;
  oldWeightGrams?: number | null;
  newWeightGrams: number;
  oldDimensions?: string | null;
  newDimensions?: string | null;
  token?: string | null;
}

/** A status push as iCarry sends it: form fields, missing values as "", the account key in `token`. */
export function buildStatusPush(input: StatusPushInput, options: PushBuildOptions = {}): BuiltPush {
  const payload: Record<string, string> = {
    client_name: 'icarry',
    callback_type: 'sync_status',
    awb: input.awb ?? '',
    status: String(input.statusCode),
    shipment_id: input.shipmentId ?? '',
    client_order_id: input.clientOrderId ?? '',
  };
  if (input.token !== undefined && input.token !== null) payload.token = input.token;
  return encodePush('status', payload, options.encoding ?? 'form');
}

/** An NDR push as iCarry sends it: JSON, numeric shipment ids, dd/mm/yyyy dates, no token. */
export function buildNdrPush(input: NdrPushInput, options: PushBuildOptions = {}): BuiltPush {
  const ndrData = input.entries.map((entry) => ({
    shipment_id:
      typeof entry.shipmentId === 'string' && /^\d{1,15}$/.test(entry.shipmentId)
        ? Number(entry.shipmentId)
        : (entry.shipmentId ?? ''),
    awb: entry.awb ?? '',
    type: entry.reasonCode,
    date_added: entry.reportedOn instanceof Date ? formatICarryDay(entry.reportedOn) : entry.reportedOn,
  }));
  const encoding = options.encoding ?? 'json';
  const payload: Record<string, unknown> = { client_name: 'icarry', callback_type: 'ndr_status', ndr_data: ndrData };
  if (encoding === 'json') return encodePush('ndr', payload, 'json');
  return encodePush('ndr', { ...payload, ndr_data: JSON.stringify(ndrData) }, 'form');
}

/** A weight-dispute push as iCarry sends it: form fields in grams, the account key in `token`. */
export function buildWeightPush(input: WeightPushInput, options: PushBuildOptions = {}): BuiltPush {
  const payload: Record<string, string> = {
    callback_type: 'new_weight_discrepancy',
    shipment_id: input.shipmentId ?? '',
    awb: input.awb ?? '',
    status: input.statusCode === undefined || input.statusCode === null ? '' : String(input.statusCode),
    old_weight: input.oldWeightGrams === undefined || input.oldWeightGrams === null ? '' : String(input.oldWeightGrams),
    new_weight: String(input.newWeightGrams),
    old_dimensions: input.oldDimensions ?? '',
    new_dimensions: input.newDimensions ?? '',
  };
  if (input.token !== undefined && input.token !== null) payload.token = input.token;
  return encodePush('weight', payload, options.encoding ?? 'form');
}

function encodePush(kind: ICarryPushKind, payload: Record<string, unknown>, encoding: PushEncoding): BuiltPush {
  if (encoding === 'json') return { kind, contentType: 'application/json', body: JSON.stringify(payload), payload };
  const fields = Object.entries(payload).map(([key, value]): [string, string] => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  return {
    kind,
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
    payload,
  };
}
