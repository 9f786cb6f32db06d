import { z } from 'zod';
import { previewWeight } from '../../../intake/products/products.service';
import { adminProcedure } from '../../trpc/init';
import { weightParseView, weightTextInput } from './products.schema';

/** What the one weight parser reads from a text, so the page shows it live without its own parser. */
export const previewWeightProcedure = adminProcedure
  .input(z.object({ weightText: weightTextInput }))
  .output(weightParseView)
  .query(({ input }) => previewWeight(input.weightText));
