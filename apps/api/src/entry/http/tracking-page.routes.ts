import compression from 'compression';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { getBranding, type Branding } from '../../platform/branding/branding.service';
import type { AppDeps } from '../../platform/core/deps';
import { APP_ERROR_CODES, AppError } from '../../platform/core/errors';
import { respondToNdr } from '../../customer/ndr/ndr-response.service';
import { ndrFieldErrors, respondToNdrInput } from '../../customer/ndr/respond-to-ndr.schema';
import { trackingGetInput, trackingGetOutput } from '../../customer/tracking/tracking.schema';
import { rateLimitKey } from '../../platform/security/client-address';
import { containsNul } from '@app/shipping';
import { getTracking, getTrackingByLink } from '../../customer/tracking/tracking.service';
import { ifNoneMatchHits, trackingEtag } from '../../customer/tracking/tracking-version';
import { PRIVATE_REVALIDATE, sendNotModified } from './tracking-get.conditional';
import type { TrackingPage } from '../../customer/tracking-page/tracking-page.loader';
import type {
  NdrFormState,
  TrackingPageLanguage,
  TrackingPageModel,
  TrackingView,
} from '../../customer/tracking-page/tracking-page.model';
import { isLanguage, LANGUAGES, translator, type Language, type MessageKey } from '@app/shipping/i18n';

/** The branding's part of the page's ETag: a new logo or colour is a new page. */
const brandingVersions = new WeakMap<Branding, string>();
function brandingVersion(branding: Branding): string {
  let version = brandingVersions.get(branding);
  if (version === undefined) {
    version = createHash('sha256').update(JSON.stringify(branding)).digest('base64url').slice(0, 16);
    brandingVersions.set(branding, version);
  }
  return version;
}

const orderNumberParam = trackingGetInput.shape.orderId;
const tokenParam = trackingGetInput.shape.token.unwrap();
const digitsField = z
  .string()
  .trim()
  .regex(/^\d{4}$/);

/** Why the page is locked again, in the page's language (catalogue `track.notice*`). */
const NOTICES = {
  badLink: 'track.noticeBadLink',
  wrongDigits: 'track.noticeWrongDigits',
  digitsFormat: 'track.noticeDigitsFormat',
  rateLimited: 'track.noticeRateLimited',
} as const satisfies Record<string, MessageKey>;

/** The language `?lang=` asks for, or null (then the customer's own, or English before the order is known). */
function askedLanguage(req: Request): Language | null {
  return isLanguage(req.query.lang) ? req.query.lang : null;
}

/** The page in `language`, with links to the same page in each language (`href(l)`). */
function pageLanguage(language: Language, href: (l: Language) => string): TrackingPageLanguage {
  return {
    language,
    languageHref: Object.fromEntries(LANGUAGES.map((l) => [l, href(l)])) as Record<Language, string>,
  };
}

/** Who may keep the answer: anyone (the same for all), no one, or the browser, revalidating with this ETag. */
type Cache = 'public' | 'private' | { etag: string };

const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
};

function pagePath(orderNumber: string): string {
  return `/order-tracking/${encodeURIComponent(orderNumber)}`;
}

/** The logo's origin, the only outside address the page may load anything from. */
function imageOrigin(logoUrl: string | null): string {
  if (!logoUrl || !URL.canParse(logoUrl)) return '';
  return ` ${new URL(logoUrl).origin}`;
}

/**
 * GET/POST /order-tracking/...: the customer's page, rendered on the server from the same view
 * `tracking.get` returns, usable with JavaScript off (the phone-digits form and the NDR answer are
 * plain form posts; the NDR answer redirects back, Post/Redirect/Get).
 */
