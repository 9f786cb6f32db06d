import { createTestDatabase, insertOrder, testEnv, type TestDatabase } from '@app/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { killStartedApis, spawnApi } from './support/api-process';
import { ApiClient } from './support/http';
import { startWorld, WORLD_ADMIN, type World } from './support/world';

/**
 * The ingest crash drill (issue 26): a webhook is answered once its one INSERT commits and applied
 * just after, off the request. An instance that stops (or dies) between the answer and the apply
 * loses nothing: the next instance to start applies what it stored, once, and status still only
 * moves forward.
 */
async function inbox(db: TestDatabase['db']) {
  return db.selectFrom('webhook_inbox').select(['id', 'outcome']).orderBy('id').execute();
}

async function post(url: string, secret: string, fields: Record<string, string>) {
  const res = await fetch(`${url}/api/webhooks/shipping-updates?secret=${encodeURIComponent(secret)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_name: 'icarry', callback_type: 'sync_status', ...fields }).toString(),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; id?: string; outcome?: string } };
}

describe.each(testDatabaseKinds())('webhook ingest: stopped between answer and apply, on %s', (kind) => {
  const stacks: TestStack[] = [];
  let database: TestDatabase | undefined;
  afterAll(async () => {
    for (const s of stacks) await s.close();
    await database?.close();
  });

  it('pushes answered by an instance that never applied them are applied by the next start, once', async () => {
    database = await createTestDatabase(kind);
    const db = database.db;
    const first = await startTestStack({ database, startWorkers: false, applyInbox: false });
    stacks.push(first);
    const order = await insertOrder(db, { status: 'processing' });
    const shipment = await first.adminCaller.orders.ship({ orderId: order.id });
    const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
    const secret = first.runtime.deps.secrets.webhookSecret;
    const answers = [];
    for (const status of ['26', '21']) answers.push(await post(first.url, secret, { ...ids, status }));
    expect(answers.map((a) => [a.status, a.body.outcome])).toEqual([
      [200, 'pending'],
      [200, 'pending'],
    ]);
    // Answered and stored, not applied: the order has not moved.
    expect((await inbox(db)).map((r) => r.outcome)).toEqual(['pending', 'pending']);
    const status = async () =>
      (await db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe('shipped');
    await first.close();
    stacks.splice(stacks.indexOf(first), 1);

    const restartedAt = Date.now();
    const second = await startTestStack({ database, startWorkers: false });
    stacks.push(second);
    // No push arrives: the start-up kick applies what the first instance stored.
    await waitFor(async () => (await status()) === 'delivered', {
      what: 'the stored pushes applied',
      timeoutMs: 5_000,
    });
    const lagMs = Date.now() - restartedAt;
    expect((await inbox(db)).map((r) => r.outcome)).toEqual(['applied', 'applied']);
    const messages = await db
      .selectFrom('messages')
      .select(['template', 'channel'])
      .where('order_id', '=', order.id)
      .where('audience', '=', 'customer')
      .where('channel', '=', 'email')
      .execute();
    expect(messages.map((m) => m.template).sort()).toEqual(['delivered', 'out_for_delivery', 'shipped']);
    // iCarry retries the same pushes against the new instance: repeats, stored and applied once.
    const again = await post(second.url, secret, { ...ids, status: '26' });
    expect([again.status, again.body.outcome, again.body.id]).toEqual([200, 'duplicate', answers[0]?.body.id]);
    await second.drainInbox();
    expect(await status()).toBe('delivered');
    expect(await inbox(db)).toHaveLength(2);
    console.log(`[ingest-crash:${kind}] 2 stored pushes applied ${lagMs} ms after the restart began`);
  });
});

if (testEnv.databaseUrl) {
  describe('webhook ingest crash drill: SIGKILL after answering, before applying (PostgreSQL)', () => {
    let world: World;
    afterAll(async () => {
      await killStartedApis();
      await world?.close();
    });

    it('every answered push is applied after the restart, once; status only moves forward', async () => {
      world = await startWorld();
      const { sandbox, database } = world;
      // This process answers pushes and never applies them: as if it died right after each commit.
      const first = await spawnApi({ label: 'ingest-before-crash', env: world.env({ TEST_APPLY_INBOX: 'false' }) });
      world.pushTo(first.url);
      const admin = await new ApiClient(first.url).login(WORLD_ADMIN.email, WORLD_ADMIN.password);
      const orders: Awaited<ReturnType<typeof insertOrder>>[] = [];
      for (let i = 0; i < 3; i++) orders.push(await insertOrder(database.db, { status: 'processing' }));
      for (const order of orders) {
        const shipped = await admin.mutate<{ providerShipmentId: string }>('orders.ship', { orderId: order.id });
        expect(shipped.status, shipped.text).toBe(200);
        const id = String(shipped.data?.providerShipmentId);
        // Out for delivery, delivered, then a late In Transit: each answered 200 by the sandbox's push.
        for (const code of [26, 21, 22]) {
          const change = await sandbox.control.setStatus(id, code);
          expect(change.deliveries.map((d) => d.httpStatus)).toEqual([200]);
        }
      }
      const stored = await inbox(database.db);
      expect(stored).toHaveLength(9);
      expect(new Set(stored.map((r) => r.outcome))).toEqual(new Set(['pending']));
      first.kill('SIGKILL');
      await first.exit;

      const restartedAt = Date.now();
      const second = await spawnApi({ label: 'ingest-after-crash', env: world.env() });
      const statuses = async () =>
        database.db
          .selectFrom('orders')
          .select('status')
          .where(
            'id',
            'in',
            orders.map((o) => o.id),
          )
          .execute();
      await waitFor(async () => (await statuses()).every((o) => o.status === 'delivered'), {
        what: 'every stored push applied after the restart',
        timeoutMs: 10_000,
        intervalMs: 50,
      });
      const recoverMs = Date.now() - restartedAt;
      const after = await inbox(database.db);
      expect(after.filter((r) => r.outcome === 'pending')).toEqual([]);
      expect(after.filter((r) => r.outcome === 'applied')).toHaveLength(6);
      const emails = await database.db
        .selectFrom('messages')
        .select(['order_id', 'template'])
        .where(
          'order_id',
          'in',
          orders.map((o) => o.id),
        )
        .where('audience', '=', 'customer')
        .where('channel', '=', 'email')
        .execute();
      expect(emails).toHaveLength(9);
      expect(new Set(emails.map((e) => `${e.order_id}:${e.template}`)).size).toBe(9);
      second.kill('SIGTERM');
      await second.exit;
      console.log(
        `[ingest-crash:postgres] 9 answered pushes applied ${recoverMs} ms after the restarted process was spawned`,
      );
    });
  });
}
