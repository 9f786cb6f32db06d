import { z } from 'zod';
import { login, SESSION_COOKIE } from '../../../platform/auth/auth.service';
import { publicProcedure } from '../../trpc/init';
import { adminOutput, loginInput } from './auth.schema';

export const loginProcedure = publicProcedure
  .input(loginInput)
  .output(z.object({ admin: adminOutput }))
  .mutation(async ({ ctx, input }) => {
    const session = await login(ctx.deps, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.cookies.set(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    });
    return { admin: session.admin };
  });
