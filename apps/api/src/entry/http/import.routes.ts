import express, { type Request, type Response, type Router } from 'express';
import { parseCookie } from 'cookie';
import type { AppDeps } from '../../platform/core/deps';
import { findSessionAdmin, SESSION_COOKIE } from '../../platform/auth/auth.service';
import { isSameOrigin } from './same-origin';
import { SAMPLE_CSV, TEMPLATE_CSV } from '../../intake/csv/csv-columns';
import { importOrdersCsv } from '../../intake/csv/import-orders';

const CSV_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'text/comma-separated-values',
];

/**
 * /api/imports: the admin's CSV upload (contract: DESIGN "Orders in"), its template and a sample.
 * The body is read as a stream by the importer, never buffered whole.
 */
export function importRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const fail = (res: Response, status: number, message: string, errors: unknown[] = [], code?: string) =>
    res.status(status).json({
      error: { ...(code ? { code } : {}), message },
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errors,
    });

  router.get('/orders/template.csv', (_req, res) => {
    res.type('text/csv').attachment('orders-template.csv').send(TEMPLATE_CSV);
  });
  router.get('/orders/sample.csv', (_req, res) => {
    res.type('text/csv').attachment('orders-sample.csv').send(SAMPLE_CSV);
  });

  router.post('/orders', async (req, res, next) => {
    try {
      // A cross-site form can post text/plain with the admin's cookie; its Origin gives it away.
      if (!isSameOrigin(req, deps.config.publicUrl)) return fail(res, 403, 'Cross-site requests are not allowed.');
      const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
      const admin = token ? await findSessionAdmin(deps, token) : null;
      if (!admin) return fail(res, 401, 'Please sign in again.');
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!CSV_TYPES.includes(type)) return fail(res, 415, 'Send the file as text/csv.');
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity') return fail(res, 415, 'Send the file uncompressed.');
      const length = Number(req.headers['content-length'] ?? '0');
      if (length > 10 * 1024 * 1024) {
        req.resume();
        return fail(res, 413, 'The file is larger than 10 MB; split it into smaller files.');
      }
      const flag = req.query.dryRun;
      const dryRun = typeof flag === 'string' && ['1', 'true', 'yes'].includes(flag.toLowerCase());
      // The preview's planId: the import does what that preview showed, or nothing (409).
      const expect = req.query.expect;
      if (expect !== undefined && (typeof expect !== 'string' || !/^[0-9a-f]{32}$/.test(expect))) {
        req.resume();
        return fail(res, 400, 'expect must be the planId of a preview.', [], 'INVALID_QUERY');
      }
      const outcome = await importOrdersCsv(deps, req, { dryRun, expectPlan: expect });
      if (!outcome.ok) {
        deps.logger.warn({ status: outcome.status, reason: outcome.message }, 'CSV import refused');
        if (outcome.result) {
          // The new preview, so the admin sees what importing the file would do now.
          return res
            .status(outcome.status)
            .json({ ...outcome.result, error: { code: outcome.code, message: outcome.message } });
        }
        res.setHeader('Connection', 'close');
        return fail(res, outcome.status, outcome.message, outcome.errors);
      }
      res.json(outcome.result);
    } catch (err) {
      next(err);
    }
  });

  router.use((err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    deps.logger.error({ err, path: req.path }, 'CSV import failed');
    fail(res, 500, 'The import failed on our side; nothing was half-imported from the failing batch. Try again.');
  });
  return router;
}
