import { findBookedShipment } from '@app/db';
import { describeNdr, NDR_CODES, safeText } from '@app/shipping';
import { z } from 'zod';
import type { Context } from '../../trpc/context';
import { AppError } from '../../../platform/core/errors';
import { adminProcedure, router } from '../../trpc/init';
import { orderIdInput } from '../orders/orders.schema';

async function sandboxShipment(ctx: Context, orderId: string) {
  if (!ctx.sandbox) throw new AppError('SANDBOX_ONLY');
  const shipment = await findBookedShipment(ctx.db, orderId);
  if (!shipment?.providerShipmentId) throw new AppError('SHIPMENT_NOT_FOUND');
  return { control: ctx.sandbox, providerShipmentId: shipment.providerShipmentId };
}

const ok = z.object({ ok: z.literal(true) });

/** Sandbox-only controls so the whole story can be shown in a minute: the sandbox then pushes real webhooks. */
export const sandboxRouter = router({
  advance: adminProcedure
    .input(orderIdInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const { control, providerShipmentId } = await sandboxShipment(ctx, input.orderId);
      await control.advance(providerShipmentId);
      return { ok: true as const };
    }),
  setStatus: adminProcedure
    .input(orderIdInput.extend({ statusCode: z.number().int().min(0).max(999) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const { control, providerShipmentId } = await sandboxShipment(ctx, input.orderId);
      await control.setStatus(providerShipmentId, input.statusCode);
      return { ok: true as const };
    }),
  raiseNdr: adminProcedure
    .input(orderIdInput.extend({ type: safeText().trim().min(2).max(60) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const { control, providerShipmentId } = await sandboxShipment(ctx, input.orderId);
      await control.raiseNdr(providerShipmentId, input.type);
      return { ok: true as const };
    }),
  reportWeight: adminProcedure
    .input(orderIdInput.extend({ newWeightGrams: z.number().int().min(1).max(100_000) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const { control, providerShipmentId } = await sandboxShipment(ctx, input.orderId);
      await control.reportWeight(providerShipmentId, input.newWeightGrams);
      return { ok: true as const };
    }),
  ndrCodes: adminProcedure
    .input(z.void())
    .output(z.array(z.object({ code: z.string(), text: z.string() })))
    .query(() => Object.keys(NDR_CODES).map((code) => ({ code, text: describeNdr(code).adminText }))),
});
