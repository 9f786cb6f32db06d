import { getBatchView, listBatches } from '../../../shipping/bulk/batch.view';
import { adminProcedure } from '../../trpc/init';
import { batchesInput, batchesOutput, batchIdInput, batchOutput } from './ship-many.schema';

/** A bulk shipment's progress and per-order results (poll it; it survives a closed tab and a restart). */
export const batchProcedure = adminProcedure
  .input(batchIdInput)
  .output(batchOutput)
  .query(({ ctx, input }) => getBatchView(ctx.deps, input.batchId));

/** Recent bulk shipments, newest first: how a reopened tab finds the one still running. */
export const batchesProcedure = adminProcedure
  .input(batchesInput)
  .output(batchesOutput)
  .query(({ ctx, input }) => listBatches(ctx.deps, { limit: input?.limit ?? 10 }));
