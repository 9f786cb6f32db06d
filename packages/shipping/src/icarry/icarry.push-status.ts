// Status pushes (`callback_type=sync_status`, form-encoded, with token): iCarry's fields read into
// an ICarryStatusPush, and the same event as stored.
import { z } from 'zod';
import type { ICarryStatusPush } from './icarry.push-events';
import { compact, field, optionalId, scalarText, storedId } from './icarry.push-fields';
import type { Read } from './icarry.push-fields';

/** A status code is iCarry's number (§4); "[]", "null" or text is malformed input, not an unknown code. */
const STATUS_CODE = /^\d{1,10}$/;

const statusCode = field((value): Read<string> => {
  const text = scalarText(value);
  if (text === '') return { ok: false, message: 'is required' };
  if (text === null || !STATUS_CODE.test(text)) return { ok: false, message: "must be iCarry's numeric status code" };
  return { ok: true, value: String(Number(text)) };
});

export const statusPushSchema = z
  .object({
    status: statusCode,
    awb: optionalId,
    shipment_id: optionalId,
    client_order_id: optionalId,
  })
  .refine((p) => p.awb !== undefined || p.shipment_id !== undefined || p.client_order_id !== undefined, {
    message: 'a status push needs shipment_id, awb or client_order_id',
    path: ['shipment_id'],
  })
  .transform((p): ICarryStatusPush =>
    compact({
      kind: 'status',
      statusCode: p.status,
      shipmentId: p.shipment_id,
      awb: p.awb,
      clientOrderId: p.client_order_id,
    }),
  );

export const storedStatusEventSchema = z.object({
  kind: z.literal('status'),
  statusCode: z.string().regex(STATUS_CODE),
  shipmentId: storedId,
  awb: storedId,
  clientOrderId: storedId,
});
