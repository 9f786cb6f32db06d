import { z } from 'zod';
import {
  changeOwnPassword,
  endOtherSessions,
  getAccount,
  MIN_PASSWORD_LENGTH,
} from '../../../platform/auth/account.service';
import { adminProcedure } from '../../trpc/init';

const signIn = z.object({ signedInAt: z.date(), client: z.string(), userAgent: z.string().nullable() });

/** The admin's own account: recent sign-ins (when, which network, which browser) and open sessions. */
export const accountProcedure = adminProcedure
  .input(z.void())
  .output(
    z.object({
      email: z.string(),
      name: z.string(),
      /** The one minimum (MIN_PASSWORD_LENGTH), for the page to say; ADMIN_PASSWORD obeys it too. */
      minPasswordLength: z.number().int(),
      recentSignIns: z.array(signIn),
      sessions: z.array(
        z.object({
          createdAt: z.date(),
          expiresAt: z.date(),
          client: z.string().nullable(),
          userAgent: z.string().nullable(),
          current: z.boolean(),
        }),
      ),
    }),
  )
  .query(({ ctx }) => getAccount(ctx.deps, ctx.admin, ctx.sessionToken));

export const changePasswordProcedure = adminProcedure
  .input(
    z.object({
      currentPassword: z.string().min(1, 'Enter your current password').max(200),
      newPassword: z
        .string()
        .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
        .max(200, 'Use at most 200 characters'),
    }),
  )
  .output(z.object({ endedSessions: z.number().int() }))
  .mutation(({ ctx, input }) => changeOwnPassword(ctx.deps, ctx.admin, { ...input, sessionToken: ctx.sessionToken }));

export const endOtherSessionsProcedure = adminProcedure
  .input(z.void())
  .output(z.object({ endedSessions: z.number().int() }))
  .mutation(({ ctx }) => endOtherSessions(ctx.deps, ctx.admin, ctx.sessionToken));
