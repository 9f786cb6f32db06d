import express, { type Express, type Request, type Response, type Router } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../platform/core/logger';
import type { AppDeps } from '../../platform/core/deps';
import { parseICarryWebhookBody, pushToken, redactPushToken } from '@app/shipping';
import { ingestPush } from '../../shipping/inbox/ingest-push';
import { safeEqual } from '../../platform/security/tokens';
import { writeJson } from './write-json';

/** The largest push body read, in bytes (Express's body parser and the lean path alike). */
const MAX_BODY_BYTES = 256 * 1024;
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-forwarded-for', 'x-request-id'];

/** Where the iCarry router is mounted (app.ts), and the two routes iCarry posts to under it. */
export const ICARRY_WEBHOOK_BASE = '/api/webhooks';
const PUSH_ROUTES = ['shipping-updates', 'ndr-updates'] as const;

/** The paths iCarry posts to (app.ts answers them without the browser security headers). */
export const ICARRY_PUSH_PATHS: ReadonlySet<string> = new Set(
  PUSH_ROUTES.map((route) => `${ICARRY_WEBHOOK_BASE}/${route}`),
);

function authenticate(deps: AppDeps, req: Request, token: string | null): boolean {
  const query = req.query;
  const secret = typeof query.secret === 'string' ? query.secret : null;
  if (secret && safeEqual(secret, deps.secrets.webhookSecret)) return true;
  const key = deps.secrets.icarryApiKey;
  return Boolean(token && key && safeEqual(token, key));
}

/**
 * POST /api/webhooks/shipping-updates and /ndr-updates: authenticate (401, nothing kept), store raw
 * with one INSERT, answer; the inbox applier applies it off the request (outcome `pending`; a repeat
 * of a stored push is `duplicate`). An authenticated push that cannot be read is kept as rejected
 * with its reason and answered 200 (ok false); one that cannot be applied is marked so on its row
 * by the applier. Only a database that refuses the insert is a 5xx.
 */
export function webhookRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: MAX_BODY_BYTES, defaultCharset: 'utf-8' }));

  const logs = routeLoggers(deps);
  for (const route of PUSH_ROUTES) {
    const log = logs.get(`${ICARRY_WEBHOOK_BASE}/${route}`) ?? deps.logger;
    router.post(`/${route}`, (req: Request, res: Response) => handlePush(deps, log, req, res));
  }
  router.all('/{*rest}', (req, res) => {
    res.status(404).json({
      ok: false,
      error: `no webhook at ${req.method} ${req.baseUrl}${req.path}; use POST /api/webhooks/shipping-updates or /api/webhooks/ndr-updates`,
    });
  });
  return router;
}

async function handlePush(deps: AppDeps, log: Logger, req: Request, res: Response): Promise<void> {
  const started = Date.now();
  const raw = typeof req.body === 'string' ? req.body : '';
  const contentType = req.headers['content-type'] ?? null;
  // The body is read once: its token authenticates the push and is then redacted from what is stored.
  const parsed = parseICarryWebhookBody(raw, contentType);
  const token = parsed.ok ? pushToken(parsed.body) : null;
  if (!authenticate(deps, req, token)) {
    log.warn(
      { ip: req.ip, hasSecret: typeof req.query.secret === 'string', hasToken: token !== null },
      '[WEBHOOK] rejected: not authenticated',
    );
    writeJson(res, 401, {
      ok: false,
      error: 'not authenticated: send the account token or the ?secret= configured for this URL',
    });
    return;
  }
  if (!parsed.ok) {
    log.warn({ reason: parsed.reason }, '[WEBHOOK] rejected: unreadable body');
    const stored = await ingestPush(deps, {
      rawBody: redactPushToken(raw, token).slice(0, 65_536),
      contentType,
      headers: keptHeaders(req),
      body: null,
    });
    // Authenticated, so iCarry sent it: a retry cannot fix it, and a sender that keeps getting
    // errors stops pushing. Kept as rejected (the admin's inbox shows why), answered 2xx.
    writeJson(res, 200, { ok: false, id: stored.id, outcome: 'rejected', error: parsed.reason });
    return;
  }
  // One INSERT and one commit; the applier applies it off the request (kicked as it commits).
  const stored = await ingestPush(deps, {
    rawBody: redactPushToken(raw, token),
    contentType,
    headers: keptHeaders(req),
    body: parsed.body,
  });
  if (stored.outcome === 'rejected') {
    log.warn({ inboxId: stored.id, reason: stored.reason }, '[WEBHOOK] stored but rejected: invalid push');
    writeJson(res, 200, { ok: false, id: stored.id, outcome: 'rejected', error: stored.reason });
    return;
  }
  // Debug, not info: a line per push cost ~10% of the ingest's CPU in synchronous log writes
  // (docs/performance.md); the inbox row records every push and the applier logs each batch.
  if (log.isLevelEnabled('debug'))
    log.debug(
      { inboxId: stored.id, kind: stored.event?.kind, outcome: stored.outcome, ms: Date.now() - started },
      `[WEBHOOK] ${stored.event?.kind ?? 'push'} ${stored.outcome}`,
    );
  writeJson(res, 200, { ok: true, id: stored.id, outcome: stored.outcome });
}

/**
 * iCarry's pushes without Express's routing: POST to exactly one of the two push paths, an
 * unencoded body in UTF-8. The request gets Express's own request and response prototypes (the
 * same `req.query`, `req.ip` under the same trust-proxy setting) and the body is read here with
 * the same limit, then the same `handlePush` answers. Anything else (another method or spelling
 * of the path, a compressed or non-UTF-8 body) returns false and goes through the app as before.
 * Express's router and body parser were ~18% of the push's Node CPU (docs/performance.md).
 */
export function icarryPushFastPath(
  deps: AppDeps,
  app: Express,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const logs = routeLoggers(deps);
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (!ICARRY_PUSH_PATHS.has(path)) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    const charset = /;\s*charset\s*=\s*"?([^";]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return false;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      tooLarge(res);
      req.resume();
      return true;
    }
    // As Express's own app.handle does: linked, with its prototypes (res.json and friends read res.req).
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    const request = req as Request;
    const response = res as Response;
    request.res = response;
    response.req = request;
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        tooLarge(res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      request.body = Buffer.concat(chunks, size).toString('utf8');
      handlePush(deps, logs.get(path) ?? deps.logger, request, response).catch((err: unknown) => {
        deps.logger.error({ err, path }, 'unhandled error');
        if (!res.headersSent) writeJson(response, 500, { ok: false, error: 'internal error' });
        else res.destroy();
      });
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

/** One child logger per push path, made once (not one per push). */
function routeLoggers(deps: AppDeps): Map<string, Logger> {
  return new Map(PUSH_ROUTES.map((route) => [`${ICARRY_WEBHOOK_BASE}/${route}`, deps.logger.child({ route })]));
}

function tooLarge(res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  writeJson(res as Response, 413, { ok: false, error: 'body too large' });
}

function keptHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') out[name] = value.slice(0, 300);
  }
  return out;
}
