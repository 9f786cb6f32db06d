import { safeText } from '@app/shipping';
import { cancelShipment } from '../../../shipping/booking/cancel-shipment';
import { adminProcedure } from '../../trpc/init';
import { orderIdInput } from './orders.schema';
import { shipmentView } from '../../../shipping/shipments/shipment-view.schema';

export const cancelShipmentProcedure = adminProcedure
  .input(orderIdInput.extend({ reason: safeText('multiline').trim().max(500).optional() }))
  .output(shipmentView)
  .mutation(({ ctx, input }) => cancelShipment(ctx.deps, { ...input, adminId: ctx.admin.id }));
