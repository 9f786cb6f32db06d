import { insertOrder } from '@app/db/testing';
import type { SandboxFaultSpec } from '@app/shipping/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../src/testing/index';
import { ApiClient, type TrpcAnswer } from './support/http';

type Outcome =
  /** Benign quirk: booked once, order Shipped. */
  | { booked: true }
  /** Refused with this code: order still Processing, nothing active, nothing booked at iCarry. */
  | { status: number; appCode: string; then: 'unchanged' }
  /** Outcome unknown: marked for an admin, never re-booked. */
  | { status: 409; appCode: 'BOOKING_OUTCOME_UNKNOWN'; then: 'unknown' };

interface Case {
  name: string;
  faults: SandboxFaultSpec[];
  call: 'ship' | 'quote' | 'serviceability';
  outcome: Outcome;
}

const always = 'always' as const;
const UNAVAILABLE = { status: 503, appCode: 'ICARRY_UNAVAILABLE', then: 'unchanged' } as const;
const UNKNOWN = { status: 409, appCode: 'BOOKING_OUTCOME_UNKNOWN', then: 'unknown' } as const;
const BOOKED = { booked: true } as const;

const CASES: Case[] = [
  // The estimate is safe to repeat: one bad answer is retried away; a lasting one is a clear 503.
  {
    name: 'estimate times out once',
    faults: [{ endpoint: 'api_get_estimate', kind: 'timeout' }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'estimate always times out',
    faults: [{ endpoint: 'api_get_estimate', kind: 'timeout', count: always }],
    call: 'ship',
    outcome: UNAVAILABLE,
  },
  {
    name: 'estimate HTTP 502 once',
    faults: [{ endpoint: 'api_get_estimate', kind: 'http_error', status: 502 }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'estimate HTTP 500 always',
    faults: [{ endpoint: 'api_get_estimate', kind: 'http_error', status: 500, count: always }],
    call: 'ship',
    outcome: UNAVAILABLE,
  },
  {
    name: 'estimate behind the Imunify360 firewall page (403)',
    faults: [{ endpoint: 'api_get_estimate', kind: 'html_block' }],
    call: 'ship',
    outcome: UNAVAILABLE,
  },
  {
    name: 'estimate behind the Cloudflare page (HTTP 200)',
    faults: [{ endpoint: 'api_get_estimate', kind: 'html_block', status: 200, style: 'cloudflare' }],
    call: 'quote',
    outcome: UNAVAILABLE,
  },
  {
    name: 'estimate with PHP notices before the JSON',
    faults: [{ endpoint: 'api_get_estimate', kind: 'php_notice', count: always }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'estimate JSON cut in half once',
    faults: [{ endpoint: 'api_get_estimate', kind: 'malformed_json' }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'estimate JSON cut in half always',
    faults: [{ endpoint: 'api_get_estimate', kind: 'malformed_json', count: always }],
    call: 'quote',
    outcome: UNAVAILABLE,
  },
  {
    name: 'estimate keyed by courier name',
    faults: [{ endpoint: 'api_get_estimate', kind: 'keyed_estimate' }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'connection reset on the estimate once',
    faults: [{ endpoint: 'api_get_estimate', kind: 'connection_reset' }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'connection reset on every estimate',
    faults: [{ endpoint: 'api_get_estimate', kind: 'connection_reset', count: always }],
    call: 'quote',
    outcome: UNAVAILABLE,
  },
  {
    name: 'api token expired mid-session',
    faults: [
      { endpoint: 'api_get_estimate', kind: 'token_expired' },
      { endpoint: 'book', kind: 'token_expired' },
    ],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'estimate offers a courier that booking refuses (phantom courier)',
    faults: [{ endpoint: 'api_get_estimate', kind: 'phantom_courier' }],
    call: 'ship',
    outcome: BOOKED,
  },
  // Booking is not safe to repeat: anything that may have reached iCarry is "unknown", never retried.
  { name: 'booking times out', faults: [{ endpoint: 'book', kind: 'timeout' }], call: 'ship', outcome: UNKNOWN },
  {
    name: 'booking answers HTTP 500',
    faults: [{ endpoint: 'book', kind: 'http_error', status: 500 }],
    call: 'ship',
    outcome: UNKNOWN,
  },
  {
    name: 'booking answer cut in half',
    faults: [{ endpoint: 'book', kind: 'malformed_json' }],
    call: 'ship',
    outcome: UNKNOWN,
  },
  {
    name: 'booking connection reset',
    faults: [{ endpoint: 'book', kind: 'connection_reset' }],
    call: 'ship',
    outcome: UNKNOWN,
  },
  {
    name: 'booking behind the firewall page (never reached iCarry)',
    faults: [{ endpoint: 'book', kind: 'html_block' }],
    call: 'ship',
    outcome: UNAVAILABLE,
  },
  {
    name: 'booking with PHP notices before the JSON',
    faults: [{ endpoint: 'book', kind: 'php_notice' }],
    call: 'ship',
    outcome: BOOKED,
  },
  {
    name: 'booking refused: wallet empty',
    faults: [{ endpoint: 'book', kind: 'api_error', message: 'Insufficient wallet balance. Please recharge.' }],
    call: 'ship',
    outcome: { status: 412, appCode: 'ICARRY_ACCOUNT_PROBLEM', then: 'unchanged' },
  },
  {
    name: 'pincode check behind the firewall page',
    faults: [{ endpoint: 'api_check_pincode', kind: 'html_block' }],
    call: 'serviceability',
    outcome: UNAVAILABLE,
  },
  {
    name: 'pincode check HTTP 503 always',
    faults: [{ endpoint: 'api_check_pincode', kind: 'http_error', status: 503, count: always }],
    call: 'serviceability',
    outcome: UNAVAILABLE,
  },
  {
    name: 'pincode check JSON cut in half always',
    faults: [{ endpoint: 'api_check_pincode', kind: 'malformed_json', count: always }],
    call: 'serviceability',
    outcome: UNAVAILABLE,
  },
];

describe('iCarry misbehaving', () => {
  let stack: TestStack;
  let admin: ApiClient;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    // 1 s per iCarry call so timeouts cost seconds, not minutes.
    stack = await startTestStack({ env: { ICARRY_TIMEOUT_MS: '1000' } });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
  });
  afterAll(async () => {
    await stack?.close();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  });

  it(
    `${CASES.length} kinds of misbehaviour: clear codes, orders unchanged or booked once, no unhandled rejection, still healthy`,
    { timeout: 120_000 },
    async () => {
      const sandbox = stack.runtime.sandbox;
      if (!sandbox) throw new Error('sandbox expected');
      const db = stack.database.db;
      const lines: string[] = [];
      for (const c of CASES) {
        const order = await insertOrder(db, { status: 'processing' });
        sandbox.control.setFaults(c.faults);
        const started = Date.now();
        let answer: TrpcAnswer;
        if (c.call === 'ship') answer = await admin.mutate('orders.ship', { orderId: order.id });
        else if (c.call === 'quote') answer = await admin.query('orders.quote', { orderId: order.id });
        else answer = await admin.query('shipping.checkServiceability', { pincode: '110001' });
        const ms = Date.now() - started;
        sandbox.control.clearFaults();
        const got = answer.error ? `HTTP ${answer.status} ${String(answer.error.appCode)}` : `HTTP ${answer.status}`;
        lines.push(`${c.name.padEnd(64)} -> ${got} in ${ms} ms`);

        const atICarry = sandbox.control
          .shipments()
          .filter((s) => s.clientOrderId?.startsWith(`${order.order_number}-`));
        const row = await db
          .selectFrom('orders')
          .select(['status', 'attention_kind'])
          .where('id', '=', order.id)
          .executeTakeFirstOrThrow();
        const active = await db
          .selectFrom('shipments')
          .select('booking_state')
          .where('order_id', '=', order.id)
          .where('booking_state', 'in', ['booking', 'booked', 'unknown'])
          .execute();
        if ('booked' in c.outcome) {
          expect(answer.status, `${c.name}: ${answer.text.slice(0, 300)}`).toBe(200);
          if (c.call === 'ship') {
            expect(row.status, c.name).toBe('shipped');
            expect(
              active.map((s) => s.booking_state),
              c.name,
            ).toEqual(['booked']);
            expect(atICarry, c.name).toHaveLength(1);
          }
        } else {
          expect(
            { status: answer.status, appCode: answer.error?.appCode },
            `${c.name}: ${answer.text.slice(0, 300)}`,
          ).toEqual({ status: c.outcome.status, appCode: c.outcome.appCode });
          expect(answer.error?.message, c.name).toBeTruthy();
          expect(row.status, c.name).toBe('processing');
          if (c.outcome.then === 'unchanged') {
            expect(row.attention_kind, c.name).toBeNull();
            expect(active, c.name).toEqual([]);
            expect(atICarry, c.name).toHaveLength(0);
          } else {
            expect(row.attention_kind, c.name).toBe('booking_unknown');
            expect(
              active.map((s) => s.booking_state),
              c.name,
            ).toEqual(['unknown']);
            expect(atICarry.length, c.name).toBeLessThanOrEqual(1);
            // Clicking again books nothing.
            const before = sandbox.control.bookingCount();
            expect((await admin.mutate('orders.ship', { orderId: order.id })).error?.appCode, c.name).toBe(
              'BOOKING_OUTCOME_UNKNOWN',
            );
            expect(sandbox.control.bookingCount(), c.name).toBe(before);
          }
        }
        expect(await admin.healthz(), `healthz after ${c.name}`).toBe(200);
      }
      // Give stray promises (aborted requests, timers) a moment to surface.
      await new Promise((r) => setTimeout(r, 500));
      console.log(`[icarry-faults]\n  ${lines.join('\n  ')}\n  unhandled rejections: ${unhandled.length}`);
      expect(unhandled).toEqual([]);
      expect(
        stack.logs.entries().filter((e) => e.msg === 'unhandled error' || e.msg === 'tRPC internal error'),
      ).toEqual([]);
    },
  );
});
