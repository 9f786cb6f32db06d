import { z } from 'zod';

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiKeyIdInput = z.object({ id: z.string().regex(/^\d{1,18}$/, 'id is the numeric key id') });
