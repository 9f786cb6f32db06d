// node --import tsx bench/page-cpu.ts [--web-dist DIR] [--orders N] [--rounds N] [--duration S] [--profile]
// The tracking page's cost per request, robust to a busy machine: the product (as the bench starts it)
// on the kept bench_orders_<N> database (`npm run bench -- --only web --keep-db` makes it), pages
// of 5,000 orders with their link tokens at max rate, and the server's CPU divided by the pages it
// answered (ms of server CPU per page) beside the rate. --web-dist: another build of apps/web
// (dist/ with dist-ssr/ beside it), to compare renderers on the same database and machine.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { trackingToken } from '@app/api/bench';
import { FIRST_ORDER } from './lib/context';
import { describeLoad, runLoad } from './lib/load';
import { RESULTS_DIR, WEB_DIST } from './lib/paths';
import { databaseUrl } from './lib/pg';
import { describeProfile, startSampler } from './lib/sampler';
import { startProductServer } from './lib/servers';
import { rng } from './lib/stats';

const { values } = parseArgs({
  options: {
    'web-dist': { type: 'string', default: WEB_DIST },
    orders: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    pg: { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    profile: { type: 'boolean', default: false },
  },
});
const count = Number(values.orders);
const name = `bench_orders_${count}`;
const url = databaseUrl(values.pg, name);
const appSecret = randomBytes(36).toString('base64url');
const random = rng(17);
const paths = Array.from({ length: 5_000 }, () => {
  const n = `FB-${FIRST_ORDER + Math.floor(random() * count)}`;
  return `/order-tracking/${encodeURIComponent(n)}?t=${trackingToken(appSecret, n)}`;
});
const next = () => ({ method: 'GET' as const, path: paths[Math.floor(random() * paths.length)] as string });

const product = await startProductServer(
  'product-page-cpu',
  { databaseUrl: url, poolMax: 10, webDist: values['web-dist'], env: { LOG_LEVEL: 'info', APP_SECRET: appSecret } },
  values.profile,
);
/** The measured rounds on the monotonic clock (µs, as V8's profile timestamps) and the pages they answered. */
const windows: Array<[number, number]> = [];
let pages = 0;
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
try {
  const probe = await fetch(`${product.url}${paths[0]}`);
  if (probe.status !== 200) throw new Error(`the page answered ${probe.status}`);
  await runLoad({ url: product.url, connections: Number(values.connections), durationS: 5, next });
  for (let round = 1; round <= Number(values.rounds); round++) {
    const sampler = await startSampler(product.pid, url, name);
    const from = monotonicUs();
    const load = await runLoad({
      url: product.url,
      connections: Number(values.connections),
      durationS: Number(values.duration),
      next,
    });
    windows.push([from, monotonicUs()]);
    pages += load.statusCodes['200'] ?? 0;
    const p = await sampler.stop();
    const perPage = (cores: number | null) =>
      cores === null ? '?' : ((cores * p.seconds * 1000) / (load.rps * load.durationS)).toFixed(2);
    console.log(
      `round ${round}: ${describeLoad(load)}\n  server CPU ${perPage(p.serverCores)} ms/page, PostgreSQL ${perPage(p.postgresCores)} ms/page; ${describeProfile(p)}`,
    );
  }
} finally {
  await product.stop();
}
if (values.profile) summariseProfile();

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

/** The server's CPU profile inside the measured rounds only (not start-up, warm-up or background catch-up before them), per page. */
function summariseProfile(): void {
  const root = join(RESULTS_DIR, 'profiles');
  const dir = readdirSync(root)
    .filter((d) => d.startsWith('product-page-cpu-'))
    .map((d) => join(root, d))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const file = dir && readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!dir || !file) return console.log('no profile found');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const area = (node: ProfileNode): string => {
    const { url, functionName } = node.callFrame;
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(idle)') return '(idle)';
    if (!url)
      return functionName === 'writev' || functionName === 'writeUtf8String' ? `native ${functionName}` : '(native)';
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (nm) return `npm:${nm[1]}`;
    if (url.includes('dist-ssr')) return 'the page renderer (dist-ssr)';
    if (url.startsWith('node:')) return 'node:*';
    return url.replace(/^.*\//, '');
  };
  const selfUs = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (!windows.some(([a, b]) => t >= a && t <= b)) return;
    const node = byId.get(id);
    if (!node) return;
    const key = area(node);
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${key}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    if (key !== '(idle)') busy += dt;
  });
  console.log(
    `profile inside the measured rounds: ${(busy / 1000 / pages).toFixed(3)} ms busy per page (${pages} pages)`,
  );
  for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(`  ${(us / 1000 / pages).toFixed(3)} ms/page  ${((us / busy) * 100).toFixed(1)}%  ${key}`);
  console.log('by function:');
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${(us / 1000 / pages).toFixed(3)} ms/page  ${((us / busy) * 100).toFixed(1)}%  ${fn}`);
}
