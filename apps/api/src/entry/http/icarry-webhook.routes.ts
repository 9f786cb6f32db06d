import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../platform/core/deps';
import { parseICarryWebhookBody, pushToken, redactPushToken } from '@app/shipping';
import { ingestPush } from '../../shipping/inbox/ingest-push';
import { safeEqual } from '../../platform/security/tokens';

const MAX_BODY = '256kb';
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-forwarded-for', 'x-request-id'];

function authenticate(deps: AppDeps, req: Request, body: Record<string, unknown> | null): boolean {
  const secret = typeof req.query.secret === 'string' ? req.query.secret : null;
  if (secret && safeEqual(secret, deps.secrets.webhookSecret)) return true;
  const token = pushToken(body);
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
  router.use(express.text({ type: () => true, limit: MAX_BODY, defaultCharset: 'utf-8' }));

  const handle = (route: 'shipping-updates' | 'ndr-updates') => async (req: Request, res: Response) => {
    const started = Date.now();
    const log = deps.logger.child({ route });
    const raw = typeof req.body === 'string' ? req.body : '';
    const contentType = req.headers['content-type'] ?? null;
    const parsed = parseICarryWebhookBody(raw, contentType);
    const body = parsed.ok ? parsed.body : null;
    if (!authenticate(deps, req, body)) {
      log.warn(
        { ip: req.ip, hasSecret: typeof req.query.secret === 'string', hasToken: pushToken(body) !== null },
        '[WEBHOOK] rejected: not authenticated',
      );
      res.status(401).json({
        ok: false,
        error: 'not authenticated: send the account token or the ?secret= configured for this URL',
      });
      return;
    }
    if (!parsed.ok) {
      log.warn({ reason: parsed.reason }, '[WEBHOOK] rejected: unreadable body');
      const stored = await ingestPush(deps, {
        rawBody: redactPushToken(raw).slice(0, 65_536),
        contentType,
        headers: keptHeaders(req),
        body: null,
      });
      // Authenticated, so iCarry sent it: a retry cannot fix it, and a sender that keeps getting
      // errors stops pushing. Kept as rejected (the admin's inbox shows why), answered 2xx.
      res.status(200).json({ ok: false, id: stored.id, outcome: 'rejected', error: parsed.reason });
      return;
    }
    // One INSERT and one commit; the applier applies it off the request (kicked as it commits).
    const stored = await ingestPush(deps, {
      rawBody: redactPushToken(raw),
      contentType,
      headers: keptHeaders(req),
      body,
    });
    if (stored.outcome === 'rejected') {
      log.warn({ inboxId: stored.id, reason: stored.reason }, '[WEBHOOK] stored but rejected: invalid push');
      res.status(200).json({ ok: false, id: stored.id, outcome: 'rejected', error: stored.reason });
      return;
    }
    // Debug, not info: a line per push cost ~10% of the ingest's CPU in synchronous log writes
    // (docs/performance.md); the inbox row records every push and the applier logs each batch.
    log.debug(
      { inboxId: stored.id, kind: stored.event?.kind, outcome: stored.outcome, ms: Date.now() - started },
      `[WEBHOOK] ${stored.event?.kind ?? 'push'} ${stored.outcome}`,
    );
    res.status(200).json({ ok: true, id: stored.id, outcome: stored.outcome });
  };

  router.post('/shipping-updates', handle('shipping-updates'));
  router.post('/ndr-updates', handle('ndr-updates'));
  router.all('/{*rest}', (req, res) => {
    res.status(404).json({
      ok: false,
      error: `no webhook at ${req.method} ${req.baseUrl}${req.path}; use POST /api/webhooks/shipping-updates or /api/webhooks/ndr-updates`,
    });
  });
  return router;
}

function keptHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') out[name] = value.slice(0, 300);
  }
  return out;
}
