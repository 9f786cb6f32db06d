import { safeText } from '@app/shipping';
import { createReturn } from '../../../shipping/returns/create-return';
import { adminProcedure } from '../../trpc/init';
import { orderIdInput } from './orders.schema';
import { shipmentView } from '../../../shipping/shipments/shipment-view.schema';

/** Books a return pickup for a Delivered order (iCarry reverse shipment); the order stays Delivered. */
export const createReturnProcedure = adminProcedure
  .input(
    orderIdInput.extend({
      /**
       * Optional at the API (DESIGN's `createReturn({ orderId })`); when given (the admin page always
       * sends its field), it must say something.
       */
      reason: safeText('multiline').trim().min(3, 'Say why it comes back (at least 3 characters)').max(255).optional(),
      refundNote: safeText('multiline').trim().max(1000).optional(),
    }),
  )
  .output(shipmentView)
  .mutation(({ ctx, input }) =>
    createReturn(ctx.deps, {
      orderId: input.orderId,
      reason: input.reason,
      refundNote: input.refundNote || undefined,
      adminId: ctx.admin.id,
    }),
  );
