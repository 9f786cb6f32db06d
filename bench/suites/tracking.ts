import { randomBytes } from 'node:crypto';
import { trackingToken, getTracking } from '@app/api/bench';
import { bigTableSeqScans, explainAnalyze, inlineParameters } from '../lib/capture';
import type { BenchContext, OrdersDatabase } from '../lib/context';
import { startInProcess } from '../lib/inprocess';
import { describeLoad, runLoad, type LoadResult } from '../lib/load';
import { describePaced, runPaced } from '../lib/paced';
import { describeProfile, startSampler, type LoadProfile } from '../lib/sampler';
import { startBaselineServer, startProductServer, type ServerHandle } from '../lib/servers';
import { rng } from '../lib/stats';

const SUITE = 'tracking';
/** Distinct orders the lookups spread over, and distinct client addresses (X-Forwarded-For). */
const SAMPLE_ORDERS = 50_000;
const CLIENT_ADDRESSES = 20_000;
/** Lookups per second for the light-load latency, and how many (>= 2,000 for a p99 worth reading). */
const LIGHT_RATE = 20;
const LIGHT_SAMPLES = 2_000;

type Next = () => { method: 'GET'; path: string; headers?: Record<string, string> };

interface Run {
  load: LoadResult;
  profile: LoadProfile;
}

export function sampleOrderNumbers(orders: OrdersDatabase): string[] {
  const random = rng(8);
  return Array.from({ length: Math.min(SAMPLE_ORDERS, orders.count) }, () =>
    orders.orderNumber(1 + Math.floor(random() * orders.count)),
  );
}

