import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { getBranding } from '../../platform/branding/branding.service';
import type { AppDeps } from '../../platform/core/deps';
import { APP_ERROR_CODES, AppError } from '../../platform/core/errors';
import { rateLimitKey } from '../../platform/security/client-address';
import { containsNul } from '@app/shipping';
import {
  addressFormSchema,
  answerFromPage,
  correctAddressFromPage,
  loadConfirmPage,
  type ConfirmPageModel,
} from '../../customer/cod-confirmation/confirm-page.service';
import {
  CONFIRM_PAGE_STYLE,
  renderConfirmPage,
  type ConfirmPageExtras,
} from '../../customer/cod-confirmation/confirm-page.html';
import { askedLanguage } from '../../customer/cod-confirmation/confirm-page.strings';

/** Each field's message when the address form refuses it (the page says it in its language). */
const FIELD_ERROR = {
  line1: 'confirm.error.line1',
  landmark: 'confirm.error.landmark',
  pincode: 'confirm.error.pincode',
} as const;

const orderNumberParam = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\w#/.-]+$/);
const tokenParam = z
  .string()
  .min(10)
  .max(60)
  .regex(/^[0-9a-z]{1,10}\.[\w-]{10,40}$/);
const STYLE_HASH = `'sha256-${createHash('sha256').update(CONFIRM_PAGE_STYLE).digest('base64')}'`;

function pagePath(orderNumber: string): string {
  return `/confirm-order/${encodeURIComponent(orderNumber)}`;
}

/**
 * GET/POST /confirm-order/{orderNumber}?t=<token>: the customer's COD confirmation page,
 * server-rendered and usable with JavaScript off (Confirm, Cancel and the address form are plain
 * posts that redirect back: Post/Redirect/Get). Without a valid token the page says only that the
 * link does not work; failures are counted per client address like the tracking page's.
 */
