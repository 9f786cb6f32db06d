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

/** iCarry code -> (shipment status, order status), for the bench's status sequence. */
function statusMapping(statuses: readonly string[]) {
  const mapping = statuses.map((code) => {
    const m = mapICarryStatus(code);
    if (m.kind !== 'known') throw new Error(`bench status ${code} is not an iCarry code`);
    return { code: String(m.code), status: m.status, order: m.orderStatus };
  });
  return new Map(mapping.map((m) => [m.code, m]));
}

/** The bare applier's tables: the queued pushes (shipment, status) and its follow-up job rows. */
async function prepareBareApply(client: pg.Client): Promise<void> {
  await client.query(
    `create table if not exists bench_apply (id bigserial primary key, provider_shipment_id text not null,
       status text not null, outcome text not null default 'pending')`,
  );
  await client.query(
    `create table if not exists bench_apply_jobs (id bigserial primary key, name text not null, data jsonb not null,
       singleton_key text unique, start_after timestamptz not null, created_on timestamptz not null default now())`,
  );
  await client.query("create index if not exists bench_apply_pending on bench_apply (id) where outcome = 'pending'");
  await client.query('truncate bench_apply, bench_apply_jobs');
}

/**
 * One batch of the bare applier: up to 100 queued pushes claimed with FOR UPDATE SKIP LOCKED; their
 * shipments' status set (the last of the batch's pushes per shipment) in one UPDATE, one history row
 * per push in one INSERT, the orders moved forward in one UPDATE, one follow-up job row per shipment
 * (a bare table with a unique key, as a queue's singleton) in one INSERT, the rows marked applied,
 * one commit. Returns how many pushes it applied (0: nothing was pending).
 */
async function applyBareBatch(client: pg.Client, byCode: ReturnType<typeof statusMapping>): Promise<number> {
  await client.query('begin');
  const claimed = await client.query<{ id: string; provider_shipment_id: string; status: string }>(
    `select id, provider_shipment_id, status from bench_apply where outcome = 'pending'
      order by id limit 100 for update skip locked`,
  );
  if (claimed.rows.length === 0) {
    await client.query('commit');
    return 0;
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
  return claimed.rows.length;
}

/**
 * The bare applier alone: `amount` status pushes (shipment, status code) queued beforehand, then
 * applied batch by batch (applyBareBatch) on one connection until none is pending. No receiving, no
 * status rules beyond "forward by rank" for the order, no customer messages or events, no queue
 * library. Printed beside the end-to-end figure for reference (it was that figure's baseline
 * until a product figure that includes receiving was measured against it: see bareEndToEnd).
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
    await prepareBareApply(client);
    await client.query(
      `insert into bench_apply (provider_shipment_id, status)
       select ($1::text[])[1 + (n % ${shipments.length})],
              (array[${statuses.map((s) => `'${Number(s)}'`).join(',')}])[1 + ((n / ${shipments.length}) % ${statuses.length})]
         from generate_series(0, ${amount - 1}) n`,
      [shipments.map((s) => s.providerShipmentId)],
    );
    await client.query('vacuum analyze bench_apply');
    const byCode = statusMapping(statuses);
    const started = performance.now();
    while ((await applyBareBatch(client, byCode)) > 0);
    const seconds = (performance.now() - started) / 1000;
    return { rps: amount / seconds, seconds };
  } finally {
    await client.end();
  }
}

/**
 * The baseline for "applied end to end", measured the way the product is (endToEnd): `amount`
 * pushes posted at full speed to the bare server's /webhook-apply (one INSERT each), while the bare
 * applier drains them on one connection (applyBareBatch; a 5 ms nap when it finds nothing, since
 * it has no wake-up), timed from the first post until none is pending.
 */
export async function bareEndToEnd(
  serverUrl: string,
  dbUrl: string,
  connections: number,
  amount: number,
  statuses: readonly string[],
  next: Next,
): Promise<{ rps: number; seconds: number; load: LoadResult }> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await prepareBareApply(client);
    const byCode = statusMapping(statuses);
    let posting = true;
    const started = performance.now();
    const applying = (async () => {
      for (;;) {
        // Read before the claim: a claim that finds nothing after the last answer means drained.
        const stillPosting = posting;
        const applied = await applyBareBatch(client, byCode);
        if (applied === 0 && !stillPosting) return;
        if (applied === 0) await sleep(5);
      }
    })();
    const load = await runLoad({ url: serverUrl, connections, amount, next }).finally(() => {
      posting = false;
    });
    await applying;
    const seconds = (performance.now() - started) / 1000;
    return { rps: load.ok / seconds, seconds, load };
  } finally {
    await client.end();
  }
}
