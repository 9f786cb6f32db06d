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
  updatedAt: z.date(),
});

export const weightParseView = z.object({
  weightGrams: z.number().int().nullable(),
  weightError: z.string().nullable(),
});

/**
 * A product's weight text. One the parser cannot read is kept with its reason (the page shows it);
 * one beyond ORDER_LIMITS ("99999999999 kg", "1e308 kg") is a typo and refused.
 */
export const weightTextField = safeText().trim().max(60, 'At most 60 characters');

export const weightTextInput = weightTextField.superRefine((text, ctx) => {
  const parse = parseWeightText(text);
  if (parse.kind === 'unparsed' && parse.outOfBounds) ctx.addIssue({ code: 'custom', message: parse.reason });
});
