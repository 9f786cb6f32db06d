// node --import tsx bench/profile-creates.ts [--creates N] [--warmup N] [--concurrency N] [--pg URL] [--profile]
// Where a REST create's time goes: the product in this process (startRuntime, workers off, as the
// orders-in suite runs it), the client (fetch, 16 at once) in a worker thread, so the main thread's
// CPU is the product's alone. Prints creates/s, the main thread's CPU per create (from
// /proc/self/task/<pid>/stat), statements per create and their round trips; with --profile a V8
// CPU profile of the main thread (bench/results/profiles/creates-<time>/CPU.main.cpuprofile) for
// bench/profile-summary.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startInProcess } from './lib/inprocess';
import { RESULTS_DIR } from './lib/paths';
import { createScratchDatabase, dropScratchDatabase } from './lib/pg';
import { arg, benchPgUrl, SCRIPT_ARGS } from './lib/args';

const creates = Number(arg('creates', '1000'));
const warmup = Number(arg('warmup', '300'));
const concurrency = Number(arg('concurrency', '16'));
const pg = benchPgUrl();
const profile = SCRIPT_ARGS.includes('--profile');

/** The client: `count` creates from index `from`, `concurrency` at once, the same bodies as the orders-in suite. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, key, from, count, concurrency } = workerData;
function apiBody(i) {
  return {
    externalId: 'BENCH-API-' + i,
    paymentMethod: i % 3 === 0 ? 'cod' : 'prepaid',
    customer: { name: 'Bench Customer ' + i, phone: '9' + String(100000000 + i).padStart(9, '0') },
    shippingAddress: { line1: i + ', MG Road', city: 'Bengaluru', state: 'Karnataka', pincode: '560001' },
    items: [
      { sku: 'BENCH-SKU-' + (i % 50), name: 'Bench Pickle', quantity: 1, unitPrice: '349.00', weight: '500g' },
      { sku: 'BENCH-SKU-' + ((i + 7) % 50), name: 'Bench Masala', quantity: 2, unitPrice: '149.00' },
    ],
    shippingCharge: '49.00',
  };
}
let next = 0;
const statuses = {};
async function worker() {
  while (next < count) {
    const i = from + next++;
    const res = await fetch(base + '/api/v1/orders', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + key, 'idempotency-key': 'bench-' + i, 'content-type': 'application/json' },
      body: JSON.stringify(apiBody(i)),
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
}
const started = performance.now();
Promise.all(Array.from({ length: concurrency }, worker)).then(() =>
  parentPort.postMessage({ ms: performance.now() - started, statuses }),
);
`;

function runClient(data: { base: string; key: string; from: number; count: number; concurrency: number }) {
  return new Promise<{ ms: number; statuses: Record<string, number> }>((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** CPU (user + system) of this process's main thread in ms, from /proc (clock ticks of 10 ms). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const name = `bench_createprof_${Date.now().toString(36)}`;
const url = await createScratchDatabase(pg, name);
try {
  const app = await startInProcess(url, { poolMax: 10, env: { API_REQUESTS_PER_MINUTE: '1000000' } });
  try {
    const { key } = await app.adminCaller.apiKeys.create({ name: 'bench' });
    const base = app.runtime.url;
    const warm = await runClient({ base, key, from: 0, count: warmup, concurrency });
    console.log(`warm-up: ${warmup} creates, ${JSON.stringify(warm.statuses)}`);
    app.captured.length = 0;
    const session = new Session();
    if (profile) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 1000 });
      await session.post('Profiler.start');
    }
    const cpu = mainThreadCpuMs();
    const run = await runClient({ base, key, from: warmup, count: creates, concurrency });
    const used = mainThreadCpuMs() - cpu;
    if (profile) {
      const { profile: cpuProfile } = await session.post('Profiler.stop');
      const dir = join(RESULTS_DIR, 'profiles', `creates-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'CPU.main.cpuprofile');
      writeFileSync(file, JSON.stringify(cpuProfile));
      console.log(`profile: ${file}`);
      session.disconnect();
    }
    const shapes = new Map<string, { n: number; ms: number }>();
    for (const q of app.captured) {
      const shape = q.sql.replace(/\s+/g, ' ').slice(0, 110);
      const s = shapes.get(shape) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += q.ms;
      shapes.set(shape, s);
    }
    console.log(
      `${creates} creates, ${concurrency} at once: ${((creates / run.ms) * 1000).toFixed(0)} /s, ${JSON.stringify(run.statuses)}; ` +
        `main thread CPU ${(used / creates).toFixed(2)} ms a create; ${(app.captured.length / creates).toFixed(2)} statements a create`,
    );
    for (const [shape, s] of [...shapes].sort((a, b) => b[1].n - a[1].n).slice(0, 20))
      console.log(`${s.n.toString().padStart(6)}  ${(s.ms / s.n).toFixed(2).padStart(6)} ms/each  ${shape}`);
  } finally {
    await app.close();
  }
} finally {
  await dropScratchDatabase(pg, name);
}
