import { z } from 'zod';
import { currentCodPolicy, saveCodPolicy } from '../../../customer/cod-confirmation/cod-policy.service';
import {
  formatCodConfirmationPolicy,
  parseCodConfirmationPolicy,
} from '../../../platform/config/cod-confirmation-policy';
import { adminProcedure } from '../../trpc/init';

const policyOutput = z.object({
  /** `off`, `all` or `above:<rupees>`, as COD_CONFIRMATION is written. */
  policy: z.string(),
  kind: z.enum(['off', 'all', 'above']),
  /** For `above`: the cash to collect (paise) an order must exceed to be asked. */
  abovePaise: z.number().int().nullable(),
  /** Whose choice is in force: the admin's saved one wins over COD_CONFIRMATION. */
  setBy: z.enum(['admin', 'env']),
  /** COD_CONFIRMATION_HOURS: how long a request waits before it expires. */
  hours: z.number().int(),
});

async function read(deps: Parameters<typeof currentCodPolicy>[0]) {
  const { policy, setBy, hours } = await currentCodPolicy(deps);
  return {
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
        .refine((v) => parseCodConfirmationPolicy(v) !== null, 'Write off, all or above:<rupees> (e.g. above:1500)'),
    }),
  )
  .output(policyOutput)
  .mutation(async ({ ctx, input }) => {
    const policy = parseCodConfirmationPolicy(input.policy);
    if (policy) await saveCodPolicy(ctx.deps, policy);
    ctx.deps.logger.info({ policy: input.policy, adminId: ctx.admin.id }, '[COD] confirmation policy changed');
    return read(ctx.deps);
  });
