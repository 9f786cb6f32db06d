import { z } from 'zod';
import { login, SESSION_COOKIE } from '../../../platform/auth/auth.service';
import { publicProcedure } from '../../trpc/init';
import { adminOutput, loginInput } from './auth.schema';

export const loginProcedure = publicProcedure
  .input(loginInput)
  .output(z.object({ admin: adminOutput }))
  .mutation(async ({ ctx, input }) => {
    const session = await login(ctx.deps, {
      ...input,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      cookies: ctx.requestCookies,
    });
    ctx.cookies.set(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    });
    // This browser is now known to the account: its sign-ins skip the limits guessers run into (auth.service).
    ctx.cookies.set(session.device.name, session.device.value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
      expires: session.device.expiresAt,
    });
    return { admin: session.admin };
  });
