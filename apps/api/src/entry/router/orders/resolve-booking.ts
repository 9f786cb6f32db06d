import { resolveBooking } from '../../../shipping/booking/resolve-booking';
import { adminProcedure } from '../../trpc/init';
import { resolveBookingInput } from './orders.schema';
import { shipmentView } from '../../../shipping/shipments/shipment-view.schema';

export const resolveBookingProcedure = adminProcedure
  .input(resolveBookingInput)
  .output(shipmentView)
  .mutation(({ ctx, input }) => resolveBooking(ctx.deps, { ...input, adminId: ctx.admin.id }));
