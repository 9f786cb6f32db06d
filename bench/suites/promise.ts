import { randomBytes } from 'node:crypto';
import { catchUpDeliveryMemory, createDatabase, rememberClosedShipments } from '@app/db';
import { sql } from 'kysely';
import type { BenchContext } from '../lib/context';
import { describeLoad, runLoad, type LoadResult } from '../lib/load';
import { startBaselineServer, startProductServer } from '../lib/servers';
import { rng } from '../lib/stats';

const SUITE = 'promise';
/** Distinct pincodes asked (the store's own and others) and client addresses (X-Forwarded-For). */
const PINCODES = 4_000;
const CLIENT_ADDRESSES = 20_000;
const PACED_RATE = 200;
/** Closing pushes timed one by one for the memory's cost per push. */
const PUSH_SAMPLES = 400;

type Next = () => { method: 'GET'; path: string; headers?: Record<string, string> };

function requests(pincodes: string[], path: (pincode: string) => string): Next {
  const random = rng(21);
  return () => {
    const n = Math.floor(random() * CLIENT_ADDRESSES);
    return {
      method: 'GET',
      path: path(pincodes[Math.floor(random() * pincodes.length)] as string),
      headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    };
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * The delivery memory and the promise (issue 25) over the shared orders database: the catch-up of
 * its whole history, the cost per closing push against a bare UPDATE + upsert, and the promise API
 * against a bare handler reading one memory row, at its max and at 200/s.
 */
export async function promiseSuite(ctx: BenchContext): Promise<void> {
  const { opts, report } = ctx;
  const orders = await ctx.ordersDatabase();
  const database = await createDatabase({ url: orders.url, poolMax: 4 });
  let pincodes: string[];
  try {
    const started = performance.now();
    const counted = await catchUpDeliveryMemory(database.db, new Date(), 5_000);
    const seconds = (performance.now() - started) / 1000;
    await sql`vacuum (analyze) delivery_memory`.execute(database.db);
    report.add({
      suite: SUITE,
      name: `delivery memory catch-up (closed parcels/s, ${orders.count.toLocaleString('en-US')} orders)`,
      value: seconds > 0 ? counted / seconds : counted,
      unit: '/s',
      baseline: null,
      target: '',
      met: null,
      note: `${counted.toLocaleString('en-US')} parcels in ${seconds.toFixed(1)} s (once, at the first start after the upgrade; 0 when already counted)`,
    });

    // Cost per closing push: the memory's two statements for one parcel, against a bare UPDATE of
    // one shipment row plus one single-row upsert (the least any counter could cost).
    const { rows } = await sql<{ id: string }>`
      select id from shipments where direction = 'forward' and status = 'delivered' order by id desc limit ${PUSH_SAMPLES * 2}`.execute(
      database.db,
    );
    const ids = rows.map((r) => r.id);
    await sql`update shipments set remembered_at = null where id in (${sql.join(ids.slice(0, PUSH_SAMPLES))})`.execute(
      database.db,
    );
    const memoryMs: number[] = [];
    for (const id of ids.slice(0, PUSH_SAMPLES)) {
      const t = performance.now();
      await database.db
        .transaction()
        .execute((tx) => rememberClosedShipments(tx, { now: new Date(), shipmentIds: [id] }));
      memoryMs.push(performance.now() - t);
    }
    await sql`create temporary table if not exists bench_counter (k text primary key, n int not null)`.execute(
      database.db,
    );
    const bareMs: number[] = [];
    for (const id of ids.slice(PUSH_SAMPLES)) {
      const t = performance.now();
      await database.db.transaction().execute(async (tx) => {
        await sql`update shipments set updated_at = updated_at where id = ${id}`.execute(tx);
        await sql`insert into delivery_memory as m (scope, place, courier, payment, closed, transit_days, updated_at)
          values ('pincode', '100000', '*', 'cod', 1, array_fill(0, array[31]), now())
          on conflict (scope, place, courier, payment) do update set closed = m.closed + 1`.execute(tx);
      });
      bareMs.push(performance.now() - t);
    }
    await sql`delete from delivery_memory where place = '100000'`.execute(database.db);
    report.add({
      suite: SUITE,
      name: 'delivery memory: cost per closing push (ms, median)',
      value: Math.round(median(memoryMs) * 100) / 100,
      unit: 'ms',
      baseline: Math.round(median(bareMs) * 100) / 100,
      baselineLabel: 'bare UPDATE + one-row upsert',
      target: '',
      met: null,
      note: `${PUSH_SAMPLES} parcels each in its own transaction; pushes that close nothing cost nothing`,
    });

    const known = await sql<{ place: string }>`
      select place from delivery_memory where scope = 'pincode' and courier = '*' group by place`.execute(database.db);
    const random = rng(5);
    pincodes = [
      ...known.rows.map((r) => r.place),
      ...Array.from({ length: PINCODES }, () => String(110_000 + Math.floor(random() * 745_000))),
    ].slice(0, PINCODES);
  } finally {
    await database.close();
  }

  const baseline = await startBaselineServer('baseline-promise', { databaseUrl: orders.url, poolMax: opts.pool });
  const product = await startProductServer('product-promise', {
    databaseUrl: orders.url,
    poolMax: opts.pool,
    env: { LOG_LEVEL: opts.logLevel, APP_SECRET: randomBytes(36).toString('base64url') },
  });
  try {
    const prodNext = requests(pincodes, (p) => `/api/v1/promise?pincode=${p}`);
    const baseNext = requests(pincodes, (p) => `/promise-row/${p}`);
    const probe = await fetch(`${product.url}/api/v1/promise?pincode=${pincodes[0]}`);
    if (probe.status !== 200) throw new Error(`promise probe answered ${probe.status}: ${await probe.text()}`);
    // Warm both (the product asks iCarry once per pincode and keeps the answer).
    await runLoad({ url: product.url, connections: opts.connections, amount: pincodes.length * 2, next: prodNext });
    await runLoad({ url: baseline.url, connections: opts.connections, durationS: 2, next: baseNext });

    const runs: { base: LoadResult; prod: LoadResult }[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const base = await runLoad({
        url: baseline.url,
        connections: opts.connections,
        durationS: opts.duration,
        next: baseNext,
      });
      const prod = await runLoad({
        url: product.url,
        connections: opts.connections,
        durationS: opts.duration,
        next: prodNext,
      });
      console.log(
        `[${SUITE}] round ${round} baseline: ${describeLoad(base)}\n[${SUITE}] round ${round} product: ${describeLoad(prod)}`,
      );
      runs.push({ base, prod });
    }
    const base = runs.reduce((a, r) => (r.base.rps > a.rps ? r.base : a), runs[0]?.base as LoadResult);
    const prod = runs.reduce((a, r) => (r.prod.rps > a.rps ? r.prod : a), runs[0]?.prod as LoadResult);
    report.add({
      suite: SUITE,
      name: `promise API max (rps, ${orders.count.toLocaleString('en-US')} orders of history)`,
      value: prod.rps,
      unit: '/s',
      baseline: base.rps,
      baselineLabel: 'bare handler reading one row',
      target: '>= 0.5x baseline',
      met: prod.rps >= 0.5 * base.rps,
      note: `${pincodes.length} pincodes, ${CLIENT_ADDRESSES} client addresses; product non-2xx/errors ${prod.non2xx + prod.errors}`,
    });

    const prodPaced = await runLoad({
      url: product.url,
      connections: opts.connections,
      durationS: opts.duration,
      overallRate: PACED_RATE,
      next: prodNext,
    });
    const basePaced = await runLoad({
      url: baseline.url,
      connections: opts.connections,
      durationS: opts.duration,
      overallRate: PACED_RATE,
      next: baseNext,
    });
    report.add({
      suite: SUITE,
      name: `promise API p99 at ${PACED_RATE}/s`,
      value: prodPaced.p99,
      unit: 'ms',
      baseline: basePaced.p99,
      baselineLabel: 'same rate',
      target: '< 10 ms',
      met: prodPaced.p99 < 10,
      note: `p50 ${prodPaced.p50} ms (baseline ${basePaced.p50} ms); achieved ${prodPaced.rps.toFixed(0)}/s`,
    });
  } finally {
    await product.stop();
    await baseline.stop();
  }
}
