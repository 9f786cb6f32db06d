import { z } from 'zod';
import { logout, SESSION_COOKIE } from '../../../platform/auth/auth.service';
import { publicProcedure } from '../../trpc/init';

export const logoutProcedure = publicProcedure
  .input(z.void())
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await logout(ctx.deps, ctx.sessionToken);
    ctx.cookies.clear(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
    });
    return { ok: true as const };
  });
