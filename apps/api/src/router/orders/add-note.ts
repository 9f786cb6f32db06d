import { z } from 'zod';
import { addNote } from '../../services/order.service';
import { adminProcedure } from '../../trpc/init';
import { addNoteInput } from './orders.schema';

export const addNoteProcedure = adminProcedure
  .input(addNoteInput)
  .output(z.object({ id: z.string(), created_at: z.date() }))
  .mutation(({ ctx, input }) => addNote(ctx.deps, { ...input, adminId: ctx.admin.id }));
