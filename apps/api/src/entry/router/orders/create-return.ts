import { safeText } from '@app/shipping';
import { z } from 'zod';
import { createReturn } from '../../../shipping/returns/create-return';
import { adminProcedure } from '../../trpc/init';
import { orderIdInput } from './orders.schema';
import { shipmentView } from '../../../shipping/shipments/shipment-view.schema';

/** Books a return pickup for a Delivered order (iCarry reverse shipment); the order stays Delivered. */
export const createReturnProcedure = adminProcedure
  .input(
    orderIdInput.extend({
<<<<<<< HEAD
      reason: safeText('multiline').trim().min(3, 'Say why it comes back (at least 3 characters)').max(255),
=======
      /** Optional at the API (DESIGN's `createReturn({ orderId })`); the admin page asks for it. */
      reason: z.string().trim().max(255).optional(),
>>>>>>> main
      refundNote: z.string().trim().max(1000).optional(),
    }),
  )
  .output(shipmentView)
  .mutation(({ ctx, input }) =>
    createReturn(ctx.deps, {
      orderId: input.orderId,
      reason: input.reason || undefined,
      refundNote: input.refundNote || undefined,
      adminId: ctx.admin.id,
    }),
  );
