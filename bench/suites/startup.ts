import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigTableSeqScans, explainAnalyze } from '../lib/capture';
import type { BenchContext, OrdersDatabase } from '../lib/context';
import { startInProcess } from '../lib/inprocess';
import { runLoad } from '../lib/load';
import { buildBenchServers } from '../lib/build';
import { BASELINE_SERVER, PRODUCT_MAIN, REPO_ROOT, RESULTS_DIR } from '../lib/paths';
import { CONFIG_ENV } from '../servers/protocol';
import { readRssKb } from '../lib/servers';
import { describeInvocation, startInvocation } from '../lib/node-flags';
import { median, sleep } from '../lib/stats';
import { baselineRequests, productRequests, sampleOrderNumbers } from './tracking';

const SUITE = 'startup';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  ms: number;
  unanswered: number;
  stop(): Promise<void>;
}

/** Spawns `node <script>` as `npm start` does and times it to the first healthy /healthz. */
async function spawnAndWait(
  name: string,
  script: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<Started> {
  const port = await freePort();
  mkdirSync(join(RESULTS_DIR, 'logs'), { recursive: true });
  const fd = openSync(join(RESULTS_DIR, 'logs', `${name}.log`), 'w');
  const started = performance.now();
  // The node flags and environment of `npm start` (package.json), for the product and the baseline alike.
  const invocation = startInvocation();
  const child = spawn(process.execPath, [...invocation.flags, script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...invocation.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let ms = -1;
  // Polls that connected but got no answer (the listener is up, the app not yet attached).
  let unanswered = 0;
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} before it was healthy (bench/results/logs/${name}.log)`);
    try {
      // A request that arrives after listen() but before the app is attached is never answered
      // (runtime.ts listens first, attaches the app last), so each poll gets its own short timeout.
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(250) });
      await res.arrayBuffer();
      if (res.status === 200) {
        ms = performance.now() - started;
        break;
      }
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') unanswered++;
    }
    await sleep(20);
  }
  if (ms < 0) {
    child.kill('SIGKILL');
    throw new Error(`${name} was not healthy within ${timeoutMs} ms`);
  }
  return {
    child,
    url,
    ms,
    unanswered,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** RSS at rest (after a few quiet seconds) and its peak under a tracking load. */
async function memory(
  ctx: BenchContext,
  s: Started,
  next: Parameters<typeof runLoad>[0]['next'],
): Promise<{ rest: number; settled: number; peak: number; rps: number }> {
  const pid = s.child.pid ?? 0;
  await sleep(3000);
  const rest = readRssKb(pid) ?? Number.NaN;
  // And once the process has been idle long enough for V8's first scavenges at rest (~30 s), which
  // shrink a young generation that start-up grew (docs/performance.md, RSS at rest).
  await sleep(SETTLE_MS - 3000);
  const settled = readRssKb(pid) ?? Number.NaN;
  let peak = Math.max(rest, settled);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, readRssKb(pid) ?? 0);
      await sleep(250);
    }
  })();
  const load = await runLoad({ url: s.url, connections: ctx.opts.connections, durationS: ctx.opts.duration, next });
  sampling = false;
  await sampler;
  return { rest: rest / 1024, settled: settled / 1024, peak: peak / 1024, rps: load.rps };
}

/** How long after the first healthy answer the settled RSS is read. */
const SETTLE_MS = 45_000;

/**
 * Every data statement a start issues (captured from the product's Kysely in process), each
 * EXPLAIN ANALYZEd on the 1,000,000-order database: which ones scan a large table.
 */
async function startupQueries(ctx: BenchContext, orders: OrdersDatabase): Promise<void> {
  const app = await startInProcess(orders.url, { poolMax: 2 });
  const statements = [...app.captured];
  await app.close();
  const data = statements.filter(
    (q) =>
      /^\s*(select|update|insert|delete|with)\b/i.test(q.sql) &&
      !/job_queue\.|pgboss|kysely_migration|pg_advisory/i.test(q.sql),
  );
  const slow: string[] = [];
  for (const q of data) {
    const plan = await explainAnalyze(orders.url, q);
    const scans = bigTableSeqScans(plan);
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
    if (scans.length > 0)
      slow.push(`${q.sql.replace(/\s+/g, ' ').slice(0, 140)} -> seq scan on ${scans.join(', ')}, ${ms.toFixed(0)} ms`);
  }
  ctx.report.add({
    suite: SUITE,
    name: 'start-up SQL: statements scanning a large table',
    value: slow.length,
    unit: '',
    baseline: null,
    target: '0',
    met: slow.length === 0,
    note: `${data.length} data statements at start-up (migrations and pg-boss excluded)${slow.length ? `: ${slow.join('; ')}` : ''}`,
  });
}

export async function startupSuite(ctx: BenchContext): Promise<void> {
  const { opts, report } = ctx;
  // What `npm start` runs, built from the sources as they are now; the baseline built the same way.
  execFileSync('npm', ['run', 'build', '-w', '@app/api'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  await buildBenchServers();
  const runs = opts.startupRuns;
  const appSecret = randomBytes(36).toString('base64url');
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: opts.logLevel,
    APP_SECRET: appSecret,
    TRACKING_LOOKUPS_PER_MINUTE: '1000000',
  };

  // PGlite: the first start creates, migrates and seeds the folder; the timed starts reopen it.
  const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
  try {
    const pgliteEnv = { ...common, DATABASE_URL: '', PGLITE_DIR: join(dir, 'pglite') };
    const first = await spawnAndWait('startup-pglite-first', PRODUCT_MAIN, pgliteEnv);
    await first.stop();
    const times: number[] = [];
    let unanswered = first.unanswered;
    let rest = Number.NaN;
    for (let i = 0; i < runs; i++) {
      const s = await spawnAndWait(`startup-pglite-${i}`, PRODUCT_MAIN, pgliteEnv);
      times.push(s.ms);
      unanswered += s.unanswered;
      if (i === runs - 1) {
        await sleep(3000);
        rest = (readRssKb(s.child.pid ?? 0) ?? Number.NaN) / 1024;
      }
      await s.stop();
    }
    report.add({
      suite: SUITE,
      name: `start to healthy, existing PGlite folder (median of ${runs})`,
      value: median(times),
      unit: 'ms',
      baseline: null,
      target: '',
      met: null,
      note: `runs ${times.map((t) => t.toFixed(0)).join(', ')} ms; first start on an empty folder (create, migrate, demo data) ${first.ms.toFixed(0)} ms; RSS at rest ${rest.toFixed(0)} MB; ${unanswered} health checks connected during start-up and were never answered (cut after 250 ms)`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // PostgreSQL with the orders database; the baseline is the bare server started the same way.
  const orders = await ctx.ordersDatabase();
  await startupQueries(ctx, orders);
  const pgEnv = { ...common, DATABASE_URL: orders.url };
  const baseEnv = { [CONFIG_ENV]: JSON.stringify({ databaseUrl: orders.url, poolMax: opts.pool }) };
  let unanswered = 0;
  const prodTimes: number[] = [];
  const baseTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = await spawnAndWait(`startup-baseline-${i}`, BASELINE_SERVER, baseEnv);
    baseTimes.push(b.ms);
    await b.stop();
    const p = await spawnAndWait(`startup-postgres-${i}`, PRODUCT_MAIN, pgEnv);
    prodTimes.push(p.ms);
    unanswered += p.unanswered;
    await p.stop();
  }
  report.add({
    suite: SUITE,
    name: `start to healthy, PostgreSQL with ${orders.count.toLocaleString('en-US')} orders (median of ${runs})`,
    value: median(prodTimes),
    unit: 'ms',
    baseline: median(baseTimes),
    baselineLabel: 'bare Express + pg',
    target: '',
    met: null,
    note: `product ${prodTimes.map((t) => t.toFixed(0)).join(', ')} ms; baseline ${baseTimes.map((t) => t.toFixed(0)).join(', ')} ms; both built bundles spawned with "${describeInvocation(startInvocation())}" (the product is apps/api/dist/main.js, as npm start runs it), timed to the first 200 from /healthz; ${unanswered} product health checks connected during start-up and were never answered (cut after 250 ms)`,
  });

  const numbers = sampleOrderNumbers(orders);
  const p = await spawnAndWait('memory-postgres', PRODUCT_MAIN, pgEnv);
  let prodMem;
  try {
    prodMem = await memory(ctx, p, productRequests(numbers, appSecret, { varyAddress: true }));
  } finally {
    await p.stop();
  }
  const b = await spawnAndWait('memory-baseline', BASELINE_SERVER, baseEnv);
  let baseMem;
  try {
    baseMem = await memory(ctx, b, baselineRequests(numbers, 'track'));
  } finally {
    await b.stop();
  }
  report.add({
    suite: SUITE,
    name: 'RSS at rest, PostgreSQL (MB)',
    value: prodMem.rest,
    unit: 'MB',
    baseline: baseMem.rest,
    baselineLabel: 'bare Express + pg',
    target: '',
    met: null,
    note: `VmRSS 3 s after the first healthy answer; both run as \`${describeInvocation(startInvocation())}\` (package.json "start")`,
  });
  report.add({
    suite: SUITE,
    name: 'RSS settled, 45 s idle after start, PostgreSQL (MB)',
    value: prodMem.settled,
    unit: 'MB',
    baseline: baseMem.settled,
    baselineLabel: 'bare Express + pg',
    target: '',
    met: null,
    note: `VmRSS ${SETTLE_MS / 1000} s after the first healthy answer, nothing asked meanwhile (for reference beside "RSS at rest": V8 shrinks a young generation grown at start-up at its first scavenges at rest)`,
  });
  report.add({
    suite: SUITE,
    name: `RSS peak under tracking load, ${opts.duration} s (MB)`,
    value: prodMem.peak,
    unit: 'MB',
    baseline: baseMem.peak,
    baselineLabel: 'bare, same load',
    target: '',
    met: null,
    note: `VmRSS of the child, sampled every 250 ms; product served ${prodMem.rps.toFixed(0)} lookups/s, baseline ${baseMem.rps.toFixed(0)}/s`,
  });
}
