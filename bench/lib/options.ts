import { parseArgs } from 'node:util';
import { EXPERIMENTS, isExperiment, type ExperimentName } from './experiments';

export const SUITES = [
  'webhooks',
  'tracking',
  'list',
  'ship',
  'web',
  'startup',
  'labels',
  'orders-in',
  'promise',
  'cod-confirm',
] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchOptions {
  suites: SuiteName[];
  /** Orders in the shared database for tracking, orders.list and start-up. */
  orders: number;
  /** Shipments the webhook pushes go to, in turn (each gets its status sequence in order). */
  webhookShipments: number;
  /** Seconds per measured autocannon run. */
  duration: number;
  /** Warm-up requests per connection before a max-rate run (they also estimate its rate). */
  warmup: number;
  connections: number;
  /** Alternating baseline/product max-rate rounds; the best of each counts. */
  rounds: number;
  /** pg pool size for the product and the baseline alike. */
  pool: number;
  ship: number;
  shipConcurrency: number;
  shipLatencyMs: number;
  /** BULK_SHIP_CONCURRENCY for the orders.shipMany run (the product's default is 4). */
  bulkConcurrency: number;
  listRuns: number;
  fcpLoads: number;
  startupRuns: number;
  /** PostgreSQL server (any database on it; scratch databases are created next to it). */
  pg: string;
  /** Keep the orders database after the run and reuse it next time (same --orders). */
  keepDb: boolean;
  logLevel: string;
  /** Database-only trials of proposed fixes (lib/experiments.ts); none by default. */
  experiments: ExperimentName[];
  /** Run product servers with --cpu-prof (bench/results/profiles). */
  profile: boolean;
  /** Skip `npm run build -w @app/web` and measure the dist/ that is there. */
  noBuild: boolean;
}

export const USAGE = `usage: npm run bench [-- options]
  --only a,b            suites to run: ${SUITES.join(', ')} (default: all)
  --skip a,b            suites to leave out
  --orders N            orders for tracking/list/startup (default 1000000)
  --webhook-shipments N shipments the webhook pushes go to in turn (default 18000 of 20000 orders, so repeats stay the sequence's own 2 in 8)
  --duration S          seconds per measured load run (default 10)
  --warmup N            warm-up requests per connection before max-rate runs (default 30)
  --connections N       autocannon connections (default 16)
  --rounds N            alternating baseline/product max-rate rounds, best of each (default 2)
  --pool N              pg pool size, product and baseline (default 10, the product's default)
  --ship N              orders booked in the bulk-shipping run (default 200; full size 1000)
  --ship-concurrency N  parallel orders.ship calls (default 16)
  --ship-latency MS     sandbox latency per iCarry call (default 200)
  --bulk-concurrency N  BULK_SHIP_CONCURRENCY for the orders.shipMany run (default 4, as the product)
  --list-runs N         timed runs per orders.list query (default 50)
  --fcp-loads N         tracking page loads for first contentful paint (default 10)
  --startup-runs N      starts per database kind (default 3)
  --pg URL              PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --keep-db             keep the orders database (bench_orders_<N>) and reuse it next time
  --log-level L         product LOG_LEVEL (default info, as in production)
  --no-build            do not rebuild apps/web before the web suite
  --profile             product servers write a V8 CPU profile to bench/results/profiles
  --experiment a,b      try a proposed fix on the bench databases (not the product's figures):
                        ${Object.keys(EXPERIMENTS).join(', ')}`;

function int(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

function suiteList(text: string | undefined): SuiteName[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names)
    if (!(SUITES as readonly string[]).includes(n))
      throw new Error(`unknown suite "${n}" (known: ${SUITES.join(', ')})`);
  return names as SuiteName[];
}

function experimentList(text: string | undefined): ExperimentName[] {
  const names = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names)
    if (!isExperiment(n)) throw new Error(`unknown experiment "${n}" (known: ${Object.keys(EXPERIMENTS).join(', ')})`);
  return names as ExperimentName[];
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      skip: { type: 'string' },
      orders: { type: 'string' },
      'webhook-shipments': { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      pool: { type: 'string' },
      ship: { type: 'string' },
      'ship-concurrency': { type: 'string' },
      'ship-latency': { type: 'string' },
      'bulk-concurrency': { type: 'string' },
      'list-runs': { type: 'string' },
      'fcp-loads': { type: 'string' },
      'startup-runs': { type: 'string' },
      pg: { type: 'string' },
      'keep-db': { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      experiment: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = suiteList(values.only);
  const skip = suiteList(values.skip) ?? [];
  return {
    suites: (only ?? [...SUITES]).filter((s) => !skip.includes(s)),
    orders: int('orders', values.orders, 1_000_000),
    webhookShipments: int('webhook-shipments', values['webhook-shipments'], 18000),
    duration: int('duration', values.duration, 10),
    warmup: int('warmup', values.warmup, 30),
    connections: int('connections', values.connections, 16),
    rounds: int('rounds', values.rounds, 2),
    pool: int('pool', values.pool, 10),
    ship: int('ship', values.ship, 200),
    shipConcurrency: int('ship-concurrency', values['ship-concurrency'], 16),
    shipLatencyMs: int('ship-latency', values['ship-latency'], 200, 0),
    bulkConcurrency: int('bulk-concurrency', values['bulk-concurrency'], 4),
    listRuns: int('list-runs', values['list-runs'], 50),
    fcpLoads: int('fcp-loads', values['fcp-loads'], 10),
    startupRuns: int('startup-runs', values['startup-runs'], 3),
    pg: values.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    keepDb: values['keep-db'],
    logLevel: values['log-level'] ?? 'info',
    noBuild: values['no-build'],
    profile: values.profile,
    experiments: experimentList(values.experiment),
  };
}
