import { hitRateLimit } from '../../platform/security/rate-limit';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ApiKeyRecord } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { errorAnswer } from '../../intake/orders/rest-answer';
import { cancelApiOrder } from '../../intake/orders/cancel-order';
import {
  apiOrderAnswer,
  checkApiOrderBody,
  finishApiOrder,
  newOrderDraw,
  type CheckedApiOrder,
} from '../../intake/orders/create-order';
import { parseIdempotencyKey } from '../../intake/orders/idempotency.rules';
import { containsNul, findTextRuleBreach, ORDER_LIMITS, textProblem } from '@app/shipping';
import { findOrderInKeyScope } from '../../intake/orders/api-scope';
import {
  API_RATE_WINDOW_SECONDS,
  apiRateBucket,
  authenticateApiKey,
  openApiWriteRequest,
} from '../../intake/rest-api/api-key.service';
import type { Answer } from '../../intake/orders/rest-answer';
import { docsRoutes } from './docs.routes';
import { buildOpenApiDocument } from '../../intake/rest-api/openapi.document';
import { readJsonBody, restErrorHandler, sendAnswer, withRequestId } from './rest.http';

const MAX_BODY = '1mb';

type Handler = (req: Request, res: Response, key: ApiKeyRecord) => Promise<void>;

/** A create request's own checks, in their answer order: Idempotency-Key, JSON body, text rule, schema. */
function checkCreateRequest(
  req: Request,
): { ok: false; answer: Answer } | { ok: true; idempotencyKey: string; order: Extract<CheckedApiOrder, { ok: true }> } {
  const idempotency = parseIdempotencyKey(req.headers['idempotency-key']);
  if ('reason' in idempotency) {
    return {
      ok: false,
      answer: errorAnswer(
        'IDEMPOTENCY_KEY_MISSING',
        idempotency.reason === 'missing' ? {} : { message: idempotency.reason },
      ),
    };
  }
  const body = readJsonBody(req);
  if (!body.ok) return { ok: false, answer: body.answer };
  // The text rule under the whole body (a lone surrogate would fail the jsonb write with a 500);
  // the schema then applies the one-line rule field by field.
  const breach = findTextRuleBreach(body.body);
  if (breach) {
    return {
      ok: false,
      answer: errorAnswer('VALIDATION_FAILED', { issues: [{ path: breach.path, message: breach.message }] }),
    };
  }
  const order = checkApiOrderBody(body.body);
  if (!order.ok) return order;
  return { ok: true, idempotencyKey: idempotency.key, order };
}

/**
 * The REST Orders API at /api/v1 (contract: DESIGN "Orders in"): Bearer store API keys, rate
 * limited per key, every answer JSON with a request id. The OpenAPI document and its reference
 * page are public.
 */
export function restRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.use(withRequestId);
  router.use(express.text({ type: () => true, limit: MAX_BODY, defaultCharset: 'utf-8' }));

  let document: unknown;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(deps.config.publicUrl);
    res.json(document);
  });
  router.use(docsRoutes());

  const rateLimited = (res: Response, limit: number) => {
    const now = deps.clock.now().getTime();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000))));
    sendAnswer(
      res,
      errorAnswer('RATE_LIMITED', {
        message: `At most ${limit} calls a minute per API key. Retry after the Retry-After seconds.`,
      }),
    );
  };

  const authenticated =
    (handler: Handler) =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const key = await authenticateApiKey(deps, req.headers.authorization);
        if (!key) {
          res.setHeader('WWW-Authenticate', 'Bearer');
          sendAnswer(res, errorAnswer('API_KEY_INVALID'));
          return;
        }
        const limit = deps.config.apiRequestsPerMinute;
        // A counter lost in a crash is harmless; waiting for its fsync on every call is not.
        const hit = await hitRateLimit(deps.db, {
          bucket: apiRateBucket(key.id),
          limit,
          windowSeconds: API_RATE_WINDOW_SECONDS,
          now: deps.clock.now(),
          asyncCommit: true,
        });
        if (!hit.allowed) return rateLimited(res, limit);
        await handler(req, res, key);
      } catch (err) {
        next(err);
      }
    };

  // The create checks what needs no database first (Idempotency-Key, JSON, text rule, schema), so
  // the key, the rate-limit hit and the claim go in one statement (openApiWriteRequest); the answers
  // keep their order: 401, 429, then the request's own problems, then the claim's outcome.
  router.post('/orders', async (req, res, next) => {
    try {
      const checked = checkCreateRequest(req);
      const opened = await openApiWriteRequest(
        deps,
        req.headers.authorization,
        checked.ok
          ? {
              key: checked.idempotencyKey,
              fingerprint: checked.order.fingerprint,
              newOrder: newOrderDraw(checked.order),
            }
          : null,
      );
      if (opened.outcome === 'unauthenticated') {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return sendAnswer(res, errorAnswer('API_KEY_INVALID'));
      }
      if (opened.outcome === 'rate_limited') return rateLimited(res, opened.limit);
      if (!checked.ok) return sendAnswer(res, checked.answer);
      const answer = await finishApiOrder(deps, {
        apiKeyId: opened.key.id,
        idempotencyKey: checked.idempotencyKey,
        checked: checked.order,
        claim: opened.claim ?? undefined,
      });
      if (answer.status === 201 && !answer.replayed) {
        deps.logger.info(
          { apiKeyId: opened.key.id, requestId: res.locals.requestId as string },
          'order created through the Orders API',
        );
      }
      sendAnswer(res, answer);
    } catch (err) {
      next(err);
    }
  });

  router.get(
    '/orders/:orderNumber',
    authenticated(async (req, res) => {
      const orderNumber = String(req.params.orderNumber ?? '');
      const order =
        orderNumber.length <= ORDER_LIMITS.maxOrderNumberChars && !containsNul(orderNumber)
          ? await findOrderInKeyScope(deps, orderNumber)
          : undefined;
      sendAnswer(res, order ? await apiOrderAnswer(deps, order) : errorAnswer('ORDER_NOT_FOUND'));
    }),
  );

  router.post(
    '/orders/:orderNumber/cancel',
    authenticated(async (req, res, key) => {
      const orderNumber = String(req.params.orderNumber ?? '');
      let reason: string | undefined;
      const text = typeof req.body === 'string' ? req.body.trim() : '';
      if (text !== '') {
        const body = readJsonBody(req);
        if (!body.ok) return sendAnswer(res, body.answer);
        const raw = (body.body as { reason?: unknown }).reason;
        const problem =
          raw === undefined
            ? null
            : typeof raw !== 'string' || raw.length > 500
              ? 'must be text of at most 500 characters'
              : textProblem(raw, 'multiline');
        if (problem !== null) {
          return sendAnswer(res, errorAnswer('VALIDATION_FAILED', { issues: [{ path: 'reason', message: problem }] }));
        }
        reason = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
      }
      if (orderNumber.length > ORDER_LIMITS.maxOrderNumberChars || containsNul(orderNumber))
        return sendAnswer(res, errorAnswer('ORDER_NOT_FOUND'));
      sendAnswer(res, await cancelApiOrder(deps, { orderNumber, apiKeyId: key.id, reason }));
    }),
  );

  router.use((req, res) => {
    sendAnswer(res, {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}` } },
    });
  });
  router.use(restErrorHandler(deps.logger));
  return router;
}
