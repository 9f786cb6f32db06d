import { mapICarryStatus } from '@app/shipping';
import pg from 'pg';
import { runLoad, type LoadResult } from '../lib/load';
import { query } from '../lib/pg';
import { sleep } from '../lib/stats';

/** Pushes waiting to be applied in the product's inbox. */
export async function pendingPushes(url: string): Promise<number> {
  const rows = await query<{ n: string }>(
    url,
    "select count(*)::text as n from webhook_inbox where outcome = 'pending'",
  );
  return Number(rows[0]?.n ?? 0);
}

/** Polls (every 20 ms) until the product's inbox has nothing pending; returns when that was seen. */
export async function waitDrained(url: string, timeoutMs = 600_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while ((await pendingPushes(url)) > 0) {
    if (Date.now() > deadline) throw new Error('the webhook inbox did not drain');
    await sleep(20);
  }
  return performance.now();
}

type Next = () => { method: 'POST'; path: string; headers: Record<string, string>; body: string };

/**
 * End to end: `amount` pushes posted at full speed, timed from the first post until the inbox has
 * nothing pending (every push stored AND applied). Pushes per second over that whole time.
 */
export async function endToEnd(
  serverUrl: string,
  dbUrl: string,
  connections: number,
  amount: number,
  next: Next,
): Promise<{ rps: number; load: LoadResult; drainMs: number; seconds: number }> {
  await waitDrained(dbUrl);
  const started = performance.now();
  const load = await runLoad({ url: serverUrl, connections, amount, next });
  const answeredAt = performance.now();
  const drainedAt = await waitDrained(dbUrl);
  const seconds = (drainedAt - started) / 1000;
  return { rps: load.ok / seconds, load, drainMs: drainedAt - answeredAt, seconds };
}

/**
 * Apply lag: pushes posted at a fixed `rate`; per push, the time from its storing (received_at)
 * to its applying (processed_at, stamped in the applying transaction), read from the inbox rows.
 */
export async function applyLag(
  serverUrl: string,
  dbUrl: string,
  connections: number,
  rate: number,
  seconds: number,
  next: Next,
): Promise<{ p50: number; p99: number; max: number; n: number; achieved: number; load: LoadResult }> {
  await waitDrained(dbUrl);
  const from = (await query<{ id: string }>(dbUrl, 'select coalesce(max(id), 0)::text as id from webhook_inbox'))[0]
    ?.id;
  const load = await runLoad({
    url: serverUrl,
    connections,
    amount: Math.max(connections * 10, rate * seconds),
    overallRate: rate,
    next,
  });
  await waitDrained(dbUrl);
  const rows = await query<{ p50: number; p99: number; max: number; n: string }>(
    dbUrl,
    `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99,
            max(ms) as max, count(*)::text as n
       from (select extract(epoch from (processed_at - received_at)) * 1000 as ms
               from webhook_inbox where id > $1 and processed_at is not null) lag`,
    [from ?? '0'],
  );
  const r = rows[0];
  return {
    p50: Number(r?.p50 ?? 0),
    p99: Number(r?.p99 ?? 0),
    max: Number(r?.max ?? 0),
    n: Number(r?.n ?? 0),
    achieved: load.rps,
    load,
  };
}

/**
 * The baseline for applying: the least a batched applier can do per status push and still write
 * the kinds of rows the product writes, in plain SQL on one connection. `amount` queued pushes
 * (shipment, status code) are claimed 100 at a time with FOR UPDATE SKIP LOCKED; each batch sets
 * its shipments' status (the last of the batch's pushes per shipment) in one UPDATE, writes one
 * history row per push in one INSERT, moves the orders forward in one UPDATE, queues one follow-up
 * job row per shipment (a bare table with a unique key, as a queue's singleton) in one INSERT, marks
 * its rows applied, one commit per batch. No status rules beyond "forward by rank" for the order,
 * no customer messages or events, no queue library: a floor the product is measured against.
 */
