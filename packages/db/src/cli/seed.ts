import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrateToLatest } from '../migrate';
import { generateBulkOrders } from '../seed/bulk-orders.seed';
import { seedDemoData } from '../seed/demo.seed';
import { describeTarget, readCliEnvOrExit } from './env';
import { openCliDatabase } from './open-database';

// npm run db:seed                      demo data, only into an empty database (the default)
// npm run db:seed -- --orders 1000000  bulk benchmark orders [--batch-size 5000]; add --demo for both
const USAGE = 'usage: npm run db:seed [-- --demo] [-- --orders <n> [--batch-size <n>]]';

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        demo: { type: 'boolean', default: false },
        orders: { type: 'string' },
        'batch-size': { type: 'string' },
      },
    });
    return {
      demo: values.demo,
      orders: positiveInt('orders', values.orders),
      batchSize: positiveInt('batch-size', values['batch-size']),
    };
  } catch (error) {
    console.error(`[seed] ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const { demo, orders, batchSize } = readArgs();
const env = readCliEnvOrExit('seed');
const database = await openCliDatabase(env);
try {
  console.log(`[seed] ${describeTarget(env)}`);
  await migrateToLatest(database.db);
  if (demo || orders === undefined) {
    const started = performance.now();
    const seeded = await seedDemoData(database.db);
    console.log(
      seeded
        ? `[seed] demo data inserted in ${Math.round(performance.now() - started)} ms`
        : '[seed] demo data skipped: the database already has products, customers or orders',
    );
  }
  if (orders !== undefined) {
    let lastPrint = 0;
    const result = await generateBulkOrders(database.db, {
      count: orders,
      ...(batchSize ? { batchSize } : {}),
      onProgress: ({ orders: done, total, elapsedMs }) => {
        if (done === total || elapsedMs - lastPrint > 2000) {
          lastPrint = elapsedMs;
          const rate = Math.round(done / (elapsedMs / 1000));
          console.log(
            `[seed] ${done.toLocaleString('en-IN')} / ${total.toLocaleString('en-IN')} orders, ${(elapsedMs / 1000).toFixed(1)} s, ${rate.toLocaleString('en-IN')} orders/s`,
          );
        }
      },
    });
    console.log(
      `[seed] inserted ${result.orders} orders (${result.firstOrderNumber} .. ${result.lastOrderNumber}), ${result.customers} customers, ` +
        `${result.items} items, ${result.shipments} shipments in ${(result.elapsedMs / 1000).toFixed(1)} s`,
    );
    // Until autovacuum gets to them, fresh rows have no statistics or visibility map: measured on
    // 1M orders, list queries took 10-300 ms instead of 1-15 ms. Do it now rather than wait.
    const vacuumStarted = performance.now();
    await sql`vacuum (analyze) customers, orders, order_items, shipments`.execute(database.db);
    console.log(`[seed] vacuum analyze in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
  }
} catch (error) {
  console.error('[seed] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
