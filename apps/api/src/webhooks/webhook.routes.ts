import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../deps';
import { containsNul } from '../security/nul';
import { safeEqual } from '../security/tokens';
import { applyInboxEntry, storePush } from '../services/webhook.service';

const MAX_BODY = '256kb';
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-forwarded-for', 'x-request-id'];

/** Parses what iCarry sends: JSON or urlencoded (flat fields; ndr_data may be a JSON string), whatever the content-type claims. */
export function parseWebhookBody(
  raw: string,
  contentType: string | null,
): { ok: true; body: Record<string, unknown> } | { ok: false; reason: string } {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'empty body' };
  const looksJson = text.startsWith('{') || (contentType ?? '').includes('json');
  let body: Record<string, unknown>;
  if (looksJson) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { ok: false, reason: 'JSON body must be an object' };
      body = value as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'body is not valid JSON' };
    }
  } else {
    body = {};
    for (const [key, value] of new URLSearchParams(text)) body[key] = value;
    if (Object.keys(body).length === 0) return { ok: false, reason: 'body has no fields' };
  }
  if (containsNul(body)) return { ok: false, reason: 'body contains NUL characters' };
  return { ok: true, body };
}

/** The raw body as stored: the account key that iCarry puts in `token` never lands in the database. */
export function redactToken(raw: string): string {
  return raw.replace(/(^|&)token=[^&]*/g, '$1token=[redacted]').replace(/("token"\s*:\s*)"[^"]*"/g, '$1"[redacted]"');
}

function authenticate(deps: AppDeps, req: Request, body: Record<string, unknown> | null): boolean {
  const secret = typeof req.query.secret === 'string' ? req.query.secret : null;
  if (secret && safeEqual(secret, deps.secrets.webhookSecret)) return true;
  const token = body && typeof body.token === 'string' ? body.token : null;
  const key = deps.secrets.icarryApiKey;
  return Boolean(token && key && safeEqual(token, key));
}

/** POST /api/webhooks/shipping-updates and /ndr-updates: authenticate, store raw, answer, apply. */
export function webhookRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: MAX_BODY, defaultCharset: 'utf-8' }));

  const handle = (route: 'shipping-updates' | 'ndr-updates') => async (req: Request, res: Response) => {
    const started = Date.now();
    const log = deps.logger.child({ route });
    const raw = typeof req.body === 'string' ? req.body : '';
    const contentType = req.headers['content-type'] ?? null;
    const parsed = parseWebhookBody(raw, contentType);
    const body = parsed.ok ? parsed.body : null;
    if (!authenticate(deps, req, body)) {
      log.warn(
        { ip: req.ip, hasSecret: typeof req.query.secret === 'string', hasToken: Boolean(body?.token) },
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
      const stored = await storePush(deps, {
        rawBody: redactToken(raw).slice(0, 65_536),
        contentType,
        headers: keptHeaders(req),
        body: null,
      });
      res.status(400).json({ ok: false, id: stored.id, error: parsed.reason });
      return;
    }
    const stored = await storePush(deps, { rawBody: redactToken(raw), contentType, headers: keptHeaders(req), body });
    if (stored.outcome === 'rejected') {
      log.warn({ inboxId: stored.id, reason: stored.reason }, '[WEBHOOK] stored but rejected: invalid push');
      res.status(422).json({ ok: false, id: stored.id, error: stored.reason });
      return;
    }
    // Stored: from here the push cannot be lost. Apply now (a few ms); the sweeper retries if this fails.
    const outcome = await applyInboxEntry(deps, stored.id);
    log.info(
      { inboxId: stored.id, kind: stored.parsed?.kind, outcome, ms: Date.now() - started },
      `[WEBHOOK] ${stored.parsed?.kind ?? 'push'} ${outcome ?? 'queued'}`,
    );
    res.status(200).json({ ok: true, id: stored.id, outcome: outcome ?? 'pending' });
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
