import { z } from 'zod';

export const productView = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  weightText: z.string().nullable(),
  weightGrams: z.number().int().nullable(),
  /** Why the weight does not parse; such orders fall back to 0.5 kg. */
  weightError: z.string().nullable(),
  pricePaise: z.number().int(),
  updatedAt: z.date(),
});

export const weightParseView = z.object({
  weightGrams: z.number().int().nullable(),
  weightError: z.string().nullable(),
});

export const weightTextInput = z.string().trim().max(60, 'At most 60 characters');
