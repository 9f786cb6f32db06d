import type { Request, RequestHandler, Response } from 'express';
import { trackingGetInput } from '../../customer/tracking/tracking.schema';
import { ifNoneMatchHits, trackingEtag } from '../../customer/tracking/tracking-version';
import type { AppDeps } from '../../platform/core/deps';

/** Where the ETag for tRPC's answer waits (read by the context, sent by `responseMeta`). */
export const TRACKING_ETAG_LOCAL = 'trackingEtag';

/** Customers' data, behind a token in the URL: only the browser may keep it, and must ask again each time. */
export const PRIVATE_REVALIDATE = 'private, no-cache';

function inputOf(req: Request) {
  const raw = req.query.input;
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  try {
    const parsed = trackingGetInput.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The 304: the validator, the caching rule, no body. */
export function sendNotModified(res: Response, etag: string): void {
  res.status(304);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', PRIVATE_REVALIDATE);
  res.end();
}

/**
 * GET /trpc/tracking.get (one call, not a batch), in front of tRPC: the lean path. With the link's
 * token it reads the order's version (one statement) and answers 304 when the browser's copy is
 * current, without building the view or entering tRPC; otherwise it leaves the ETag for tRPC's
 * 200 and passes on. Anything else (no token, phone digits, a wrong token, a bad input) passes on
 * untouched, so tRPC answers, counts and refuses exactly as before.
 */
export function trackingGetConditional(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    if (req.query.batch !== undefined) return next();
    const input = inputOf(req);
    if (!input?.token || input.phoneLast4 !== undefined) return next();
    const etag = await trackingEtag(deps, { orderId: input.orderId, token: input.token, language: input.lang ?? null });
    if (etag === null) return next();
    if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return sendNotModified(res, etag);
    res.locals[TRACKING_ETAG_LOCAL] = etag;
    next();
  };
}
