import type { Request, RequestHandler, Response } from 'express';
import { findTextRuleBreach } from '@app/shipping';
import { trackingGetInput, trackingGetOutput } from '../../customer/tracking/tracking.schema';
import { getTrackingByLink } from '../../customer/tracking/tracking.service';
import { ifNoneMatchHits, trackingEtag } from '../../customer/tracking/tracking-version';
import type { AppDeps } from '../../platform/core/deps';

/** Customers' data, behind a token in the URL: only the browser may keep it, and must ask again each time. */
export const PRIVATE_REVALIDATE = 'private, no-cache';

/** tracking.get's input as tRPC would take it, or undefined for anything tRPC itself should answer (and refuse). */
function inputOf(req: Request) {
  const raw = req.query.input;
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    // The text rule tRPC applies before the schema (TEXT_NOT_ACCEPTED): left to tRPC to answer.
    if (findTextRuleBreach(value)) return undefined;
    const parsed = trackingGetInput.safeParse(value);
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
 * GET /trpc/tracking.get (one call, not a batch) with the order's link token: answered here, in
 * front of tRPC, with tRPC's own JSON (`{"result":{"data":...}}`, the same output schema) from one
 * statement, and a 304 when the browser's copy is current. tRPC's fetch adapter (a Request, a
 * stream and an AbortController per call) cost more CPU than the lookup. Anything else (no token,
 * phone digits, an access token, a wrong token, a bad input, a failure here) passes on untouched,
 * so tRPC answers, counts and refuses exactly as before.
 */
export function trackingGetLean(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    if (req.query.batch !== undefined) return next();
    const input = inputOf(req);
    if (!input?.token || input.phoneLast4 !== undefined) return next();
    let json: string;
    try {
      const view = await getTrackingByLink(
        deps,
        { orderId: input.orderId, token: input.token },
        { language: input.lang ?? null },
      );
      if (view === null) return next();
      json = JSON.stringify(trackingGetOutput.parse(view));
    } catch {
      // tRPC runs the same lookup again, and answers (and logs) a failure in its own shape.
      return next();
    }
    const etag = trackingEtag(json);
    if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return sendNotModified(res, etag);
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', PRIVATE_REVALIDATE);
    res.end(`{"result":{"data":${json}}}`);
  };
}
