import { createDatabase } from '@app/db';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@app/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOBS, startJobQueue, type JobQueue } from '../../src/platform/core/job-queue';
import { createLogger } from '../../src/platform/core/logger';

const logger = createLogger({ level: 'silent' });

async function until(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((ok) => setTimeout(ok, 5));
  }
  return Date.now() - started;
}

// The queue is pg-boss 10 with wake-on-commit, per-job results and bursts added by job-queue.ts:
// each is checked here with a polling interval far longer than the test waits, so only the
// addition can explain a job starting in time.
describe.each(testDatabaseKinds())('job queue on %s', (kind) => {
  let database: TestDatabase;
  let queue: JobQueue;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
    queue = await startJobQueue(database, logger, {
      retryLimit: 2,
      retryDelaySeconds: 1,
      pollingIntervalSeconds: 30,
    });
  });
  afterEach(async () => {
    await queue?.stop({ timeoutMs: 1000 });
    await database?.close();
  });

  it('a job sent in a transaction starts when it commits, not at the next poll; a rolled-back one never runs', async () => {
    const seen: string[] = [];
    await queue.work(JOBS.deliverEvent, async (job) => {
      seen.push(job.data.deliveryId);
    });
    // The worker's first fetch (at start) found nothing: from here only a wake-up starts a job.
    await new Promise((ok) => setTimeout(ok, 300));

    await database.db
      .transaction()
      .execute(async (tx) => {
        await queue.send(tx, JOBS.deliverEvent, { deliveryId: 'rolled-back' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const committedAt = Date.now();
    await database.db.transaction().execute(async (tx) => {
      await queue.send(tx, JOBS.deliverEvent, { deliveryId: 'committed' });
    });
    const waited = await until(() => seen.includes('committed'), 5000);
    expect(Date.now() - committedAt).toBeLessThan(5000);
    expect(waited).toBeLessThan(2000);
    await new Promise((ok) => setTimeout(ok, 300));
    expect(seen).toEqual(['committed']);
  });

  it('sendMany queues many jobs in one statement with their options, woken on commit; none when rolled back', async () => {
    const seen: string[] = [];
    await queue.work(JOBS.deliverEvent, async (job) => void seen.push(job.data.deliveryId), { batchSize: 10 });
    await new Promise((ok) => setTimeout(ok, 300));
    await database.db
      .transaction()
      .execute(async (tx) => {
        await queue.sendMany(tx, JOBS.deliverEvent, [{ data: { deliveryId: 'gone' } }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const later = new Date(Date.now() + 1500);
    await database.db.transaction().execute(async (tx) => {
      await queue.sendMany(tx, JOBS.deliverEvent, [
        { data: { deliveryId: 'now-1' }, options: { singletonKey: 'k1' } },
        { data: { deliveryId: 'now-2' } },
        { data: { deliveryId: 'in-1s' }, options: { startAfter: 1 } },
        { data: { deliveryId: 'at-1.5s' }, options: { startAfter: later } },
      ]);
      await queue.sendMany(tx, JOBS.deliverEvent, []);
    });
    await until(() => seen.includes('now-1') && seen.includes('now-2'), 2000);
    expect(seen).not.toContain('in-1s');
    expect(seen).not.toContain('at-1.5s');
    // Due jobs are found by polling (0.5 s here at the least: the queue was started with 30 s, work() may poll faster).
    await queue.work(JOBS.deliverEvent, async (job) => void seen.push(job.data.deliveryId), {
      batchSize: 10,
      pollingIntervalSeconds: 0.5,
    });
    await until(() => seen.includes('in-1s') && seen.includes('at-1.5s'), 5000);
    expect(seen.sort()).toEqual(['at-1.5s', 'in-1s', 'now-1', 'now-2']);
  });

  it('in a batch each job settles on its own: one that throws is retried alone, the rest run once', async () => {
    const runs = new Map<string, number[]>();
    for (const id of ['a', 'b', 'c']) await queue.sendNow(JOBS.deliverEvent, { deliveryId: id });
    await queue.work(
      JOBS.deliverEvent,
      async (job) => {
        runs.set(job.data.deliveryId, [...(runs.get(job.data.deliveryId) ?? []), job.retryCount]);
        if (job.data.deliveryId === 'b' && job.retryCount === 0) throw new Error('first try fails');
      },
      { batchSize: 3, pollingIntervalSeconds: 0.5 },
    );
    await until(() => (runs.get('b')?.length ?? 0) >= 2, 10_000);
    await new Promise((ok) => setTimeout(ok, 700));
    expect(Object.fromEntries(runs)).toEqual({ a: [0], b: [0, 1], c: [0] });
  });

  it('a worker whose batch came back full fetches again at once: 12 waiting jobs in batches of 5 drain without a poll', async () => {
    const done: string[] = [];
    for (let i = 0; i < 12; i++) await queue.sendNow(JOBS.deliverEvent, { deliveryId: `s${i}` });
    await queue.work(JOBS.deliverEvent, async (job) => void done.push(job.data.deliveryId), { batchSize: 5 });
    await until(() => done.length === 12, 5000);
    expect(new Set(done).size).toBe(12);
  });

  it('tracking jobs are debounced per shipment: one waits per key, and a send after it started queues the next', async () => {
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((ok) => (release = ok));
    const send = (shipmentId: string, startAfter = 0.4) =>
      database.db.transaction().execute(async (tx) => {
        // As the applier sends them: one per shipment a batch touched, keyed, a moment later.
        await queue.sendMany(tx, JOBS.trackShipment, [
          { data: { shipmentId }, options: { singletonKey: `track:${shipmentId}`, startAfter } },
        ]);
      });
    // Three batches touch s1 while its job waits, one touches s2: two jobs wait, not four.
    for (const id of ['s1', 's1', 's2', 's1']) await send(id);
    await queue.work(
      JOBS.trackShipment,
      async (job) => {
        runs.push(job.data.shipmentId);
        if (runs.length === 1) await held;
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await until(() => runs.length === 1, 5000);
    // s1's (or s2's) job is running: a push now must still be followed by a run that reads it.
    const first = runs[0] as string;
    await send(first, 0);
    await send(first, 0);
    release();
    await until(() => runs.length === 3, 5000);
    await new Promise((ok) => setTimeout(ok, 1200));
    expect(runs.sort()).toEqual([first, first, first === 's1' ? 's2' : 's1'].sort());
  });

  it('concurrency runs that many workers of one queue side by side', async () => {
    let running = 0;
    let most = 0;
    for (let i = 0; i < 6; i++) await queue.sendNow(JOBS.deliverMessage, { messageId: `m${i}` });
    let finished = 0;
    await queue.work(
      JOBS.deliverMessage,
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((ok) => setTimeout(ok, 150));
        running--;
        finished++;
      },
      { concurrency: 3 },
    );
    await until(() => finished === 6, 10_000);
    expect(most).toBe(3);
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('job queue set-up on PostgreSQL', () => {
  it('four instances starting at once on a new database all start (queue creation is serialised)', async () => {
    const fresh = await createTestDatabase('postgres');
    const handles = await Promise.all(
      Array.from({ length: 4 }, () =>
        createDatabase({ url: fresh.url, poolMax: 3, onIdleConnectionError: () => undefined }),
      ),
    );
    try {
      const queues = await Promise.all(
        handles.map((h) =>
          startJobQueue(h, logger, { retryLimit: 2, retryDelaySeconds: 1, pollingIntervalSeconds: 30 }),
        ),
      );
      expect(queues).toHaveLength(4);
      await Promise.all(queues.map((q) => q.stop({ timeoutMs: 1000 })));
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await fresh.close();
    }
  });
});
