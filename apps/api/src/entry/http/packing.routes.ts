import { istDay, SHIPMENT_DIRECTIONS } from '@app/shipping';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../platform/core/deps';
import { requireAdminSession } from './admin-session';
import { countSources, PackingRequestError, printLabels } from '../../shipping/packing/print-labels';
import { manifestPdf } from '../../shipping/packing/pickup.service';

/** Repeated keys (`?orderIds=1&orderIds=2`) arrive as an array: read them as one list. */
const listParam = z.preprocess(
  (value) => (Array.isArray(value) ? value.join(',') : value),
  z.string({ error: 'orderIds is required: a comma-separated list of order ids' }).max(20_000),
);

function labelsQuery(maxOrders: number) {
  return z.object({
    orderIds: listParam
      .transform((text) =>
        text
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .pipe(
        z
          .array(z.string().regex(/^\d{1,18}$/, 'every order id is a number'))
          .min(1, 'name at least one order')
          .max(maxOrders, `at most ${maxOrders} orders per PDF; print the rest separately`),
      ),
    paper: z.enum(['4x6', 'a4'], { error: 'paper is 4x6 (default) or a4' }).default('4x6'),
    direction: z.enum(SHIPMENT_DIRECTIONS, { error: 'direction is forward (default) or return' }).default('forward'),
  });
}

const manifestQuery = z.object({
  date: z.iso.date({ error: 'date is a day like 2026-12-01' }).optional(),
});

function sendQueryError(res: Response, error: z.ZodError): void {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  res.status(400).json({
    error: {
      code: 'INVALID_QUERY',
      message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
      issues,
    },
  });
}

function sendPdf(res: Response, pdf: Uint8Array, filename: string, headers: Record<string, string> = {}): void {
  res
    .status(200)
    .set({
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${filename}"`,
      'cache-control': 'no-store',
      ...headers,
    })
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}

/** Sends a PackingRequestError as its 4xx; anything else goes to the app's error handler (a logged 500). */
async function answer(res: Response, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof PackingRequestError)) throw err;
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...err.details } });
  }
}

/**
 * The packing table's PDFs, for a signed-in admin: GET /api/labels.pdf?orderIds=1,2[&paper=a4]
 * [&direction=return] and GET /api/manifest.pdf[?date=YYYY-MM-DD] (default: today in India).
 */
export function packingRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireAdminSession(deps);
  const query = labelsQuery(deps.config.labels.maxPerRequest);

  router.get('/labels.pdf', admin, async (req: Request, res: Response) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) return sendQueryError(res, parsed.error);
    await answer(res, async () => {
      const printed = await printLabels(deps, parsed.data);
      const sources = countSources(printed.labels.map((l) => l.source));
      sendPdf(res, printed.pdf, `labels-${istDay(deps.clock.now())}.pdf`, {
        'x-label-count': String(printed.labels.length),
        'x-label-sources': Object.entries(sources)
          .map(([source, n]) => `${source}=${n}`)
          .join(', '),
      });
    });
  });

  router.get('/manifest.pdf', admin, async (req: Request, res: Response) => {
    const parsed = manifestQuery.safeParse(req.query);
    if (!parsed.success) return sendQueryError(res, parsed.error);
    await answer(res, async () => {
      const date = parsed.data.date ?? istDay(deps.clock.now());
      sendPdf(res, await manifestPdf(deps, { date }), `manifest-${date}.pdf`);
    });
  });
  return router;
}
