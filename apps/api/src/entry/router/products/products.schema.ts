import { parseWeightText, safeText } from '@app/shipping';
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
  /** Days it keeps (perishables): the bulk review warns when the slow tenth of parcels would take longer. */
  shelfLifeDays: z.number().int().nullable(),
  updatedAt: z.date(),
});

export const weightParseView = z.object({
  weightGrams: z.number().int().nullable(),
  weightError: z.string().nullable(),
});

export const weightTextInput = safeText().trim().max(60, 'At most 60 characters');

/**
 * A weight an admin saves on a product: empty clears it; anything else must be read by the one
 * weight parser, so "1 packet" is refused with the reason instead of stored as unreadable.
 */
export const savedWeightText = weightTextInput.nullable().superRefine((text, ctx) => {
  if (text === null || text === '') return;
  const parse = parseWeightText(text);
  if (parse.kind === 'ok') return;
  ctx.addIssue({
    code: 'custom',
    message: `“${text}” is not a weight we can read (${parse.reason}). Write it like 500g, 1.2 kg or 2 x 250g.`,
  });
});

/** The one rule for unreadable weights, in the words every page shows. */
export const weightRuleView = z.object({ rule: z.string() }).strict();
