import { NDR_BUYER_ACTIONS, ORDER_STATUSES, SHIPMENT_STATUSES } from '@app/shipping';
import { LANGUAGES } from '@app/shipping/i18n';
import { z } from 'zod';
import { trackingOrderNumber } from '../access/access.schema';

export const trackingGetInput = z.object({
  orderId: trackingOrderNumber,
  token: z.string().trim().min(8).max(64).optional(),
  phoneLast4: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'Enter the last four digits of your phone number')
    .optional(),
  /** The language to write the page in (its English/Hindi switch); absent: the customer's own. */
  lang: z.enum(LANGUAGES).optional(),
});

/** The whole public surface of an order: nothing else can leak because nothing else passes this schema. */
export const trackingGetOutput = z.discriminatedUnion('state', [
  z.object({ state: z.literal('locked') }).strict(),
  z
    .object({
      state: z.literal('ok'),
      /** Set when the caller proved it with the phone digits (or such a token): refresh with it as `token`. */
      accessToken: z.string().nullable(),
      /** The language the sentences are in: the one asked for, else the customer's own. */
      language: z.enum(LANGUAGES),
      orderNumber: z.string(),
      status: z.enum(ORDER_STATUSES),
      statusLabel: z.string(),
      /** The top of the page, server-decided: the customer's own NDR answer first, then a failed attempt, then the status. */
      headline: z.object({ title: z.string(), text: z.string() }).strict(),
      placedAt: z.date(),
      lastUpdatedAt: z.date(),
      steps: z.array(
        z.object({ key: z.string(), label: z.string(), reached: z.boolean(), at: z.date().nullable() }).strict(),
      ),
      exception: z
        .object({ text: z.string(), kind: z.enum(['failed_attempt', 'problem']) })
        .strict()
        .nullable(),
      shipment: z
        .object({
          awb: z.string().nullable(),
          courierName: z.string().nullable(),
          trackingUrl: z.string().nullable(),
          status: z.enum(SHIPMENT_STATUSES).nullable(),
          statusLabel: z.string(),
          /** "Arriving by" (yyyy-mm-dd): the day promised at booking, while the parcel is on its way. */
          arrivingBy: z.string().nullable(),
        })
        .strict()
        .nullable(),
      history: z.array(
        z
          .object({
            id: z.string(),
            at: z.date(),
            text: z.string(),
            location: z.string().nullable(),
            kind: z.enum(['milestone', 'scan', 'failed_attempt']),
          })
          .strict(),
      ),
      recipient: z
        .object({ name: z.string(), city: z.string(), state: z.string(), pincode: z.string(), phone: z.string() })
        .strict(),
      /** The latest failed delivery while it matters: what happened, and what the customer may answer (server-decided). */
      ndr: z
        .object({
          state: z.enum(['open', 'answered']),
          reason: z.string(),
          recordedAt: z.date(),
          respondBy: z.date(),
          answer: z
            .object({
              action: z.enum(NDR_BUYER_ACTIONS),
              summary: z.string(),
              at: z.date(),
              /** What happens to the answer now (the store passes it on; nothing reaches the courier by itself). */
              nextStep: z.string(),
            })
            .strict()
            .nullable(),
          /** Present while open: the answers that fit the reason; `reattempt` is the date window (yyyy-mm-dd). */
          choices: z
            .object({
              reattempt: z.object({ earliest: z.string(), latest: z.string() }).strict().nullable(),
              updateAddress: z.boolean(),
              alternatePhone: z.boolean(),
              cancel: z.boolean(),
            })
            .strict()
            .nullable(),
        })
        .strict()
        .nullable(),
    })
    .strict(),
]);
