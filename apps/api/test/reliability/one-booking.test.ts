import { insertOrder, testEnv } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApi, killStartedApis, type ApiProcess } from './support/api-process';
import { ApiClient, tally, type TrpcAnswer } from './support/http';
import { size } from './support/sizes';
import { startWorld, WORLD_ADMIN, type World } from './support/world';

const CALLS = size(40, 200);
const CONFLICTS = ['BOOKING_IN_PROGRESS', 'ORDER_ALREADY_SHIPPED'];

function summarise(answers: TrpcAnswer[]) {
  return {
    ok: answers.filter((a) => a.status === 200).length,
    http: tally(answers.map((a) => String(a.status))),
    codes: tally(answers.filter((a) => a.error).map((a) => a.error?.appCode)),
  };
}

if (!testEnv.databaseUrl) {
  describe('one booking per order across two API processes', () => {
    it.skip('needs PostgreSQL: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test', () => undefined);
  });
} else {
  describe('one booking per order across two API processes (PostgreSQL)', () => {
    let world: World;
    let a: ApiProcess;
    let b: ApiProcess;
    let adminA: ApiClient;
    let adminB: ApiClient;

    beforeAll(async () => {
      // Every iCarry call takes 50 ms, so the callers really overlap the booking.
      world = await startWorld({ sandbox: { latencyMs: 50 } });
      [a, b] = await Promise.all([
        spawnApi({ label: 'api-a', env: world.env() }),
        spawnApi({ label: 'api-b', env: world.env() }),
      ]);
      adminA = await new ApiClient(a.url).login(WORLD_ADMIN.email, WORLD_ADMIN.password);
      // One sign-in serves both processes: sessions live in PostgreSQL, not in a process.
      adminB = new ApiClient(b.url, adminA.cookie);
    });
    afterAll(async () => {
      await killStartedApis();
      await world?.close();
    });

    async function assertOneBooking(orderId: string, answers: TrpcAnswer[], before: number, label: string, ms: number) {
      const s = summarise(answers);
      console.log(
        `[one-booking:${label}] ${answers.length} orders.ship calls over 2 processes in ${ms} ms: ${s.ok} booked, HTTP ${JSON.stringify(s.http)}, refusals ${JSON.stringify(s.codes)}, sandbox bookings +${world.sandbox.control.bookingCount() - before}`,
      );
      expect(world.sandbox.control.bookingCount() - before).toBe(1);
      expect(s.ok).toBe(1);
      for (const answer of answers.filter((x) => x.status !== 200)) {
        expect(answer.status, answer.text.slice(0, 200)).toBe(409);
        expect(CONFLICTS, answer.text.slice(0, 200)).toContain(answer.error?.appCode);
        expect(answer.error?.message).toBeTruthy();
      }
      const shipments = await world.database.db
        .selectFrom('shipments')
        .select(['booking_state'])
        .where('order_id', '=', orderId)
        .execute();
      expect(shipments.map((x) => x.booking_state)).toEqual(['booked']);
      const order = await world.database.db
        .selectFrom('orders')
        .select('status')
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow();
      expect(order.status).toBe('shipped');
    }

    it(`${CALLS} simultaneous orders.ship calls over HTTP to two processes: one booking, the rest CONFLICT`, async () => {
      const order = await insertOrder(world.database.db, { status: 'processing' });
      const before = world.sandbox.control.bookingCount();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          (i % 2 === 0 ? adminA : adminB).mutate('orders.ship', { orderId: order.id }),
        ),
      );
      await assertOneBooking(order.id, answers, before, 'burst', Date.now() - started);
    });

    it(`${CALLS} calls spread over a slow booking (1.5 s at iCarry): one booking, the rest CONFLICT`, async () => {
      const order = await insertOrder(world.database.db, { status: 'processing' });
      world.sandbox.control.setFaults([{ endpoint: 'book', kind: 'latency', ms: 1500 }]);
      const before = world.sandbox.control.bookingCount();
      const started = Date.now();
      // Calls keep arriving before, during and after the booking, so both refusals are met.
      const answers = await Promise.all(
        Array.from({ length: CALLS }, async (_, i) => {
          await new Promise((r) => setTimeout(r, Math.floor((i / CALLS) * 3000)));
          return (i % 2 === 0 ? adminA : adminB).mutate('orders.ship', { orderId: order.id });
        }),
      );
      world.sandbox.control.clearFaults();
      await assertOneBooking(order.id, answers, before, 'spread', Date.now() - started);
      const codes = summarise(answers).codes;
      expect(codes.BOOKING_IN_PROGRESS ?? 0).toBeGreaterThan(0);
      expect(codes.ORDER_ALREADY_SHIPPED ?? 0).toBeGreaterThan(0);
    });
  });
}
