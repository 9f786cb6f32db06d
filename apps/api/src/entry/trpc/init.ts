import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { APP_ERROR_CODES, AppError, type AppErrorCode } from '../../platform/core/errors';
import { findTextRuleBreach } from '@app/shipping';
import type { Context } from './context';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const appError = error.cause instanceof AppError ? error.cause : null;
    const zodError = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : null;
    // Unknown failures reach the client as a generic message; the log has them in full.
    const message = appError
      ? appError.userMessage
      : zodError
        ? 'Some fields are not valid.'
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Something went wrong on our side.'
          : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        appCode: appError?.code ?? null,
        appDetails: appError?.details ?? null,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null,
      },
    };
  },
});

/** Errors already logged by the middleware below, so the HTTP adapter's onError does not log them again. */
const logged = new WeakSet<object>();

/** Whether this error (or its cause) was logged on its way out of a procedure. */
export function wasLogged(error: unknown): boolean {
  return typeof error === 'object' && error !== null && logged.has(error);
}

/** Turns an AppError thrown by a service into the one tRPC error it maps to, and logs each failure once. */
const appErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      ctx.logger.warn(
        { path, type, code: cause.code, details: cause.details, err: cause.cause },
        `${path}: ${cause.message}`,
      );
      // TRPCError's `code` is typed with tRPC's codes: an AppErrorKind it does not know fails the type check here.
      const mapped = new TRPCError({ code: APP_ERROR_CODES[cause.code].trpc, message: cause.userMessage, cause });
      return { ...result, error: mapped };
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      const err = result.error.cause ?? result.error;
      ctx.logger.error({ path, type, err }, `${path}: unexpected error`);
      logged.add(err);
    }
  }
  return result;
});

/**
 * The text rule under every input (issue 22): no string anywhere may carry a NUL or an unpaired
 * surrogate (PostgreSQL cannot store them: a 500), other control characters or bidirectional
 * controls. Refused with the field named; each procedure's schema then applies the one-line rule
 * to its one-line fields.
 */
const textRuleOnInput = t.middleware(async ({ getRawInput, next }) => {
  const breach = findTextRuleBreach(await getRawInput());
  if (breach) {
    throw new AppError('TEXT_NOT_ACCEPTED', {
      userMessage: `${breach.path === '' ? 'The input' : breach.path} ${breach.message}.`,
      details: { field: breach.path },
    });
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(appErrors).use(textRuleOnInput);

/** Admin-only: rejects anonymous calls and narrows `ctx.admin` so handlers never need `!`. */
export const adminProcedure = t.procedure
  .use(appErrors)
  .use(({ ctx, next }) => {
    if (!ctx.admin) throw new AppError('UNAUTHENTICATED');
    return next({ ctx: { ...ctx, admin: ctx.admin } });
  })
  .use(textRuleOnInput);

export function appErrorCodeOf(error: unknown): AppErrorCode | null {
  if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
  if (error instanceof AppError) return error.code;
  return null;
}
