import express, { type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { ORDER_LIMITS } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { errorAnswer } from '../../intake/orders/rest-answer';
import { rateLimitKey } from '../../platform/security/client-address';
import {
  createPromiseService,
  PROMISE_MAX_AGE_SECONDS,
  type PromiseService,
} from '../../customer/promise/promise.service';
import { PROMISE_WIDGET_JS } from '../../customer/promise/promise.widget';
import { requestIdOf, sendAnswer, withRequestId } from './rest.http';

/** Requests a minute one client may make; a product page asks once per pincode typed. */
export const PROMISE_REQUESTS_PER_MINUTE = 120;

const promiseQuery = z
  .object({
    pincode: z
      .string({ error: 'pincode is required' })
      .regex(/^[1-9][0-9]{5}$/, 'pincode must be 6 digits and cannot start with 0'),
    weightGrams: z
      .string()
      .regex(/^[0-9]{1,6}$/, 'weightGrams must be a whole number of grams')
      .transform(Number)
      .refine((grams) => grams >= 1 && grams <= ORDER_LIMITS.maxWeightGrams, {
        message: `weightGrams must be between 1 and ${ORDER_LIMITS.maxWeightGrams}`,
      })
      .optional(),
    cod: z.enum(['0', '1', 'true', 'false'], { error: 'cod must be 1 or 0' }).optional(),
  })
  .strict();

/** Any storefront may read the answer and load the script (helmet's default would keep them same-origin). */
function openForReading(res: Response): void {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
  res.setHeader('Vary', 'Accept-Encoding');
}

/**
 * GET /api/v1/promise (public, cacheable, open to any storefront) and GET /widget/promise.js, the
 * script a store adds to its product page (contract: DESIGN "Learning and promising").
 */
export function promiseRoutes(
  deps: AppDeps,
  service: PromiseService = createPromiseService(deps),
): {
  api: Router;
  widget: Router;
} {
  const api = express.Router();
  api.use(withRequestId);
  api.options('/', (_req, res) => {
    openForReading(res);
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  });
  api.get(
    '/',
    rateLimit({
      windowMs: 60_000,
      limit: PROMISE_REQUESTS_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // rateLimitKey already gives each IPv6 client its /64, which is what this check asks for.
      keyGenerator: (req) => rateLimitKey(req.ip),
      validate: { keyGeneratorIpFallback: false },
      handler: (_req, res) => {
        openForReading(res);
        sendAnswer(
          res,
          errorAnswer('RATE_LIMITED', {
            message: `At most ${PROMISE_REQUESTS_PER_MINUTE} promise requests a minute from one address.`,
          }),
        );
      },
    }),
    async (req: Request, res: Response) => {
      openForReading(res);
      const parsed = promiseQuery.safeParse(req.query);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({
          path: issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.'),
          message: issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')}` : issue.message,
        }));
        res.setHeader('Cache-Control', 'no-store');
        sendAnswer(res, errorAnswer('VALIDATION_FAILED', { message: issues.map((i) => i.message).join('; '), issues }));
        return;
      }
      try {
        const promise = await service.get({
          pincode: parsed.data.pincode,
          cod: parsed.data.cod === '1' || parsed.data.cod === 'true',
        });
        res.setHeader('Cache-Control', `public, max-age=${PROMISE_MAX_AGE_SECONDS}`);
        const { historyScope: _scope, ...answer } = promise;
        res.status(200).json(answer);
      } catch (err) {
        deps.logger.error({ err }, 'promise: failed');
        res.setHeader('Cache-Control', 'no-store');
        res.status(503).json({
          error: {
            code: 'PROMISE_UNAVAILABLE',
            message: 'The delivery promise is not available right now; try again shortly.',
          },
          requestId: requestIdOf(res),
        });
      }
    },
  );

  const widget = express.Router();
  widget.get('/promise.js', (_req, res) => {
    openForReading(res);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('application/javascript').send(PROMISE_WIDGET_JS);
  });
  return { api, widget };
}