export function confirmOrderRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });

  async function send(res: Response, status: number, model: ConfirmPageModel, extras: ConfirmPageExtras) {
    const html = renderConfirmPage(model, await getBranding(deps), extras);
    res.status(status);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src ${STYLE_HASH}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    res.type('html').send(html);
  }

  const extrasFor = (req: Request, patch: Partial<ConfirmPageExtras> = {}): ConfirmPageExtras => ({
    language: askedLanguage(req.query.lang),
    flash: null,
    error: null,
    fieldErrors: {},
    values: {},
    ...patch,
  });

  async function invalid(req: Request, res: Response, status = 404, error: ConfirmPageExtras['error'] = null) {
    await send(res, status, { kind: 'invalid' }, extrasFor(req, { error }));
  }

  /** Runs `work`; a rate limit becomes the plain page with 429, any other refusal of the link a plain 404. */
  async function guarded(req: Request, res: Response, work: () => Promise<void>) {
    try {
      await work();
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') {
        return invalid(req, res, 429, 'confirm.rateLimited');
      }
      if (err instanceof AppError && err.code === 'TRACKING_NOT_FOUND') return invalid(req, res);
      throw err;
    }
  }

  async function renderOrder(
    req: Request,
    res: Response,
    input: { orderNumber: string; token: string },
    status: number,
    patch: Partial<ConfirmPageExtras> = {},
  ) {
    const model = await loadConfirmPage(deps, { ...input, ip: rateLimitKey(req.ip) });
    await send(res, model.kind === 'invalid' ? 404 : status, model, extrasFor(req, patch));
  }

  router.get('/confirm-order/:orderNumber', (req, res) =>
    guarded(req, res, async () => {
      const number = orderNumberParam.safeParse(req.params.orderNumber);
      const token = tokenParam.safeParse(req.query.t);
      if (!number.success || !token.success) return invalid(req, res);
      const done = req.query.done;
      const flash = done === 'confirmed' || done === 'declined' || done === 'address' ? done : null;
      await renderOrder(req, res, { orderNumber: number.data, token: token.data }, 200, { flash });
    }),
  );

  // The forms' targets answer GET too (a reload of the post's URL): back to the page, which needs its token.
  router.get(['/confirm-order/:orderNumber/answer', '/confirm-order/:orderNumber/address'], (req, res) => {
    const number = orderNumberParam.safeParse(req.params.orderNumber);
    const token = tokenParam.safeParse(req.query.t);
    if (!number.success || !token.success) return void invalid(req, res);
    const lang = askedLanguage(req.query.lang);
    res.redirect(303, `${pagePath(number.data)}?t=${encodeURIComponent(token.data)}${lang ? `&lang=${lang}` : ''}`);
  });

  function back(req: Request, res: Response, orderNumber: string, token: string, done: string) {
    res.setHeader('Cache-Control', 'no-store');
    // The language the page was in when it posted; none asked: the customer's own again.
    const lang = askedLanguage(req.query.lang);
    res.redirect(
      303,
      `${pagePath(orderNumber)}?t=${encodeURIComponent(token)}&done=${done}${lang ? `&lang=${lang}` : ''}`,
    );
  }

  router.post('/confirm-order/:orderNumber/answer', form, (req, res) =>
    guarded(req, res, async () => {
      const number = orderNumberParam.safeParse(req.params.orderNumber);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const token = tokenParam.safeParse(body.t);
      if (!number.success || !token.success) return invalid(req, res);
      const input = { orderNumber: number.data, token: token.data };
      if (!isSameOrigin(req, deps.config.publicUrl)) {
        res.status(403).type('text/plain').send(APP_ERROR_CODES.CROSS_SITE_REQUEST.message);
        return;
      }
      const answer = body.answer === 'confirm' ? 'confirmed' : body.answer === 'cancel' ? 'declined' : null;
      if (!answer) return renderOrder(req, res, input, 400);
      try {
        await answerFromPage(deps, { ...input, answer, ip: rateLimitKey(req.ip) });
      } catch (err) {
        if (err instanceof AppError && err.code === 'COD_CONFIRMATION_CLOSED') {
          return renderOrder(req, res, input, 409, { error: 'confirm.closed' });
        }
        throw err;
      }
      back(req, res, number.data, token.data, answer);
    }),
  );

  router.post('/confirm-order/:orderNumber/address', form, (req, res) =>
    guarded(req, res, async () => {
      const number = orderNumberParam.safeParse(req.params.orderNumber);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const token = tokenParam.safeParse(body.t);
      if (!number.success || !token.success) return invalid(req, res);
      const input = { orderNumber: number.data, token: token.data };
      if (!isSameOrigin(req, deps.config.publicUrl)) {
        res.status(403).type('text/plain').send(APP_ERROR_CODES.CROSS_SITE_REQUEST.message);
        return;
      }
      const values = {
        line1: typeof body.line1 === 'string' ? body.line1.slice(0, 400) : '',
        landmark: typeof body.landmark === 'string' ? body.landmark.slice(0, 400) : '',
        pincode: typeof body.pincode === 'string' ? body.pincode.slice(0, 20) : '',
      };
      if (containsNul(values)) {
        return renderOrder(req, res, input, 400, { values, error: 'confirm.error.text' });
      }
      const parsed = addressFormSchema.safeParse(values);
      if (!parsed.success) {
        const fieldErrors: ConfirmPageExtras['fieldErrors'] = {};
        for (const issue of parsed.error.issues) {
          const key = issue.path[0];
          if ((key === 'line1' || key === 'landmark' || key === 'pincode') && !fieldErrors[key])
            fieldErrors[key] = FIELD_ERROR[key];
        }
        return renderOrder(req, res, input, 400, { values, fieldErrors });
      }
      try {
        await correctAddressFromPage(deps, { ...input, form: parsed.data, ip: rateLimitKey(req.ip) });
      } catch (err) {
        if (err instanceof AppError && err.code === 'COD_CONFIRMATION_CLOSED') {
          return renderOrder(req, res, input, 409, { values, error: 'confirm.closed' });
        }
        throw err;
      }
      back(req, res, number.data, token.data, 'address');
    }),
  );

  return router;
}

/** Not a post from another site (as the tracking page: `Origin: null` passes; the token is the real proof). */
function isSameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  const host = req.headers.host;
  return (
    origin === new URL(publicUrl).origin ||
    (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`))
  );
}
