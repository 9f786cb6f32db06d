import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { isDatabaseReachable } from '@app/db';
import type { AppDeps } from './deps';
import { appRouter } from './router/index';
import { createContextFactory } from './trpc/context';
import { importRoutes } from './imports/import.routes';
import { restRoutes } from './rest/rest.routes';
import { webhookRoutes } from './webhooks/webhook.routes';

export interface AppOptions {
  /** Built web app (apps/web/dist); absent in API-only tests. */
  webDist?: string | undefined;
}

/**
 * Mutations must be same-origin JSON: a cross-site form can send neither an application/json body
 * nor a matching Origin, so this (with SameSite=Strict cookies) refuses cross-site POSTs.
 */
function sameOriginJsonOnly(publicUrl: string) {
  const allowed = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const origin = req.headers.origin;
    const host = req.headers.host;
    const sameOrigin =
      !origin ||
      origin === allowed ||
      (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    if (!sameOrigin || !json) {
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
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'connect-src': ["'self'"], 'upgrade-insecure-requests': null },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: deps.config.cookieSecure,
    }),
  );

  app.get('/healthz', async (_req, res) => {
    const database = (await isDatabaseReachable(deps.db)) ? 'up' : 'down';
    res.status(database === 'up' ? 200 : 503).json({ ok: database === 'up', database, mode: deps.config.mode });
  });

  app.use('/api/webhooks', webhookRoutes(deps));
  app.use('/api/v1', restRoutes(deps));
  app.use('/api/imports', importRoutes(deps));

  app.use(
    '/trpc',
    sameOriginJsonOnly(deps.config.publicUrl),
    createExpressMiddleware({
      router: appRouter,
      createContext: createContextFactory(deps),
      maxBodySize: 64 * 1024,
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          deps.logger.error({ err: error.cause ?? error, path }, 'tRPC internal error');
      },
    }),
  );

  app.use('/api', (req, res) => {
    res.status(404).json({ ok: false, error: `no route ${req.method} ${req.originalUrl}` });
  });

  if (options.webDist && existsSync(join(options.webDist, 'index.html'))) {
    const dist = options.webDist;
    app.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false }));
    app.use(express.static(dist, { index: false, maxAge: 0 }));
    app.get('/', (_req, res) => res.redirect(302, '/admin'));
    // Two entries: customers' tracking pages never download the admin code.
    app.get('/order-tracking/{*rest}', (_req, res) => res.sendFile(join(dist, 'tracking.html')));
    app.get(['/admin', '/admin/{*rest}'], (_req, res) => res.sendFile(join(dist, 'index.html')));
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
