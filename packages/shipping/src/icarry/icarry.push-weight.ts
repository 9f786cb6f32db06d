// Weight-discrepancy pushes (`callback_type=new_weight_discrepancy`, form-encoded, with token):
// the courier's weight and dimensions read into an ICarryWeightPush, and the same event as stored.
import { z } from 'zod';
import type { ICarryWeightPush } from './icarry.push-events';
import { compact, field, optionalId, optionalText, storedId } from './icarry.push-fields';
import type { Read } from './icarry.push-fields';

const MAX_DIMENSIONS_CHARS = 60;
const MAX_GRAMS = 1_000_000;

function readGrams(value: unknown): Read<number | undefined> {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
    return { ok: true, value: undefined };
  let grams: number;
  if (typeof value === 'number') grams = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) grams = Number(value.trim());
  else return { ok: false, message: 'must be a number of grams' };
  if (!Number.isFinite(grams) || grams < 0 || grams > MAX_GRAMS)
    return { ok: false, message: `must be between 0 and ${MAX_GRAMS} grams` };
  return { ok: true, value: Math.round(grams) };
}

const optionalGrams = field(readGrams);
const requiredGrams = field((value): Read<number> => {
  const read = readGrams(value);
  if (!read.ok) return read;
  if (read.value === undefined) return { ok: false, message: 'is required' };
  if (read.value <= 0) return { ok: false, message: 'must be more than 0 grams' };
  return { ok: true, value: read.value };
});

export const weightPushSchema = z
  .object({
    shipment_id: optionalId,
    awb: optionalId,
    status: optionalId,
    old_weight: optionalGrams,
    new_weight: requiredGrams,
    old_dimensions: optionalText(MAX_DIMENSIONS_CHARS),
    new_dimensions: optionalText(MAX_DIMENSIONS_CHARS),
  })
  .refine((p) => p.shipment_id !== undefined || p.awb !== undefined, {
    message: 'a weight push needs shipment_id or awb',
    path: ['shipment_id'],
  })
  .transform((p): ICarryWeightPush =>
    compact({
      kind: 'weight',
      shipmentId: p.shipment_id,
      awb: p.awb,
      statusCode: p.status,
      oldWeightGrams: p.old_weight,
      newWeightGrams: p.new_weight,
      oldDimensions: p.old_dimensions,
      newDimensions: p.new_dimensions,
    }),
  );

export const storedWeightEventSchema = z.object({
  kind: z.literal('weight'),
  shipmentId: storedId,
  awb: storedId,
  statusCode: storedId,
  oldWeightGrams: z.number().int().nonnegative().optional(),
  newWeightGrams: z.number().int().positive(),
  oldDimensions: z.string().max(MAX_DIMENSIONS_CHARS).optional(),
  newDimensions: z.string().max(MAX_DIMENSIONS_CHARS).optional(),
});
