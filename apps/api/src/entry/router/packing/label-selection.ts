import { z } from 'zod';
import { labelSelection } from '../../../shipping/packing/label-selection';
import { adminProcedure } from '../../trpc/init';
import { orderSelectionInput } from '../orders/ship-many.schema';

/** Before "Print labels" on a list selection: the orders with a label, and the skipped ones with why. */
export const labelSelectionProcedure = adminProcedure
  .input(orderSelectionInput)
  .output(
    z.object({
      /** Orders in the selection. */
      count: z.number().int(),
      /** In the list's order; GET /api/labels.pdf takes at most `maxPerPdf` of them per request. */
      printableOrderIds: z.array(z.string()),
      skipped: z.array(z.object({ orderId: z.string(), orderNumber: z.string(), reason: z.string() })),
      /** Printable orders whose label was printed before. */
      alreadyPrinted: z.number().int(),
      maxPerPdf: z.number().int(),
    }),
  )
  .query(({ ctx, input }) => labelSelection(ctx.deps, input));
