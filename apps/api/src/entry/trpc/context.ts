import type { Request, Response } from 'express';
import type { AppDeps } from '../../platform/core/deps';
import { findSessionAdmin, SESSION_COOKIE, type SessionAdmin } from '../../platform/auth/auth.service';
import { rateLimitKey } from '../../platform/security/client-address';
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';

/** How procedures set and clear cookies without knowing about Express (tests pass a recorder). */
export interface CookieJar {
  set(name: string, value: string, options: SerializeOptions): void;
  clear(name: string, options: SerializeOptions): void;
}

export interface InnerContextInput {
  deps: AppDeps;
  admin?: SessionAdmin | null;
  sessionToken?: string | null;
  /** The client's rate-limit key: its IPv4 address, or its IPv6 /64 (see rateLimitKey). */
  ip?: string;
  userAgent?: string | null;
  cookies?: CookieJar;
  /** The cookies the request carried (sign-in reads its device cookie from them). */
  requestCookies?: Readonly<Record<string, string | undefined>>;
}

/** Request-free context: what tests pass to `createCaller`. */
export function createContextInner(input: InnerContextInput) {
  return {
    ...input.deps,
    deps: input.deps,
    admin: input.admin ?? null,
    sessionToken: input.sessionToken ?? null,
    ip: input.ip ?? '127.0.0.1',
    userAgent: input.userAgent ?? null,
    cookies: input.cookies ?? { set: () => undefined, clear: () => undefined },
    requestCookies: input.requestCookies ?? {},
  };
}

export type Context = ReturnType<typeof createContextInner>;

export function expressCookieJar(res: Response): CookieJar {
  return {
    set: (name, value, options) => res.append('Set-Cookie', stringifySetCookie({ ...options, name, value })),
    clear: (name, options) =>
      res.append('Set-Cookie', stringifySetCookie({ ...options, name, value: '', maxAge: 0, expires: new Date(0) })),
  };
}

export function createContextFactory(deps: AppDeps) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    const requestCookies = parseCookie(req.headers.cookie ?? '');
    const token = requestCookies[SESSION_COOKIE] ?? null;
    const admin = token ? await findSessionAdmin(deps, token) : null;
    return createContextInner({
      deps,
      admin,
      sessionToken: token,
      ip: rateLimitKey(req.ip),
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 200) : null,
      cookies: expressCookieJar(res),
      requestCookies,
    });
  };
}
