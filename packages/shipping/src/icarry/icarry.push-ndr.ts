// NDR pushes (`callback_type=ndr_status`, JSON without token; `ndr_data` may be a JSON string or
// PHP-style fields): iCarry's entries read into an ICarryNdrPush, and the same event as stored.
import { z } from 'zod';
import { parseICarryDay } from './icarry.dates';
import type { ICarryNdrEntry, ICarryNdrPush } from './icarry.push-events';
import { compact, field, isRecord, optionalId, optionalText, safeJson, storedId } from './icarry.push-fields';
import type { Read } from './icarry.push-fields';

const MAX_NDR_ENTRIES = 500;
const MAX_NDR_CODE_CHARS = 60;
const MAX_DATE_CHARS = 40;

/** `ndr_data`: a list, a JSON string of one (form bodies), or PHP-style `ndr_data[0][...]` fields. */
const ndrList = field((value): Read<unknown[]> => {
  let list: unknown = value;
  if (typeof list === 'string') list = safeJson(list);
  if (isRecord(list) && Object.keys(list).every((key) => /^\d{1,4}$/.test(key))) list = Object.values(list);
  if (!Array.isArray(list)) return { ok: false, message: 'must be a list of NDR entries' };
  if (list.length === 0) return { ok: false, message: 'must hold at least one entry' };
  if (list.length > MAX_NDR_ENTRIES) return { ok: false, message: `must hold at most ${MAX_NDR_ENTRIES} entries` };
  return { ok: true, value: list as unknown[] };
});

const reasonCode = field((value): Read<string> => {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, message: 'is required (an NDR code)' };
  const text = value.trim();
  if (text.length > MAX_NDR_CODE_CHARS)
    return { ok: false, message: `must be at most ${MAX_NDR_CODE_CHARS} characters` };
  return { ok: true, value: text };
});

const ndrEntrySchema = z
  .object({
    shipment_id: optionalId,
    awb: optionalId,
    type: reasonCode,
    date_added: optionalText(MAX_DATE_CHARS),
  })
  .refine((e) => e.shipment_id !== undefined || e.awb !== undefined, {
    message: 'each ndr_data entry needs shipment_id or awb',
    path: ['shipment_id'],
  })
  .transform((e): ICarryNdrEntry =>
    compact({
      shipmentId: e.shipment_id,
      awb: e.awb,
      reasonCode: e.type,
      reportedOn: parseICarryDay(e.date_added),
      reportedOnText: e.date_added ?? null,
    }),
  );

export const ndrPushSchema = z
  .object({ ndr_data: ndrList.pipe(z.array(ndrEntrySchema)) })
  .transform((p): ICarryNdrPush => ({ kind: 'ndr', entries: p.ndr_data }));

export const storedNdrEventSchema = z.object({
  kind: z.literal('ndr'),
  entries: z
    .array(
      z.object({
        shipmentId: storedId,
        awb: storedId,
        reasonCode: z.string().min(1).max(MAX_NDR_CODE_CHARS),
        reportedOn: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .nullable(),
        reportedOnText: z.string().max(MAX_DATE_CHARS).nullable(),
      }),
    )
    .min(1)
    .max(MAX_NDR_ENTRIES),
});
