import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../platform/core/deps';
import {
  answerWhatsAppHandshake,
  isValidWhatsAppSignature,
  parseWhatsAppWebhook,
} from '../../outbox/messaging/whatsapp.wire';
import { storeWhatsAppPush } from '../../customer/whatsapp-inbox/whatsapp-inbox.service';
import { containsUnstorableText } from '@app/shipping';
import { safeEqual } from '../../platform/security/tokens';

const MAX_BODY = '512kb';

/** Parses JSON without recursion limits surprising us: deep nesting is refused, not a stack overflow. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  let depth = 0;
  for (const c of text) {
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    if (depth > 64) return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * GET/POST /api/webhooks/whatsapp: Meta's subscribe handshake, and its signed status and reply
 * webhooks. The signature is checked over the raw bytes before anything is parsed or stored (bad
 * or missing: 401, nothing stored); a signed body is stored with one INSERT and answered 200
 * (outcome `pending`), and the WhatsApp applier applies it off the request; one that cannot be read
 * is kept as rejected with the reason, answered 200 too. Only a database failure is a 5xx.
 */
export function whatsappWebhookRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const log = deps.logger.child({ route: 'whatsapp' });

  router.get('/', (req: Request, res: Response) => {
    const challenge = answerWhatsAppHandshake(deps.secrets.whatsappVerifyToken, req.query, safeEqual);
    if (challenge === null) {
      log.warn({ mode: req.query['hub.mode'] }, '[WEBHOOK] WhatsApp handshake refused');
      res.status(403).json({
        ok: false,
        error: deps.secrets.whatsappVerifyToken
          ? 'hub.mode must be subscribe and hub.verify_token must match WHATSAPP_VERIFY_TOKEN'
          : 'WHATSAPP_VERIFY_TOKEN is not configured',
      });
      return;
    }
    res.status(200).type('text/plain').send(challenge);
  });

  router.post('/', express.raw({ type: () => true, limit: MAX_BODY }), async (req: Request, res: Response) => {
    const secret = deps.secrets.whatsappAppSecret;
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!secret || !isValidWhatsAppSignature(secret, raw, req.headers['x-hub-signature-256'])) {
      log.warn(
        {
          ip: req.ip,
          hasSignature: typeof req.headers['x-hub-signature-256'] === 'string',
          configured: Boolean(secret),
        },
        '[WEBHOOK] WhatsApp webhook rejected: bad or missing signature',
      );
      res.status(401).json({
        ok: false,
        error: secret
          ? 'X-Hub-Signature-256 is missing or does not match the body'
          : 'WhatsApp webhooks are not configured: set WHATSAPP_APP_SECRET',
      });
      return;
    }
    const text = raw.toString('utf8');
    const json = parseJson(text);
    // PostgreSQL jsonb cannot hold NUL or lone surrogates: such a body is kept (as text) as unreadable.
    const parsed = !json.ok
      ? ({ ok: false, reason: 'body is not JSON' } as const)
      : containsUnstorableText(json.value)
        ? ({ ok: false, reason: 'body contains NUL characters or broken UTF-16' } as const)
        : parseWhatsAppWebhook(json.value);
    const stored = await storeWhatsAppPush(deps, text, parsed);
    if (!parsed.ok) {
      log.warn({ inboxId: stored.id, reason: parsed.reason }, '[WEBHOOK] WhatsApp webhook stored but unreadable');
      // Signed, so Meta sent it: a retry cannot fix it, and Meta disables a webhook that keeps failing.
      res.status(200).json({ ok: false, id: stored.id, outcome: 'rejected', error: parsed.reason });
      return;
    }
    // One INSERT and one commit; the applier applies it off the request (kicked as it committed).
    log.info({ inboxId: stored.id, events: parsed.events.length }, '[WEBHOOK] WhatsApp stored');
    res.status(200).json({ ok: true, id: stored.id, outcome: 'pending' });
  });

  router.all('/', (req, res) => {
    res.status(405).json({ ok: false, error: `${req.method} is not allowed; Meta uses GET (handshake) and POST` });
  });
  router.all('/{*rest}', (req, res) => {
    res.status(404).json({ ok: false, error: `no webhook at ${req.originalUrl}; use /api/webhooks/whatsapp` });
  });
  return router;
}
