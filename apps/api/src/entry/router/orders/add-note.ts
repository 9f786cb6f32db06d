import { z } from 'zod';
import { addNote } from '../../../shipping/orders/order-admin.service';
import { adminProcedure } from '../../trpc/init';
import { addNoteInput } from './orders.schema';

export const addNoteProcedure = adminProcedure
  .input(addNoteInput)
  .output(z.object({ id: z.string(), createdAt: z.date() }))
  .mutation(({ ctx, input }) => addNote(ctx.deps, { ...input, adminId: ctx.admin.id }));
