import { safeText } from '@app/shipping';
import { z } from 'zod';
import { createApiKey } from '../../../intake/rest-api/api-key.service';
import { adminProcedure } from '../../trpc/init';

/** The key is in this answer only; the database keeps its SHA-256. */
export const createApiKeyProcedure = adminProcedure
  .input(z.object({ name: safeText().trim().min(1, 'Give the key a name').max(100) }))
  .output(z.object({ id: z.string(), name: z.string(), key: z.string(), prefix: z.string() }))
  .mutation(({ ctx, input }) => createApiKey(ctx.deps, { name: input.name, adminId: ctx.admin.id }));
