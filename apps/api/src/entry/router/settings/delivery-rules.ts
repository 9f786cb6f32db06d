import { z } from 'zod';
import {
  readPromiseSchedule,
  savePromiseSchedule,
  promiseScheduleSchema,
} from '../../../customer/promise/promise.service';
import {
  memoryPolicySchema,
  readMemoryPolicy,
  saveMemoryPolicy,
} from '../../../shipping/shipments/delivery-memory.service';
import type { AppDeps } from '../../../platform/core/deps';
import { adminProcedure } from '../../trpc/init';

/**
 * The store's rules for learning and promising, on one card: the "best" courier allowance, the
 * risky-COD limit, the default courier policy, and the promise's pickup cut-off and holidays.
 */
const deliveryRules = z.object({
  ...memoryPolicySchema.shape,
  cutoffHour: promiseScheduleSchema.shape.cutoffHour,
  holidays: promiseScheduleSchema.shape.holidays,
});

const deliveryRulesOutput = z.object({
  bestWithinRupees: z.number().int(),
  bestWithinPercent: z.number().int(),
  rtoRiskPercent: z.number().int(),
  defaultCourierPolicy: z.enum(['cheapest', 'best']),
  cutoffHour: z.number().int(),
  holidays: z.array(z.string()),
});

async function read(deps: Pick<AppDeps, 'db'>) {
  const [policy, schedule] = await Promise.all([readMemoryPolicy(deps), readPromiseSchedule(deps)]);
  return { ...policy, cutoffHour: schedule.cutoffHour, holidays: [...schedule.holidays] };
}

export const deliveryRulesGetProcedure = adminProcedure
  .input(z.void())
  .output(deliveryRulesOutput)
  .query(({ ctx }) => read(ctx.deps));

/** Saves both settings; the promise API's per-instance cache picks the schedule up within a minute. */
export const deliveryRulesUpdateProcedure = adminProcedure
  .input(deliveryRules)
  .output(deliveryRulesOutput)
  .mutation(async ({ ctx, input }) => {
    const { cutoffHour, holidays, ...policy } = input;
    await ctx.deps.db.transaction().execute(async (tx) => {
      await saveMemoryPolicy({ db: tx }, policy);
      await savePromiseSchedule({ db: tx }, { cutoffHour, holidays });
    });
    ctx.deps.logger.info({ adminId: ctx.admin.id, ...policy, cutoffHour }, 'delivery rules changed');
    return read(ctx.deps);
  });
