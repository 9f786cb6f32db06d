import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import {
  countOrdersByStatus,
  listOrders,
  encodeOrderCursor,
  type ListOrdersInput,
} from '../repositories/order-list.repository';
import type { DB } from '../schema';
import { describeTarget, readCliEnv } from './env';

// node --import tsx packages/db/src/cli/bench-orders.ts [--plans]
// Times the orders list, search and counts on DATABASE_URL (PostgreSQL only) and prints EXPLAIN ANALYZE.
const { values } = parseArgs({
  options: {
    plans: { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    cap: { type: 'string' },
    only: { type: 'string' },
  },
});
const env = readCliEnv();
if (!env.databaseUrl) throw new Error('set DATABASE_URL: this benchmark measures PostgreSQL');
const runs = Number(values.runs);
const tuning = values.cap ? { nameSearchCustomerCap: Number(values.cap) } : undefined;
const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
let captured: CompiledQuery[] = [];
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query') captured.push(event.query);
  },
});

async function cursorAtDepth(depth: number, status?: string): Promise<string> {
  const row = await sql<{ id: string; key: string }>`
    select id, to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key from orders
    ${status ? sql`where status = ${status}` : sql``}
    order by placed_at desc, id desc offset ${depth - 1} limit 1`.execute(db);
  const first = row.rows[0];
  if (!first) throw new Error(`fewer than ${depth} orders`);
  return encodeOrderCursor({ placedAt: first.key, id: first.id });
}

async function sample(): Promise<{
  orderNumber: string;
  phone: string;
  contactPhone: string;
  awb: string;
  name: string;
}> {
  const r = await sql<{ order_number: string; phone: string; contact_phone: string; awb: string; name: string }>`
    select o.order_number, c.phone, o.contact_phone, s.awb, c.name from orders o
    join customers c on c.id = o.customer_id join shipments s on s.order_id = o.id and s.awb is not null
    where o.contact_phone <> c.phone order by o.id desc limit 1 offset 1234`.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error('no sample order');
  return {
    orderNumber: row.order_number,
    phone: row.phone,
    contactPhone: row.contact_phone,
    awb: row.awb,
    name: row.name,
  };
}

async function measure(label: string, fn: () => Promise<unknown>): Promise<void> {
  if (values.only && !label.includes(values.only)) return;
  const times: number[] = [];
  let queries: CompiledQuery[] = [];
  for (let i = 0; i < runs; i++) {
    captured = [];
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    queries = captured;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  let serverMs = '';
  const plans: string[] = [];
  const client = await pool.connect();
  try {
    for (const q of queries.filter((query) => /^\s*(select|with)\b/i.test(query.sql))) {
      const res = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, [
        ...q.parameters,
      ]);
      const lines = res.rows.map((r) => r['QUERY PLAN']);
      serverMs += `${lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?'} `;
      plans.push(lines.join('\n'));
    }
  } finally {
    client.release();
  }
  console.log(
    `${label.padEnd(44)} median ${median.toFixed(2).padStart(7)} ms (min ${(times[0] ?? 0).toFixed(2)}), server ${serverMs.trim()}`,
  );
  if (values.plans) for (const p of plans) console.log(p.replace(/^/gm, '    '), '\n');
}

const list = (input: ListOrdersInput) => () => listOrders(db, input, tuning);
try {
  console.log(`[bench] ${describeTarget(env)}`);
  const total = await sql<{ n: string }>`select count(*)::text as n from orders`.execute(db);
  console.log(`[bench] ${Number(total.rows[0]?.n).toLocaleString('en-IN')} orders; ${runs} runs each, warm cache`);
  const s = await sample();
  const deep10k = await cursorAtDepth(10_000);
  const deep500k = await cursorAtDepth(500_000);
  const deliveredDeep = await cursorAtDepth(10_000, 'delivered');

  await measure('list: first page (50)', list({ limit: 50 }));
  await measure('list: 10,000 rows deep (cursor)', list({ limit: 50, cursor: deep10k }));
  await measure('list: 500,000 rows deep (page 10,000)', list({ limit: 50, cursor: deep500k }));
  await measure('list: status=processing first page', list({ limit: 50, status: 'processing' }));
  await measure('list: status=delivered 10,000 deep', list({ limit: 50, status: 'delivered', cursor: deliveredDeep }));
  await measure(
    `search: order number "${s.orderNumber.toLowerCase()}"`,
    list({ limit: 50, search: s.orderNumber.toLowerCase() }),
  );
  await measure(
    `search: order digits "${s.orderNumber.replace(/\D/g, '')}"`,
    list({ limit: 50, search: s.orderNumber.replace(/\D/g, '') }),
  );
  await measure(`search: customer phone "+91 ${s.phone}"`, list({ limit: 50, search: `+91 ${s.phone}` }));
  await measure(`search: contact phone "${s.contactPhone}"`, list({ limit: 50, search: s.contactPhone }));
  await measure(`search: AWB "${s.awb}"`, list({ limit: 50, search: s.awb }));
  const [first = s.name, last = ''] = s.name.split(' ');
  const names = [
    first.slice(0, 2),
    first.slice(0, 3),
    first,
    `${first} S`,
    `${first} ${last.slice(0, 1)}`,
    `${first} ${last.slice(0, 3)}`,
    s.name,
    'Zubin G',
    'Zu',
    'S',
    'Su',
  ];
  for (const term of names) {
    const matched = await sql<{
      n: string;
    }>`select count(*)::text as n from customers where lower(name) like ${`${term.toLowerCase()}%`}`.execute(db);
    await measure(`search: name "${term}" (${matched.rows[0]?.n ?? '?'} customers)`, list({ limit: 50, search: term }));
  }
  await measure(
    `search: name "${s.name}" + status=processing`,
    list({ limit: 50, search: s.name, status: 'processing' }),
  );
  await measure(
    `search: name "${first}" + status=processing`,
    list({ limit: 50, search: first, status: 'processing' }),
  );
  await measure(`search: name "${first}" 10,000 deep`, list({ limit: 50, search: first, cursor: deep10k }));
  await measure('search: no match "zzzz"', list({ limit: 50, search: 'zzzz' }));
  await measure('counts by status', () => countOrdersByStatus(db));
} finally {
  await db.destroy();
}
