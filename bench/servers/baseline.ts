// The baseline: a bare Express handler doing the same database round trip as the product, with the
// same process model (one Node process, built to plain JavaScript as the product is) and the same pg pool size.
// No auth, parsing, validation, logging or transactions: the fastest thing this machine can do.
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import pg from 'pg';
import { CONFIG_ENV, type BaselineServerConfig, type ReadyMessage } from './protocol';

const config = JSON.parse(process.env[CONFIG_ENV] ?? '{}') as BaselineServerConfig;
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolMax });

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 'loopback');

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

app.get(
  '/healthz',
  wrap(async (_req, res) => {
    await pool.query('select 1');
    res.json({ ok: true });
  }),
);

// Webhook: one INSERT of the raw push into a copy of webhook_inbox (same columns and indexes).
app.post(
  '/webhook',
  express.text({ type: () => true, limit: '256kb' }),
  wrap(async (req, res) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const headers = JSON.stringify({
      'content-type': req.headers['content-type'] ?? '',
      'content-length': req.headers['content-length'] ?? '',
    });
    const { rows } = await pool.query<{ id: string }>(
      `insert into bench_inbox (kind, content_type, headers, raw_body, outcome) values ('status', $1, $2, $3, 'pending') returning id`,
      [req.headers['content-type'] ?? null, headers, raw],
    );
    res.json({ ok: true, id: rows[0]?.id });
  }),
);

// Webhook, queued for the bare applier (bench/suites/webhooks-apply.ts bareEndToEnd): one INSERT of
// the push's shipment and status into the table that applier drains while the posts arrive.
app.post(
  '/webhook-apply',
  express.text({ type: () => true, limit: '256kb' }),
  wrap(async (req, res) => {
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    const { rows } = await pool.query<{ id: string }>(
      `insert into bench_apply (provider_shipment_id, status) values ($1, $2) returning id`,
      [form.get('shipment_id') ?? '', form.get('status') ?? ''],
    );
    res.json({ ok: true, id: rows[0]?.id });
  }),
);

const ORDER_SQL = `select id, order_number, status, placed_at, updated_at, ship_name, ship_city, ship_state, ship_pincode, contact_phone
  from orders where order_number = $1`;

// Tracking: one single-row index SELECT on the key the product looks orders up by.
app.get(
  '/track/:orderNumber',
  wrap(async (req, res) => {
    const { rows } = await pool.query(ORDER_SQL, [req.params.orderNumber]);
    if (rows[0]) res.json(rows[0]);
    else res.status(404).json({ ok: false });
  }),
);

// The same plus the product's rate-limit upsert (one bucket per client address), to price the limiter alone.
app.get(
  '/track-rl/:orderNumber',
  wrap(async (req, res) => {
    const windowMs = 60_000;
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    await pool.query(
      `insert into rate_limits (bucket, window_start, hits) values ($1, $2, 1)
     on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1 returning hits`,
      [`track:ip:${req.ip ?? 'unknown'}`, windowStart],
    );
    const { rows } = await pool.query(ORDER_SQL, [req.params.orderNumber]);
    if (rows[0]) res.json(rows[0]);
    else res.status(404).json({ ok: false });
  }),
);

// Promise: a bare handler reading one delivery_memory row by its primary key (issue 25's baseline).
app.get(
  '/promise-row/:pincode',
  wrap(async (req, res) => {
    const { rows } = await pool.query(
      `select closed, delivered, transit_days from delivery_memory
       where scope = 'pincode' and place = $1 and courier = '*' and payment = 'prepaid'`,
      [req.params.pincode],
    );
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(rows[0] ?? null);
  }),
);

// The fastest page a browser can paint: for the first-contentful-paint baseline.
app.get('/static', (_req, res) => {
  res
    .type('html')
    .send(
      '<!doctype html><html><head><meta charset="utf-8"><title>Track your order</title></head><body><h1>Track your order</h1></body></html>',
    );
});

// The product's own tracking page, saved once and served as a static file: what the same bytes
// cost a browser when no application builds them.
app.get('/static-page', (_req, res) => {
  if (!config.staticPagePath) {
    res.status(404).send('no static page configured');
    return;
  }
  res.type('html').send(readFileSync(config.staticPagePath, 'utf8'));
});

// The saved page's script and icon, from this server as a static site would serve them (the
// product's own origin would need CORS for a module script: Chromium refused it, so until issue 26's
// third session the static copy painted without running its script).
if (config.staticAssetsDir) app.use(express.static(config.staticAssetsDir, { index: false }));

app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ ok: false, error: err instanceof Error ? err.message : String(err) });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const ready: ReadyMessage = { type: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid };
  process.send?.(ready);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
}
process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stop') stop();
});
process.on('disconnect', stop);
