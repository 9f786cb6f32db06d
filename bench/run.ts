// npm run bench [-- options]: prints each figure with its baseline and ratio. Exits non-zero only
// when a suite could not run, never because a target was missed. See docs/performance.md.
import { cpus, totalmem } from 'node:os';
import { BenchContext } from './lib/context';
import { parseOptions, USAGE, type SuiteName } from './lib/options';
import { RESULTS_DIR } from './lib/paths';
import { serverSettings } from './lib/pg';
import { Report, textTable } from './lib/report';
import { codConfirmationSuite } from './suites/cod-confirmation';
import { labelsSuite } from './suites/labels';
import { ordersInSuite } from './suites/orders-in';
import { ordersListSuite } from './suites/orders-list';
import { promiseSuite } from './suites/promise';
import { shippingSuite } from './suites/shipping';
import { startupSuite } from './suites/startup';
import { trackingSuite } from './suites/tracking';
import { webSuite } from './suites/web';
import { webhooksSuite } from './suites/webhooks';

const SUITE_RUNNERS: Partial<Record<SuiteName, (ctx: BenchContext) => Promise<void>>> = {
  webhooks: webhooksSuite,
  tracking: trackingSuite,
  list: ordersListSuite,
  ship: shippingSuite,
  web: webSuite,
  startup: startupSuite,
  labels: labelsSuite,
  'orders-in': ordersInSuite,
  promise: promiseSuite,
  'cod-confirm': codConfirmationSuite,
};

let opts;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(`[bench] ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(2);
}

const report = new Report();
const ctx = new BenchContext(opts, report);
const started = performance.now();
const meta: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  options: opts,
};

try {
  meta.postgres = await serverSettings(opts.pg);
} catch (err) {
  console.error(`[bench] cannot reach PostgreSQL at ${opts.pg}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
console.log(`[bench] ${JSON.stringify(meta)}`);
if (opts.experiments.length > 0)
  console.log(
    `[bench] EXPERIMENT RUN (${opts.experiments.join(', ')}): the databases were changed; these are not the product's figures`,
  );

for (const suite of opts.suites) {
  const runner = SUITE_RUNNERS[suite];
  if (!runner) continue;
  const suiteStarted = performance.now();
  console.log(`\n[bench] === ${suite} ===`);
  try {
    await runner(ctx);
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    report.failures.push({ suite, error: message.split('\n')[0] ?? message });
    console.error(`[bench] ${suite} could not run: ${message}`);
  }
  console.log(`[bench] ${suite} took ${((performance.now() - suiteStarted) / 1000).toFixed(0)} s`);
}

await ctx.cleanup();
if (opts.experiments.length > 0)
  for (const f of report.figures) f.name = `${f.name} [experiment: ${opts.experiments.join(', ')}]`;
const totalSeconds = Math.round((performance.now() - started) / 1000);
meta.totalSeconds = totalSeconds;
console.log(`\n[bench] figures (${totalSeconds} s in all)\n`);
console.log(textTable(report.figures));
for (const f of report.failures) console.log(`\n[bench] ${f.suite} could not run: ${f.error}`);
const saved = report.save(RESULTS_DIR, meta);
console.log(`\n[bench] saved ${saved}.json and .md`);
process.exit(report.failures.length > 0 ? 1 : 0);
