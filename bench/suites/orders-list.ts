import type { OrderStatus } from '@app/shipping';
import { bigTableSeqScans, explainAnalyze, inlineParameters } from '../lib/capture';
import type { BenchContext } from '../lib/context';
import { startInProcess, type InProcess } from '../lib/inprocess';
import { query } from '../lib/pg';
import { withMachineLoad } from '../lib/sampler';
import { summarize, timeRuns } from '../lib/stats';

const SUITE = 'list';
/** The admin page's page size (apps/web/src/admin/orders-page.tsx). */
const PAGE_SIZE = 25;
const DEPTH = 10_000;

interface ListInput {
  status?: OrderStatus;
  search?: string;
  limit: number;
  cursor?: string | null;
}

/** Walks the list 100 orders a page until `depth` orders are behind, as clicking "next" would; returns that cursor. */
async function cursorAt(app: InProcess, depth: number): Promise<{ cursor: string; ms: number }> {
  let cursor: string | null = null;
  const started = performance.now();
  for (let seen = 0; seen < depth; seen += 100) {
    const page: { nextCursor: string | null } = await app.adminCaller.orders.list({ limit: 100, cursor });
    if (!page.nextCursor) throw new Error(`the list ended before ${depth} orders`);
    cursor = page.nextCursor;
    app.captured.length = 0;
  }
  return { cursor: cursor as string, ms: performance.now() - started };
}

/** Real values to search for: a customer's name prefix, phone, and a shipment's AWB. */
async function searchTerms(url: string) {
  const [customer] = await query<{ name: string; phone: string }>(
    url,
    'select name, phone from customers where id = (select max(id) / 3 from customers)',
  );
  const [shipment] = await query<{ awb: string }>(
    url,
    'select awb from shipments where id = (select max(id) / 2 from shipments) and awb is not null',
  );
  if (!customer || !shipment) throw new Error('the orders database has no customers or shipments');
  return { namePrefix: customer.name.slice(0, 3).toLowerCase(), phone: customer.phone, awb: shipment.awb };
}

export async function ordersListSuite(ctx: BenchContext): Promise<void> {
  const { opts, report } = ctx;
  const orders = await ctx.ordersDatabase();
  const app = await startInProcess(orders.url, { poolMax: opts.pool });
  try {
    const terms = await searchTerms(orders.url);
    const deep = await cursorAt(app, DEPTH);
    report.note(
      SUITE,
      `walked ${DEPTH} orders deep, 100 a page, in ${deep.ms.toFixed(0)} ms (${(deep.ms / (DEPTH / 100)).toFixed(1)} ms a page)`,
    );

    const cases: { name: string; input: ListInput }[] = [
      { name: 'first page', input: { limit: PAGE_SIZE } },
      { name: `page ${DEPTH.toLocaleString('en-US')} orders deep`, input: { limit: PAGE_SIZE, cursor: deep.cursor } },
      {
        name: `status delivered + name "${terms.namePrefix}"`,
        input: { limit: PAGE_SIZE, status: 'delivered', search: terms.namePrefix },
      },
      {
        name: `status lost + name "${terms.namePrefix}"`,
        input: { limit: PAGE_SIZE, status: 'lost', search: terms.namePrefix },
      },
      { name: 'search by phone', input: { limit: PAGE_SIZE, search: terms.phone } },
      { name: 'search by AWB', input: { limit: PAGE_SIZE, search: terms.awb } },
    ];

    // Baseline: one primary-key SELECT through the same pool, timed the same way.
    const [{ id: someId } = { id: '1' }] = await query<{ id: string }>(
      orders.url,
      'select (max(id) / 2)::text as id from orders',
    );
    const db = app.runtime.deps.db;
    await timeRuns(5, () => db.selectFrom('orders').selectAll().where('id', '=', someId).executeTakeFirst());
    const base = summarize(
      await timeRuns(opts.listRuns, () =>
        db.selectFrom('orders').selectAll().where('id', '=', someId).executeTakeFirst(),
      ),
    );

    for (const c of cases) {
      await timeRuns(3, () => app.adminCaller.orders.list(c.input)); // warm
      app.captured.length = 0;
      const page = await app.adminCaller.orders.list(c.input);
      const statements = [...app.captured];
      const measured = await withMachineLoad(() => timeRuns(opts.listRuns, () => app.adminCaller.orders.list(c.input)));
      const timings = summarize(measured.result);
      const machine = `machine busy ${measured.machineCores?.toFixed(2) ?? 'n/a'} of 2 cores, this process ${measured.ownCores.toFixed(2)}`;
      app.captured.length = 0;

      const plans: string[] = [];
      const seqScans: string[] = [];
      for (const q of statements) {
        const plan = await explainAnalyze(orders.url, q);
        seqScans.push(...bigTableSeqScans(plan));
        plans.push(`${inlineParameters(q.sql, q.parameters)}\n${plan}`);
      }
      report.note(
        SUITE,
        `orders.list ${c.name}: ${page.items.length} rows, ${statements.length} statements\n${plans.join('\n\n')}`,
      );
      report.add({
        suite: SUITE,
        name: `orders.list ${c.name}: p99 (p50 ${timings.p50.toFixed(1)} ms)`,
        value: timings.p99,
        unit: 'ms',
        baseline: base.p99,
        baselineLabel: 'PK SELECT',
        target: '< 20 ms',
        met: timings.p99 < 20,
        note: `p50 ${timings.p50.toFixed(1)} ms, max ${timings.max.toFixed(1)} ms over ${timings.runs} runs; ${page.items.length} rows; ${statements.length} statements${seqScans.length ? `; SEQ SCAN on ${seqScans.join(', ')}` : ', all by index'}; baseline p50 ${base.p50.toFixed(2)} ms; ${machine}`,
      });
    }
  } finally {
    await app.close();
  }
}
