import { UNREADABLE_WEIGHT_RULE } from '@app/shipping';
import { z } from 'zod';
import { adminProcedure } from '../../trpc/init';
import { weightRuleView } from './products.schema';

/** What booking does with a weight it cannot read, for the Products page to say as Order Details does. */
export const weightRuleProcedure = adminProcedure
  .input(z.void())
  .output(weightRuleView)
  .query(() => ({ rule: UNREADABLE_WEIGHT_RULE }));