export function trackingPageRoutes(deps: AppDeps, page: TrackingPage | undefined): Router {
  const router = express.Router();
  router.use(compression());
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  async function send(res: Response, status: number, model: TrackingPageModel, cache: Cache) {
    res.status(status);
    res.setHeader('Referrer-Policy', 'no-referrer');
    // No opener policy here (helmet's same-origin stays on the admin): with it Chromium moves the
    // customer's navigation to a new browsing context group and process, ~25 ms of the first paint
    // (bench web, docs/performance.md). The page is never framed (frame-ancestors 'none') and its
    // link's token is its only key, so a window handle gives an opener nothing the link does not.
    res.removeHeader('Cross-Origin-Opener-Policy');
    res.setHeader('X-Robots-Tag', 'noindex');
    // A page with a token carries a personal view: no shared cache may keep it; with an ETag the
    // browser may, asking again each time (304 when unchanged). The locked page is the same for everyone.
    if (typeof cache === 'object') {
      res.setHeader('Cache-Control', PRIVATE_REVALIDATE);
      res.setHeader('ETag', cache.etag);
    } else res.setHeader('Cache-Control', cache === 'private' ? 'private, no-store' : 'public, max-age=60');
    if (!page) {
      res.setHeader('Cache-Control', 'no-store');
      res.type('text/plain').send('The tracking page is not built yet: run `npm run build -w @app/web`.');
      res.status(503);
      return;
    }
    const { html, styleHashes } = page.compose(model);
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        `style-src 'self' ${styleHashes.join(' ')}`.trim(),
        `img-src 'self' data:${imageOrigin(model.branding.logoUrl)}`,
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join('; '),
    );
    // end, not send: send would add an ETag of its own (a hash of the rendered body) and answer 304
    // to it; the only validator a page carries is the one computed above, from a valid token.
    res.type('html').end(html);
  }

  const branding = () => getBranding(deps);

  async function find(req: Request, res: Response, status: number, cache: Cache) {
    const language = pageLanguage(askedLanguage(req) ?? 'en', (l) => `/order-tracking?lang=${l}`);
    await send(res, status, { kind: 'find', branding: await branding(), ...language }, cache);
  }

  async function locked(
    req: Request,
    res: Response,
    status: number,
    orderNumber: string,
    notice: MessageKey | null,
    cache: Cache,
  ) {
    const language = pageLanguage(askedLanguage(req) ?? 'en', (l) => `${pagePath(orderNumber)}?lang=${l}`);
    const text = notice ? translator(language.language).t(notice) : null;
    await send(
      res,
      status,
      { kind: 'locked', branding: await branding(), orderNumber, notice: text, ...language },
      cache,
    );
  }

  /** The unlocked page of a view as `tracking.get` answers it (`token`: what its links and forms carry). */
  async function sendOrder(
    res: Response,
    view: TrackingView,
    brand: Branding,
    token: string,
    extra: { status?: number; ndrForm?: NdrFormState | null; flash?: 'ndr_answered' | null; etag?: string },
  ) {
    const at = `${pagePath(view.orderNumber)}?t=${encodeURIComponent(token)}`;
    await send(
      res,
      extra.status ?? 200,
      {
        kind: 'order',
        branding: brand,
        view,
        token,
        refreshUrl: `${at}&lang=${view.language}`,
        ndrForm: extra.ndrForm ?? null,
        flash: extra.flash ?? null,
        ...pageLanguage(view.language, (l) => `${at}&lang=${l}`),
      },
      extra.etag && view.accessToken === null && (extra.status ?? 200) === 200 ? { etag: extra.etag } : 'private',
    );
  }

  /** Renders the unlocked page for a token (the link's, or an access token), or the locked page with why. */
  async function orderPage(
    req: Request,
    res: Response,
    input: { orderNumber: string; token?: string; phoneLast4?: string },
    extra: { status?: number; ndrForm?: NdrFormState | null; flash?: 'ndr_answered' | null } = {},
  ) {
    try {
      // The branding is read beside the view, not after it: one round trip less before the first byte.
      const [tracking, brand] = await Promise.all([
        getTracking(
          deps,
          { orderId: input.orderNumber, ...input, ip: rateLimitKey(req.ip) },
          { language: askedLanguage(req) },
        ),
        branding(),
      ]);
      const result = trackingGetOutput.parse(tracking);
      if (result.state !== 'ok') return await locked(req, res, 200, input.orderNumber, null, 'public');
      await sendOrder(res, result, brand, result.accessToken ?? input.token ?? '', extra);
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED')
        return locked(req, res, 429, input.orderNumber, NOTICES.rateLimited, 'private');
      if (err instanceof AppError && err.code === 'TRACKING_NOT_FOUND')
        return locked(
          req,
          res,
          404,
          input.orderNumber,
          input.phoneLast4 ? NOTICES.wrongDigits : NOTICES.badLink,
          'private',
        );
      throw err;
    }
  }

  router.get('/order-tracking', async (req, res) => {
    const wanted = orderNumberParam.safeParse(req.query.order);
    const lang = askedLanguage(req);
    if (wanted.success) return res.redirect(303, `${pagePath(wanted.data)}${lang ? `?lang=${lang}` : ''}`);
    await find(req, res, 200, 'public');
  });

  router.get('/order-tracking/:orderNumber', async (req, res) => {
    const number = orderNumberParam.safeParse(req.params.orderNumber);
    if (!number.success) return find(req, res, 404, 'public');
    const raw = req.query.t;
    if (raw === undefined || raw === '') return locked(req, res, 200, number.data, null, 'public');
    const token = tokenParam.safeParse(raw);
    if (!token.success) return locked(req, res, 404, number.data, NOTICES.badLink, 'private');
    const flash = req.query.answered === '1' ? 'ndr_answered' : null;
    // The lean path, for the link's own token: one statement for the whole view, and a 304 when
    // what the page would show (the view, the branding, the build, the flash) is what the browser
    // has. Null for any other token: the full way below counts and answers it.
    if (page) {
      const [view, brand] = await Promise.all([
        getTrackingByLink(deps, { orderId: number.data, token: token.data }, { language: askedLanguage(req) }),
        branding(),
      ]);
      if (view) {
        const result = trackingGetOutput.parse(view);
        if (result.state !== 'ok') throw new Error('a link view is always unlocked');
        const etag = trackingEtag(JSON.stringify(result), [
          'page',
          page.version ?? '',
          brandingVersion(brand),
          flash ?? '',
        ]);
        if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return sendNotModified(res, etag);
        return sendOrder(res, result, brand, token.data, { flash, etag });
      }
    }
    await orderPage(req, res, { orderNumber: number.data, token: token.data }, { flash });
  });

  // The forms' targets answer GET too (a reload or a shared link): back to the page.
  router.get(['/order-tracking/:orderNumber/unlock', '/order-tracking/:orderNumber/ndr'], (req, res) => {
    const number = orderNumberParam.safeParse(req.params.orderNumber);
    const lang = askedLanguage(req);
    res.redirect(303, `${number.success ? pagePath(number.data) : '/order-tracking'}${lang ? `?lang=${lang}` : ''}`);
  });

  router.post('/order-tracking/:orderNumber/unlock', form, async (req, res) => {
    const number = orderNumberParam.safeParse(req.params.orderNumber);
    if (!number.success) return find(req, res, 404, 'private');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const digits = digitsField.safeParse(body.phoneLast4);
    if (!digits.success) return locked(req, res, 400, number.data, NOTICES.digitsFormat, 'private');
    await orderPage(req, res, { orderNumber: number.data, phoneLast4: digits.data });
  });

  router.post('/order-tracking/:orderNumber/ndr', form, async (req, res) => {
    const number = orderNumberParam.safeParse(req.params.orderNumber);
    if (!number.success) return find(req, res, 404, 'private');
    if (!isSameOrigin(req, deps.config.publicUrl)) {
      res.status(403).type('text/plain').send(APP_ERROR_CODES.CROSS_SITE_REQUEST.message);
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = tokenParam.safeParse(body.t);
    if (!token.success) return locked(req, res, 404, number.data, NOTICES.badLink, 'private');
    const values = formValues(body);
    const again = (status: number, state: NdrFormState) =>
      orderPage(req, res, { orderNumber: number.data, token: token.data }, { status, ndrForm: state });
    if (containsNul(body)) return again(400, { values, fieldErrors: {}, error: APP_ERROR_CODES.INPUT_HAS_NUL.message });
    // The form posts to ?lang= of the page it is on: its refusals are in that language.
    const lang = askedLanguage(req) ?? undefined;
    const parsed = respondToNdrInput.safeParse({ ...values, orderId: number.data, token: token.data, lang });
    if (!parsed.success)
      return again(400, { values, fieldErrors: ndrFieldErrors(parsed.error, lang ?? 'en'), error: null });
    try {
      await respondToNdr(deps, { ...parsed.data, ip: rateLimitKey(req.ip) });
    } catch (err) {
      if (err instanceof AppError && err.code !== 'TRACKING_NOT_FOUND' && err.code !== 'RATE_LIMITED') {
        deps.logger.warn({ code: err.code }, `[NDR] answer refused: ${err.message}`);
        return again(HTTP_STATUS[APP_ERROR_CODES[err.code].trpc] ?? 400, {
          values,
          fieldErrors: {},
          error: err.userMessage,
        });
      }
      if (err instanceof AppError) return orderPage(req, res, { orderNumber: number.data, token: token.data });
      throw err;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(
      303,
      `${pagePath(number.data)}?t=${encodeURIComponent(token.data)}&answered=1${lang ? `&lang=${lang}` : ''}`,
    );
  });

  return router;
}

const FORM_FIELDS = ['action', 'preferredDate', 'landmark', 'addressLine', 'alternatePhone', 'message'] as const;

/** The form's own fields as strings (repeated or odd values become empty), to validate and to show back. */
function formValues(body: Record<string, unknown>): NdrFormState['values'] {
  const values: NdrFormState['values'] = {};
  for (const name of FORM_FIELDS) {
    const value = body[name];
    if (typeof value === 'string' && value !== '') values[name] = value.slice(0, 600);
  }
  return values;
}

/**
 * Not a post from another site. The page's `Referrer-Policy: no-referrer` makes browsers send
 * `Origin: null` even for its own forms, so null passes; the token in the form is the real proof.
 */
function isSameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  const host = req.headers.host;
  return (
    origin === new URL(publicUrl).origin ||
    (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`))
  );
}