export async function bareBatchedApply(
  dbUrl: string,
  shipments: readonly { providerShipmentId: string }[],
  amount: number,
  statuses: readonly string[],
): Promise<{ rps: number; seconds: number }> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(
      `create table if not exists bench_apply (id bigserial primary key, provider_shipment_id text not null,
         status text not null, outcome text not null default 'pending')`,
    );
    await client.query(
      `create table if not exists bench_apply_jobs (id bigserial primary key, name text not null, data jsonb not null,
         singleton_key text unique, start_after timestamptz not null, created_on timestamptz not null default now())`,
    );
    await client.query('truncate bench_apply, bench_apply_jobs');
    await client.query(
      `insert into bench_apply (provider_shipment_id, status)
       select ($1::text[])[1 + (n % ${shipments.length})],
              (array[${statuses.map((s) => `'${Number(s)}'`).join(',')}])[1 + ((n / ${shipments.length}) % ${statuses.length})]
         from generate_series(0, ${amount - 1}) n`,
      [shipments.map((s) => s.providerShipmentId)],
    );
    await client.query("create index if not exists bench_apply_pending on bench_apply (id) where outcome = 'pending'");
    await client.query('vacuum analyze bench_apply');
    // iCarry code -> (shipment status, order status, order statuses that order status is forward of).
    const mapping = statuses.map((code) => {
      const m = mapICarryStatus(code);
      if (m.kind !== 'known') throw new Error(`bench status ${code} is not an iCarry code`);
      return { code: String(m.code), status: m.status, order: m.orderStatus };
    });
    const byCode = new Map(mapping.map((m) => [m.code, m]));
    const started = performance.now();
    for (;;) {
      await client.query('begin');
      const claimed = await client.query<{ id: string; provider_shipment_id: string; status: string }>(
        `select id, provider_shipment_id, status from bench_apply where outcome = 'pending'
          order by id limit 100 for update skip locked`,
      );
      if (claimed.rows.length === 0) {
        await client.query('commit');
        break;
      }
      const rows = claimed.rows.map((r) => ({ ...r, m: byCode.get(String(Number(r.status))) }));
      const args = [
        rows.map((r) => r.provider_shipment_id),
        rows.map((r) => r.m?.code ?? r.status),
        rows.map((r) => r.m?.status ?? null),
        rows.map((r) => r.m?.order ?? null),
      ];
      await client.query(
        `update shipments s set status = v.st, carrier_status_code = v.code, last_event_at = now(), updated_at = now()
           from (select distinct on (p) p, code, st from unnest($1::text[], $2::text[], $3::text[]) with ordinality as u(p, code, st, o)
                 order by p, o desc) v
          where s.provider_shipment_id = v.p`,
        args.slice(0, 3),
      );
      await client.query(
        `insert into status_history (order_id, shipment_id, shipment_status, carrier_status, description, recorded_at, source, applied)
         select s.order_id, s.id, u.st, u.code, u.st, now(), 'webhook', true
           from unnest($1::text[], $2::text[], $3::text[]) with ordinality as u(p, code, st, o)
           join shipments s on s.provider_shipment_id = u.p order by u.o`,
        args.slice(0, 3),
      );
      await client.query(
        `update orders o set status = v.os, updated_at = now()
           from (select distinct on (s.order_id) s.order_id, u.os from unnest($1::text[], $2::text[]) with ordinality as u(p, os, n)
                 join shipments s on s.provider_shipment_id = u.p order by s.order_id, u.n desc) v
          where o.id = v.order_id
            and coalesce(array_position($3::text[], o.status::text), 99) < coalesce(array_position($3::text[], v.os), 0)`,
        [args[0], args[3], ['processing', 'shipped', 'out_for_delivery', 'delivered']],
      );
      await client.query(
        `insert into bench_apply_jobs (name, data, singleton_key, start_after)
         select 'track', jsonb_build_object('shipmentId', s.id), 'track:' || s.id, now() + interval '5 seconds'
           from shipments s where s.provider_shipment_id = any($1::text[])
         on conflict (singleton_key) do nothing`,
        [args[0]],
      );
      await client.query(`update bench_apply set outcome = 'applied' where id = any($1::bigint[])`, [
        claimed.rows.map((r) => r.id),
      ]);
      await client.query('commit');
    }
    const seconds = (performance.now() - started) / 1000;
    return { rps: amount / seconds, seconds };
  } finally {
    await client.end();
  }
}
