import type { NextFunction, Request, Response } from 'express';
import { parseCookie } from 'cookie';
import { findSessionAdmin, SESSION_COOKIE, type SessionAdmin } from '../../platform/auth/auth.service';
import type { AppDeps } from '../../platform/core/deps';
import { isSameOrigin } from './same-origin';

/** The signed-in admin of a plain Express route (set by requireAdminSession). */
export function sessionAdminOf(res: Response): SessionAdmin {
  const admin = (res.locals as { admin?: SessionAdmin }).admin;
  if (!admin) throw new Error('requireAdminSession did not run for this route');
  return admin;
}

/**
 * For plain Express routes the admin panel calls (PDFs, uploads): the same session cookie as
 * tRPC, and for anything but GET/HEAD the same-origin rule, since a cookie rides along with
 * cross-site requests too. 401/403 as JSON, with the reason.
 */
export function requireAdminSession(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        if (!isSameOrigin(req, deps.config.publicUrl)) {
          res
            .status(403)
            .json({ error: { code: 'CROSS_SITE_REQUEST', message: 'Cross-site requests are not allowed.' } });
          return;
        }
      }
      const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
      const admin = token ? await findSessionAdmin(deps, token) : null;
      if (!admin) {
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Please sign in again.' } });
        return;
      }
      res.locals.admin = admin;
      next();
    } catch (err) {
      next(err);
    }
  };
}
