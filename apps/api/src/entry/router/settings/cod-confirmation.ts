import { z } from 'zod';
import { currentCodPolicy, saveCodPolicy } from '../../../customer/cod-confirmation/cod-policy.service';
import {
  formatCodConfirmationPolicy,
  parseCodConfirmationPolicy,
} from '../../../platform/config/cod-confirmation-policy';
import type { AppDeps } from '../../../platform/core/deps';
import { readMemoryPolicy } from '../../../shipping/shipments/delivery-memory.service';
import { adminProcedure } from '../../trpc/init';

const policyOutput = z.object({
  /** `off`, `all` or `above:<rupees>`, as COD_CONFIRMATION is written, or the admin's `risky`. */
  policy: z.string(),
  kind: z.enum(['off', 'all', 'above', 'risky']),
  /** For `above`: the cash to collect (paise) an order must exceed to be asked. */
  abovePaise: z.number().int().nullable(),
  /** Whose choice is in force: the admin's saved one wins over COD_CONFIRMATION. */
  setBy: z.enum(['admin', 'env']),
  /** COD_CONFIRMATION_HOURS: how long a request waits before it expires. */
  hours: z.number().int(),
  /** For `risky`: the store's limit (percent of COD parcels returned) above which a place is risky. */
  riskPercent: z.number().int(),
});

async function read(deps: AppDeps) {
  const [{ policy, setBy, hours }, memory] = await Promise.all([currentCodPolicy(deps), readMemoryPolicy(deps)]);
  return {
    riskPercent: memory.rtoRiskPercent,
    policy: formatCodConfirmationPolicy(policy),
    kind: policy.kind,
    abovePaise: policy.kind === 'above' ? policy.paise : null,
    setBy,
    hours,
  };
}

/** Which COD orders the customer is asked to confirm before booking (Setup page). */
export const codConfirmationGetProcedure = adminProcedure
  .input(z.void())
  .output(policyOutput)
  .query(({ ctx }) => read(ctx.deps));

/** Saves the admin's choice (wins over COD_CONFIRMATION); applies to orders that come in from now on. */
export const codConfirmationUpdateProcedure = adminProcedure
  .input(
    z.object({
      policy: z
        .string()
        .trim()
        .max(30)
        .refine(
          (v) => parseCodConfirmationPolicy(v, { admin: true }) !== null,
          'Write off, all, risky or above:<rupees> (e.g. above:1500)',
        ),
    }),
  )
  .output(policyOutput)
  .mutation(async ({ ctx, input }) => {
    const policy = parseCodConfirmationPolicy(input.policy, { admin: true });
    if (policy) await saveCodPolicy(ctx.deps, policy);
    ctx.deps.logger.info({ policy: input.policy, adminId: ctx.admin.id }, '[COD] confirmation policy changed');
    return read(ctx.deps);
  });
