import { EVENT_TYPES } from '@app/db';
import { z } from 'zod';

const rowId = (what: string) => z.string().regex(/^[1-9]\d{0,17}$/, `${what} is a numeric id`);

export const endpointIdInput = z.object({ id: rowId('id') });
export const deliveriesInput = z.object({
  endpointId: rowId('endpointId'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const replayInput = z.object({ deliveryId: rowId('deliveryId') });
export const replayFailedInput = z.object({ endpointId: rowId('endpointId') });

export const createEndpointInput = z.object({
  url: z
    .string()
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL'),
  events: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).optional(),
});

export const endpointView = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.enum(EVENT_TYPES)).nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  createdAt: z.date(),
});

export const deliveryView = z.object({
  id: z.string(),
  eventType: z.enum(EVENT_TYPES),
  msgId: z.string(),
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
  canReplay: z.boolean(),
  attemptLog: z.array(
    z.object({
      attemptedAt: z.date(),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
      durationMs: z.number(),
    }),
  ),
});
