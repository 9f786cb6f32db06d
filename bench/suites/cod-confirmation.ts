import { WhatsAppStandIn } from '@app/api/bench';
import type { BenchContext } from '../lib/context';
import { openDatabase } from '../lib/context';
import { startInProcess } from '../lib/inprocess';
import { percentile } from '../lib/stats';

const SUITE = 'cod-confirm';
const RATE = 50;
const ORDERS = 1000;
const WARMUP = 20;
const TARGET_MS = 1000;

function codOrder(i: number, phone: string) {
  return {
    externalId: `BENCH-COD-${i}`,
    paymentMethod: 'cod',
    customer: { name: `Cod Customer ${i}`, phone, whatsappOptIn: true },
    shippingAddress: { line1: `${i}, MG Road`, city: 'Bengaluru', state: 'Karnataka', pincode: '560001' },
    items: [{ sku: `COD-SKU-${i % 20}`, name: 'Bench Pickle', quantity: 1, unitPrice: '349.00', weight: '500g' }],
    shippingCharge: '49.00',
  };
}

/** Sends `count` tasks on a fixed schedule (one every 1000/rate ms, open loop) and waits for them all. */
async function paced(count: number, rate: number, task: (i: number) => Promise<void>): Promise<number> {
  const interval = 1000 / rate;
  const lags: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lags.push(Math.max(0, performance.now() - due));
    pending.push(task(i));
  }
  await Promise.all(pending);
  return percentile(lags, 99);
}

/** Waits until the stand-in has a request for every phone, or the deadline. */
async function received(
  standIn: WhatsAppStandIn,
  phones: Set<string>,
  timeoutMs: number,
): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Map<string, number>();
    for (const r of standIn.requests) if (phones.has(r.body.to)) seen.set(r.body.to, r.receivedAtMs);
    if (seen.size >= phones.size || Date.now() > deadline) return seen;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * COD confirmation (issue 24): from a COD order's REST create to the WhatsApp stand-in receiving
 * its confirmation request (the outbox row in the create's transaction, the deliver-message job,
 * the template send), at 50 orders/s on a fixed schedule. Baseline, same run and rate: a bare
 * insert of the order row then a direct HTTP post of the same template to the same stand-in.
 */
export async function codConfirmationSuite(ctx: BenchContext): Promise<void> {
  const { opts, report } = ctx;
  const { name, url } = await ctx.scratchDatabase('cod_confirm');
  const standIn = new WhatsAppStandIn();
  await standIn.start();
  try {
    const app = await startInProcess(url, {
      poolMax: opts.pool,
      startWorkers: true,
      env: {
        API_REQUESTS_PER_MINUTE: '1000000',
        COD_CONFIRMATION: 'all',
        WHATSAPP_TOKEN: standIn.token,
        WHATSAPP_PHONE_NUMBER_ID: standIn.phoneNumberId,
        WHATSAPP_API_URL: standIn.url,
      },
      log: { name: 'product-cod-confirm', level: opts.logLevel },
    });
    let product: { latencies: number[]; missing: number; failures: number; lagP99: number };
    try {
      const { key } = await app.adminCaller.apiKeys.create({ name: 'bench' });
      const base = app.runtime.url;
      const create = async (i: number, phone: string) => {
        const res = await fetch(`${base}/api/v1/orders`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'idempotency-key': `cod-${i}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(codOrder(i, phone)),
        });
        await res.arrayBuffer();
        return res.status;
      };
      // Warm-up (JIT, pools, the worker's first poll), not counted.
      const warm = new Set<string>();
      for (let i = 0; i < WARMUP; i++) {
        const phone = `9${String(200_000_000 + i).padStart(9, '0')}`;
        warm.add(`+91${phone}`);
        await create(i, phone);
      }
      await received(standIn, warm, 30_000);

      const sentAt = new Map<string, number>();
      let failures = 0;
      const lagP99 = await paced(ORDERS, RATE, async (n) => {
        const i = WARMUP + n;
        const phone = `9${String(200_000_000 + i).padStart(9, '0')}`;
        sentAt.set(`+91${phone}`, performance.now());
        if ((await create(i, phone)) !== 201) failures++;
      });
      const seen = await received(standIn, new Set(sentAt.keys()), 60_000);
      const latencies = [...sentAt].flatMap(([to, at]) => {
        const got = seen.get(to);
        return got === undefined ? [] : [got - at];
      });
      product = { latencies, missing: sentAt.size - latencies.length, failures, lagP99 };
    } finally {
      await app.close();
    }

    // Baseline: the order row alone, then the template straight to the stand-in.
    const bare = await openDatabase(url, opts.pool);
    let baseline: number[] = [];
    try {
      const customer = await bare.db
        .insertInto('customers')
        .values({ name: 'Baseline', phone: '7000000001' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const endpoint = `${standIn.url}/v21.0/${standIn.phoneNumberId}/messages`;
      const sentAt = new Map<string, number>();
      await paced(ORDERS, RATE, async (i) => {
        const to = `+917${String(100_000_000 + i).padStart(9, '0')}`;
        sentAt.set(to, performance.now());
        await bare.db
          .insertInto('orders')
          .values({
            order_number: `BASE-COD-${i}`,
            customer_id: customer.id,
            payment_method: 'cod',
            subtotal_paise: 34900,
            shipping_paise: 4900,
            total_paise: 39800,
            ship_name: 'Baseline',
            ship_line1: `${i}, MG Road`,
            ship_city: 'Bengaluru',
            ship_state: 'Karnataka',
            ship_pincode: '560001',
            contact_phone: to.slice(3),
          })
          .execute();
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${standIn.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            messaging_product: 'whatsapp',
            to,
            type: 'template',
            template: { name: 'cod_order_confirmation', language: { code: 'en' }, components: [] },
          }),
        });
        await res.arrayBuffer();
      });
      const seen = await received(standIn, new Set(sentAt.keys()), 10_000);
      baseline = [...sentAt].flatMap(([to, at]) => {
        const got = seen.get(to);
        return got === undefined ? [] : [got - at];
      });
    } finally {
      await bare.close();
    }

    const p99 = percentile(product.latencies, 99);
    const baseP99 = percentile(baseline, 99);
    report.add({
      suite: SUITE,
      name: `COD confirmation request latency p99 (ms) at ${RATE} orders/s`,
      value: p99,
      unit: 'ms',
      baseline: baseP99,
      baselineLabel: 'bare insert of the order row + direct HTTP post of the template',
      target: `< ${TARGET_MS} ms`,
      met: p99 < TARGET_MS && product.missing === 0 && product.failures === 0,
      note: `${product.latencies.length} of ${ORDERS} requests received; p50 ${percentile(product.latencies, 50).toFixed(1)} ms, max ${Math.max(...product.latencies).toFixed(1)} ms; baseline p50 ${percentile(baseline, 50).toFixed(1)} ms; create failures ${product.failures}, not received ${product.missing}; generator lag p99 ${product.lagP99.toFixed(1)} ms (REST create, outbox row and job in its transaction, deliver-message worker polling, template send)`,
    });
  } finally {
    await standIn.stop();
    await ctx.dropScratch(name);
  }
}
