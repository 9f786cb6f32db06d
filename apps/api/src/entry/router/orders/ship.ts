import { shipOrder } from '../../../shipping/booking/ship-order';
import { adminProcedure } from '../../trpc/init';
import { shipInput } from './orders.schema';
import { shipmentView } from '../../../shipping/shipments/shipment-view.schema';

/** "Ship with iCarry": books once, whatever the clicks (see shipOrder); an unconfirmed COD order needs `confirmOverride`. */
export const shipProcedure = adminProcedure
  .input(shipInput)
  .output(shipmentView)
  .mutation(({ ctx, input }) => shipOrder(ctx.deps, { ...input, adminId: ctx.admin.id }));
