// node --import tsx bench/profile-apply.ts [--pushes N] [--shipments N] [--loops N] [--pg URL] [--keep]
// Where the push applier's time goes: N status pushes stored through the product's ingest (in
// process, applier off), then applied by applyPendingPushes alone (--loops at once); prints pushes/s, the applier's
// Node CPU per push and, per statement shape, count and round-trip time (from the product's Kysely).
import { createLogger, parseEnv, startRuntime, ingestPush, applyPendingPushes } from '@app/api/bench';
import { createCapturingDatabase } from './lib/capture';
import { createScratchDatabase, dropScratchDatabase } from './lib/pg';
import { prepareDatabase, STATUS_SEQUENCE } from './suites/webhooks';
import { arg, benchPgUrl, SCRIPT_ARGS } from './lib/args';

const pushes = Number(arg('pushes', '6000'));
const shipmentCount = Number(arg('shipments', '18000'));
const loops = Number(arg('loops', '1'));
const pg = benchPgUrl();
const name = `bench_applyprof_${Date.now().toString(36)}`;
const url = await createScratchDatabase(pg, name);
try {
  const shipments = await prepareDatabase(url, shipmentCount, []);
  const capturing = createCapturingDatabase(url, 4);
  const runtime = await startRuntime({
    env: parseEnv({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_DEMO_DATA: 'false',
    }),
    database: capturing,
    logger: createLogger({ level: 'silent' }),
    startWorkers: false,
    applyInbox: false,
  });
  try {
    for (let n = 0; n < pushes; n++) {
      const s = shipments[n % shipments.length];
      if (!s) throw new Error('no shipments');
      const body = {
        client_name: 'icarry',
        callback_type: 'sync_status',
        awb: s.awb,
        status: STATUS_SEQUENCE[Math.floor(n / shipments.length) % STATUS_SEQUENCE.length] ?? '25',
        shipment_id: s.providerShipmentId,
        client_order_id: s.clientRef,
      };
      await ingestPush(runtime.deps, {
        rawBody: JSON.stringify(body),
        contentType: 'application/json',
        headers: {},
        body,
      });
    }
    capturing.captured.length = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let applied = 0;
    let batches = 0;
    const loop = async () => {
      for (let n = await applyPendingPushes(runtime.deps); n > 0; n = await applyPendingPushes(runtime.deps)) {
        applied += n;
        batches++;
      }
    };
    await Promise.all(Array.from({ length: loops }, loop));
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const shapes = new Map<string, { n: number; ms: number }>();
    for (const q of capturing.captured) {
      const key = q.sql
        .replace(/\s+/g, ' ')
        .replace(/\(\$\d+[^)]*\)(, \(\$\d+[^)]*\))+/g, '(...)')
        .slice(0, 100);
      const s = shapes.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += q.ms;
      shapes.set(key, s);
    }
    const sqlMs = [...shapes.values()].reduce((a, s) => a + s.ms, 0);
    console.log(
      `${applied} pushes in ${batches} batches, ${(ms / 1000).toFixed(2)} s: ${((applied / ms) * 1000).toFixed(0)} pushes/s, ` +
        `${(ms / applied).toFixed(3)} ms a push (statements' round trips ${(sqlMs / applied).toFixed(3)} ms, ` +
        `Node CPU ${((used.user + used.system) / 1000 / applied).toFixed(3)} ms), ${(capturing.captured.length / applied).toFixed(2)} statements a push`,
    );
    for (const [key, s] of [...shapes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
      console.log(
        `${s.n.toString().padStart(6)}  ${s.ms.toFixed(0).padStart(6)} ms  ${(s.ms / s.n).toFixed(2).padStart(6)} ms/each  ${key}`,
      );
  } finally {
    await runtime.close();
    await capturing.close();
  }
} finally {
  if (!SCRIPT_ARGS.includes('--keep')) await dropScratchDatabase(pg, name);
}
