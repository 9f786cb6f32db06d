import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { isDatabaseReachable } from '@app/db';
import type { AppDeps } from '../platform/core/deps';
import { isSameOrigin } from './http/same-origin';
import { packingRoutes } from './http/packing.routes';
import { appRouter } from './router/index';
import { createContextFactory } from './trpc/context';
import { wasLogged } from './trpc/init';
import { channelWebhookRoutes } from './http/channel-webhook.routes';
import { importRoutes } from './http/import.routes';
import { restRoutes } from './http/rest.routes';
import { promiseRoutes } from './http/promise.routes';
import type { TrackingPage } from '../customer/tracking-page/tracking-page.loader';
import { trackingPageRoutes } from './http/tracking-page.routes';
import { trackingGetLean } from './http/tracking-get.conditional';
import { confirmOrderRoutes } from './http/confirm-order.routes';
import { ICARRY_PUSH_PATHS, ICARRY_WEBHOOK_BASE, webhookRoutes } from './http/icarry-webhook.routes';
import { whatsappWebhookRoutes } from './http/whatsapp-webhook.routes';

/** Calls per tRPC batch request (the admin panel's batch link uses the same number). */
export const MAX_BATCH_SIZE = 10;

export interface AppOptions {
  /** Built web app (apps/web/dist); absent in API-only tests. */
  webDist?: string | undefined;
  /** The server-rendered tracking page (loaded from the web's SSR build); /order-tracking answers 503 without it. */
  trackingPage?: TrackingPage | undefined;
}

/**
 * Mutations must be same-origin JSON: a cross-site form can send neither an application/json body
 * nor a matching Origin, so this (with SameSite=Strict cookies) refuses cross-site POSTs.
 */
function sameOriginJsonOnly(publicUrl: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    if (!isSameOrigin(req, publicUrl) || !json) {
      res.status(403).json({
        error: {
          message: 'Cross-site requests are not allowed.',
          data: { code: 'FORBIDDEN', appCode: 'CROSS_SITE_REQUEST' },
        },
      });
      return;
    }
    next();
  };
}

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      // https: images: Branding's logo preview shows the store's own logo wherever it is hosted.
      directives: {
        'img-src': ["'self'", 'data:', 'https:'],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: deps.config.cookieSecure,
  });
  // iCarry's pushes are machine to machine: nothing renders their JSON answer, so they go without
  // the browser security headers (helmet was ~4% of the product's CPU per push, docs/performance.md).
  app.use((req, res, next) => {
    if (req.method === 'POST' && ICARRY_PUSH_PATHS.has(req.path)) return next();
    securityHeaders(req, res, next);
  });

  app.get('/healthz', async (_req, res) => {
    const database = (await isDatabaseReachable(deps.db)) ? 'up' : 'down';
    res.status(database === 'up' ? 200 : 503).json({ ok: database === 'up', database, mode: deps.config.mode });
  });

  // Meta's webhooks first: the iCarry router answers 404 for every other path under /api/webhooks.
  app.use('/api/webhooks/whatsapp', whatsappWebhookRoutes(deps));
  app.use(ICARRY_WEBHOOK_BASE, webhookRoutes(deps));
  const promise = promiseRoutes(deps);
  app.use('/api/v1/promise', promise.api);
  app.use('/widget', promise.widget);
  app.use('/api/v1', restRoutes(deps));
  app.use('/api/imports', importRoutes(deps));
  app.use('/api/integrations', channelWebhookRoutes(deps));

  // The lean path of tracking.get (the link's token): one statement, tRPC's JSON, 304 when unchanged.
  app.get('/trpc/tracking.get', trackingGetLean(deps));
  app.use(
    '/trpc',
    sameOriginJsonOnly(deps.config.publicUrl),
    createExpressMiddleware({
      router: appRouter,
      createContext: createContextFactory(deps),
      maxBodySize: 64 * 1024,
      // A batch is one HTTP request that runs its calls at once: without a cap, one request could
      // carry hundreds of sign-in guesses or tracking lookups. The web client batches at most as many.
      maxBatchSize: MAX_BATCH_SIZE,
      // Failures inside procedures were logged by the error middleware; this catches the rest (context, batching).
      onError: ({ error, path }) => {
        const err = error.cause ?? error;
        if (error.code === 'INTERNAL_SERVER_ERROR' && !wasLogged(err))
          deps.logger.error({ err, path }, 'tRPC internal error');
      },
    }),
  );

  app.use('/api', packingRoutes(deps));

  app.use('/api', (req, res) => {
    res.status(404).json({ ok: false, error: `no route ${req.method} ${req.originalUrl}` });
  });

  // Server-rendered: customers' tracking pages never download React or the admin code.
  app.use(trackingPageRoutes(deps, options.trackingPage));
  app.use(confirmOrderRoutes(deps));

  if (options.webDist && existsSync(join(options.webDist, 'index.html'))) {
    const dist = options.webDist;
    app.use(
      '/assets',
      compression(),
      express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false }),
    );
    app.use(express.static(dist, { index: false, maxAge: 0 }));
    app.get('/', (_req, res) => res.redirect(302, '/admin'));
    // `root`, not an absolute path: send() refuses any path with a dot-folder in it (~/.local/..., a
    // .cache build folder) unless the folder is the root it was given.
    app.get(['/admin', '/admin/{*rest}'], (_req, res) => res.sendFile('index.html', { root: dist }));
  }

  app.use((req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) deps.logger.error({ err, path: req.path }, 'unhandled error');
    else deps.logger.warn({ path: req.path, status, reason: (err as Error).message }, 'bad request');
    const message = status === 413 ? 'body too large' : status < 500 ? (err as Error).message : 'internal error';
    res.status(status).json({ ok: false, error: message });
  });
  return app;
}