/** Customers on many addresses, as through the app's loopback proxy ('trust proxy' is loopback). */
function clientAddress(random: () => number): string {
  const n = Math.floor(random() * CLIENT_ADDRESSES);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export function productRequests(numbers: string[], appSecret: string, options: { varyAddress: boolean }): Next {
  const random = rng(11);
  const paths = numbers.map(
    (orderId) =>
      `/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ orderId, token: trackingToken(appSecret, orderId) }))}`,
  );
  return () => ({
    method: 'GET',
    path: paths[Math.floor(random() * paths.length)] as string,
    ...(options.varyAddress ? { headers: { 'x-forwarded-for': clientAddress(random) } } : {}),
  });
}

/** Orders whose ETag the revalidation run sends back (fetched once, before it). */
const REVALIDATED_ORDERS = 2_000;

/** Lookups with If-None-Match set to each order's current ETag (read with one lookup each first). */
async function revalidationRequests(url: string, numbers: string[], appSecret: string): Promise<Next> {
  const lookups = productRequests(numbers, appSecret, { varyAddress: false });
  const known = new Map<string, string>();
  for (let i = 0; i < numbers.length * 3 && known.size < numbers.length; i++) {
    const { path } = lookups();
    if (known.has(path)) continue;
    const res = await fetch(`${url}${path}`);
    await res.arrayBuffer();
    const etag = res.headers.get('etag');
    if (res.status !== 200 || !etag) throw new Error(`tracking lookup answered ${res.status} without an ETag`);
    known.set(path, etag);
  }
  const entries = [...known];
  const random = rng(13);
  return () => {
    const [path, etag] = entries[Math.floor(random() * entries.length)] as [string, string];
    return { method: 'GET', path, headers: { 'if-none-match': etag, 'x-forwarded-for': clientAddress(random) } };
  };
}

export function baselineRequests(numbers: string[], route: 'track' | 'track-rl'): Next {
  const random = rng(11);
  return () => ({
    method: 'GET',
    path: `/${route}/${encodeURIComponent(numbers[Math.floor(random() * numbers.length)] as string)}`,
    headers: { 'x-forwarded-for': clientAddress(random) },
  });
}

async function maxRun(
  ctx: BenchContext,
  label: string,
  server: ServerHandle,
  orders: OrdersDatabase,
  next: Next,
): Promise<Run> {
  const { opts } = ctx;
  await runLoad({ url: server.url, connections: opts.connections, durationS: 2, next });
  const sampler = await startSampler(server.pid, orders.url, orders.name);
  const load = await runLoad({ url: server.url, connections: opts.connections, durationS: opts.duration, next });
  const profile = await sampler.stop();
  console.log(`[${SUITE}] ${label} max: ${describeLoad(load)}\n[${SUITE}] ${label} max: ${describeProfile(profile)}`);
  return { load, profile };
}

async function rateRun(
  ctx: BenchContext,
  label: string,
  server: ServerHandle,
  rate: number,
  next: Next,
): Promise<LoadResult> {
  const { opts } = ctx;
  const load = await runLoad({
    url: server.url,
    connections: opts.connections,
    durationS: opts.duration,
    overallRate: rate,
    next,
  });
  console.log(`[${SUITE}] ${label} at ${rate}/s: ${describeLoad(load)}`);
  return load;
}

const best = (runs: Run[]) => runs.reduce((a, b) => (b.load.rps > a.load.rps ? b : a));

/** EXPLAIN ANALYZE of every statement one tracking lookup issues, captured from the product's Kysely. */
async function explainTracking(ctx: BenchContext, orders: OrdersDatabase, orderNumber: string): Promise<void> {
  const app = await startInProcess(orders.url, { poolMax: 2, env: { TRACKING_LOOKUPS_PER_MINUTE: '1000000' } });
  try {
    const token = trackingToken(app.runtime.deps.secrets.appSecret, orderNumber);
    // Warm the cache as the load does, then capture one lookup.
    await getTracking(app.runtime.deps, { orderId: orderNumber, token, ip: '10.9.9.9' });
    app.captured.length = 0;
    const started = performance.now();
    const result = await getTracking(app.runtime.deps, { orderId: orderNumber, token, ip: '10.9.9.9' });
    const ms = performance.now() - started;
    if (result.state !== 'ok') throw new Error(`tracking ${orderNumber} answered ${result.state}`);
    const statements = [...app.captured];
    const lines: string[] = [
      `one lookup of ${orderNumber} (${ms.toFixed(1)} ms in process) issues ${statements.length} statements:`,
    ];
    const seqScans: string[] = [];
    for (const q of statements) {
      const plan = await explainAnalyze(orders.url, q);
      seqScans.push(...bigTableSeqScans(plan));
      lines.push('', inlineParameters(q.sql, q.parameters), plan);
    }
    ctx.report.note(SUITE, lines.join('\n'));
    ctx.report.add({
      suite: SUITE,
      name: 'tracking.get query plans: seq scans on large tables',
      value: seqScans.length,
      unit: '',
      baseline: null,
      target: '0 (index scans only)',
      met: seqScans.length === 0,
      note: seqScans.length ? `seq scans on ${seqScans.join(', ')}` : `${statements.length} statements, all by index`,
    });
  } finally {
    await app.close();
  }
}

export async function trackingSuite(ctx: BenchContext): Promise<void> {
  const { opts, report } = ctx;
  const orders = await ctx.ordersDatabase();
  const numbers = sampleOrderNumbers(orders);
  const appSecret = randomBytes(36).toString('base64url');

  await explainTracking(ctx, orders, numbers[0] as string);

  const baseline = await startBaselineServer('baseline-tracking', { databaseUrl: orders.url, poolMax: opts.pool });
  const product = await startProductServer(
    'product-tracking',
    {
      databaseUrl: orders.url,
      poolMax: opts.pool,
      env: { LOG_LEVEL: opts.logLevel, APP_SECRET: appSecret, TRACKING_LOOKUPS_PER_MINUTE: '1000000' },
    },
    opts.profile,
  );
  try {
    // The token must check out, or the load measures the "not found" path.
    const probe = await fetch(
      `${product.url}${productRequests(numbers.slice(0, 1), appSecret, { varyAddress: false })().path}`,
    );
    const probeBody = (await probe.json()) as { result?: { data?: { state?: string } } };
    if (probe.status !== 200 || probeBody.result?.data?.state !== 'ok')
      throw new Error(`tracking probe answered ${probe.status}: ${JSON.stringify(probeBody).slice(0, 200)}`);

    const baseRuns: Run[] = [];
    const prodRuns: Run[] = [];
    const prodNext = productRequests(numbers, appSecret, { varyAddress: true });
    for (let round = 1; round <= opts.rounds; round++) {
      baseRuns.push(await maxRun(ctx, `baseline round ${round}`, baseline, orders, baselineRequests(numbers, 'track')));
      prodRuns.push(await maxRun(ctx, `product round ${round}`, product, orders, prodNext));
    }
    const base = best(baseRuns);
    const prod = best(prodRuns);
    const rounds = (runs: Run[]) => runs.map((r) => r.load.rps.toFixed(0)).join(', ');
    const bad = prodRuns.reduce((n, r) => n + r.load.non2xx + r.load.errors, 0);
    report.add({
      suite: SUITE,
      name: `tracking.get max (rps, ${orders.count.toLocaleString('en-US')} orders)`,
      value: prod.load.rps,
      unit: '/s',
      baseline: base.load.rps,
      baselineLabel: 'bare SELECT',
      target: '>= 0.5x baseline',
      met: prod.load.rps >= 0.5 * base.load.rps,
      note: `best of ${opts.rounds} rounds (product ${rounds(prodRuns)}; baseline ${rounds(baseRuns)}); ${CLIENT_ADDRESSES} client addresses, limiter raised to 1,000,000/min; product non-2xx/errors ${bad}. Product: ${describeProfile(prod.profile)}. Baseline: ${describeProfile(base.profile)}`,
    });

    // Revalidation: the same lookups carrying the ETag of the copy the browser already has (an
    // unchanged order, as a page refreshing itself sends): the lean path, one statement and a 304.
    const revalidate = await revalidationRequests(product.url, numbers.slice(0, REVALIDATED_ORDERS), appSecret);
    const reval = await maxRun(ctx, 'product revalidation (If-None-Match)', product, orders, revalidate);
    const notModified = (reval.load.statusCodes['304'] ?? 0) / reval.load.durationS;
    report.add({
      suite: SUITE,
      name: `tracking.get revalidated max (304/s, ${orders.count.toLocaleString('en-US')} orders)`,
      value: notModified,
      unit: '/s',
      baseline: base.load.rps,
      baselineLabel: 'bare SELECT',
      target: '>= 0.5x baseline',
      met: notModified >= 0.5 * base.load.rps,
      note: `If-None-Match with each order's current ETag, ${REVALIDATED_ORDERS} orders; full lookups (200) in the same run ${prod.load.rps.toFixed(0)}/s; codes ${JSON.stringify(reval.load.statusCodes)}. ${describeProfile(reval.profile)}`,
    });

    // Moderate load: half the product's max, for both (latency compared at the same request rate).
    const rate = Math.max(1, Math.floor(prod.load.rps / 2));
    const prodHalf = await rateRun(ctx, 'product', product, rate, prodNext);
    const baseHalf = await rateRun(ctx, 'baseline', baseline, rate, baselineRequests(numbers, 'track'));
    report.add({
      suite: SUITE,
      name: `tracking.get p50 at ${rate}/s (half max)`,
      value: prodHalf.p50,
      unit: 'ms',
      baseline: baseHalf.p50,
      baselineLabel: 'same rate',
      target: '',
      met: null,
    });
    report.add({
      suite: SUITE,
      name: `tracking.get p99 at ${rate}/s (half max)`,
      value: prodHalf.p99,
      unit: 'ms',
      baseline: baseHalf.p99,
      baselineLabel: 'same rate',
      target: '< 10 ms',
      met: prodHalf.p99 < 10,
      note: `achieved ${prodHalf.rps.toFixed(0)}/s; baseline achieved ${baseHalf.rps.toFixed(0)}/s`,
    });

    // Light load: what one customer sees when the server is not busy. Paced, open loop, warm-up
    // excluded, LIGHT_SAMPLES samples each (see bench/lib/paced.ts for why not autocannon here).
    const paced = (server: ServerHandle, next: Next) =>
      runPaced({ url: server.url, rate: LIGHT_RATE, samples: LIGHT_SAMPLES, warmup: 200, next });
    const lightBase = await paced(baseline, baselineRequests(numbers, 'track'));
    console.log(`[${SUITE}] baseline (light, paced) at ${LIGHT_RATE}/s: ${describePaced(lightBase)}`);
    const lightProd = await paced(product, prodNext);
    console.log(`[${SUITE}] product (light, paced) at ${LIGHT_RATE}/s: ${describePaced(lightProd)}`);
    report.add({
      suite: SUITE,
      name: `tracking.get p99 at ${LIGHT_RATE}/s (light, ${LIGHT_SAMPLES} paced samples)`,
      value: lightProd.p99,
      unit: 'ms',
      baseline: lightBase.p99,
      baselineLabel: 'same rate',
      target: '<= 2x baseline, baseline < 10 ms',
      met: lightProd.p99 <= 2 * lightBase.p99 && lightBase.p99 < 10,
      note: `p50 ${lightProd.p50} ms (baseline ${lightBase.p50} ms); max ${lightProd.max} ms (baseline ${lightBase.max} ms); generator send lag p99 ${lightProd.sendLagP99} ms`,
    });

    // The rate limiter alone: one upsert per lookup. Priced on the baseline (SELECT vs upsert + SELECT,
    // many addresses) and on the product with every lookup from one address (one hot counter row).
    const baseRl = await maxRun(
      ctx,
      'baseline + limiter upsert',
      baseline,
      orders,
      baselineRequests(numbers, 'track-rl'),
    );
    report.add({
      suite: SUITE,
      name: 'rate-limit upsert: bare SELECT + upsert (rps)',
      value: baseRl.load.rps,
      unit: '/s',
      baseline: base.load.rps,
      baselineLabel: 'bare SELECT',
      target: '',
      met: null,
      note: `the limiter's upsert alone costs ${((1 - baseRl.load.rps / base.load.rps) * 100).toFixed(0)}% of the bare lookup's throughput. ${describeProfile(baseRl.profile)}`,
    });
    const oneIp = await maxRun(
      ctx,
      'product, one client address',
      product,
      orders,
      productRequests(numbers, appSecret, { varyAddress: false }),
    );
    report.add({
      suite: SUITE,
      name: 'tracking.get max, all lookups from one address (rps)',
      value: oneIp.load.rps,
      unit: '/s',
      baseline: prod.load.rps,
      baselineLabel: 'many addresses',
      target: '',
      met: null,
      note: `every lookup increments the same rate_limits row (track:ip:127.0.0.1). ${describeProfile(oneIp.profile)}`,
    });
  } finally {
    await baseline.stop();
    await product.stop();
  }
}
