import { createDatabase, generateBulkOrders, migrateToLatest, type Database } from '@app/db';
import { startInProcess } from './inprocess';
import { sql } from 'kysely';
import type { BenchOptions } from './options';
import { applyExperiments } from './experiments';
import { createScratchDatabase, databaseExists, databaseUrl, dropScratchDatabase, query } from './pg';
import type { Report } from './report';

/** The shared database of generated orders (tracking, orders.list, web, start-up). */
export interface OrdersDatabase {
  name: string;
  url: string;
  count: number;
  /** The generator numbers orders FB-100001 .. FB-(100000 + count) on an empty database. */
  orderNumber(k: number): string;
  seedSeconds: number | null;
}

export const FIRST_ORDER = 100_001;

export class BenchContext {
  private orders: Promise<OrdersDatabase> | undefined;
  private readonly scratch = new Set<string>();
  readonly runId = Date.now().toString(36);

  constructor(
    readonly opts: BenchOptions,
    readonly report: Report,
  ) {}

  /** A new empty database on the bench server, dropped at the end of the run. */
  async scratchDatabase(prefix: string): Promise<{ name: string; url: string }> {
    const name = `bench_${prefix}_${this.runId}`;
    const url = await createScratchDatabase(this.opts.pg, name);
    this.scratch.add(name);
    return { name, url };
  }

  async dropScratch(name: string): Promise<void> {
    await dropScratchDatabase(this.opts.pg, name);
    this.scratch.delete(name);
  }

  ordersDatabase(): Promise<OrdersDatabase> {
    this.orders ??= this.prepareOrders().then(async (orders) => {
      await this.finishCatchUps(orders);
      return orders;
    });
    return this.orders;
  }

  /**
   * The product's start-up catch-ups run to their end before anything is measured: generated orders
   * bypass the address check and the delivery memory, so the first product started on a new (or
   * a kept, half-caught-up) database spends minutes checking addresses and counting closed parcels
   * in batches beside the requests being timed (seen as the light-load stall and the tracking runs
   * beside `update shipments set remembered_at`). A store's database reaches that state through the
   * product itself; the figures are of that steady state.
   */
  private async finishCatchUps(orders: OrdersDatabase): Promise<void> {
    const started = performance.now();
    const app = await startInProcess(orders.url, { poolMax: 4 });
    try {
      const [checked, counted] = await Promise.all([app.runtime.addressBackfill, app.runtime.memoryCatchUp]);
      app.captured.length = 0;
      this.report.note(
        'orders',
        `start-up catch-ups finished before measuring: ${checked.toLocaleString('en-US')} addresses checked, ${counted.toLocaleString('en-US')} closed shipments remembered, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await app.close();
    }
  }

  private async prepareOrders(): Promise<OrdersDatabase> {
    const count = this.opts.orders;
    const orderNumber = (k: number) => `FB-${100_000 + k}`;
    const keptName = `bench_orders_${count}`;
    if (this.opts.keepDb && this.opts.experiments.length > 0)
      throw new Error('--experiment changes the database: it cannot be combined with --keep-db');
    if (this.opts.keepDb && (await databaseExists(this.opts.pg, keptName))) {
      const url = databaseUrl(this.opts.pg, keptName);
      const database = await createDatabase({ url, poolMax: 2 });
      try {
        await migrateToLatest(database.db);
        const last = await database.db
          .selectFrom('orders')
          .select('id')
          .where('order_number', '=', orderNumber(count))
          .executeTakeFirst();
        const next = await database.db
          .selectFrom('orders')
          .select('id')
          .where('order_number', '=', orderNumber(count + 1))
          .executeTakeFirst();
        if (last && !next) {
          this.report.note(
            'orders',
            `reusing ${keptName} (${count.toLocaleString('en-US')} orders, kept by --keep-db)`,
          );
          return { name: keptName, url, count, orderNumber, seedSeconds: null };
        }
      } finally {
        await database.close();
      }
      this.report.note(
        'orders',
        `${keptName} exists but does not hold exactly ${count} generated orders: seeding it again`,
      );
    }
    const name = this.opts.keepDb ? keptName : `bench_orders_${this.runId}`;
    const url = await createScratchDatabase(this.opts.pg, name);
    if (!this.opts.keepDb) this.scratch.add(name);
    const database = await createDatabase({ url, poolMax: 2 });
    try {
      await migrateToLatest(database.db);
      let lastPrint = 0;
      const result = await generateBulkOrders(database.db, {
        count,
        onProgress: ({ orders, total, elapsedMs }) => {
          if (orders === total || elapsedMs - lastPrint > 10_000) {
            lastPrint = elapsedMs;
            console.log(
              `[orders] seeded ${orders.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} orders in ${(elapsedMs / 1000).toFixed(0)} s`,
            );
          }
        },
      });
      // As `npm run db:seed` does: fresh rows have no statistics or visibility map until vacuumed.
      await sql`vacuum (analyze) customers, orders, order_items, shipments`.execute(database.db);
      await applyExperiments(url, this.opts.experiments);
      const seconds = result.elapsedMs / 1000;
      this.report.note(
        'orders',
        `seeded ${name}: ${result.orders} orders, ${result.customers} customers, ${result.items} items, ${result.shipments} shipments in ${seconds.toFixed(1)} s (generateBulkOrders, then vacuum analyze)`,
      );
      return { name, url, count, orderNumber, seedSeconds: seconds };
    } finally {
      await database.close();
    }
  }

  /** Drops every scratch database this run made (not a --keep-db one). */
  async cleanup(): Promise<void> {
    for (const name of [...this.scratch]) {
      try {
        await this.dropScratch(name);
      } catch (err) {
        console.error(`[bench] could not drop ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

export async function openDatabase(url: string, poolMax: number): Promise<Database> {
  // The bench drops its scratch databases WITH (FORCE): an idle client cut then is not an error.
  return createDatabase({ url, poolMax, onIdleConnectionError: () => undefined });
}

export { query };
