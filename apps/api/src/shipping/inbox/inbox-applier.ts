import { claimPendingInbox, hasPendingInbox } from '@app/db';
import type { AppDeps, InboxApplier } from '../../platform/core/deps';
import { startKickedLoop } from '../../platform/core/kicked-loop';
import { applyInboxEntry } from '../shipments/apply-push';
import { applyClaimedBatch } from '../shipments/apply-push-batch';

/**
 * How many stored pushes one applying transaction takes (one commit for all of them). The
 * applier's Node CPU per push falls with the batch (profile-apply: 0.27 ms at 25, 0.17 at 100,
 * 0.15 at 400) and its round trips per push with it; 400 is a backlog's batch (after an outage,
 * a replay): a steady stream's batches are what APPLY_GATHER_MS gathers.
 */
export const APPLY_BATCH = 400;

/**
 * Applier loops per instance, each taking the pushes of its own shipments (claimPendingInbox's
 * lanes). One: two lanes applied a backlog 1.24x faster on the 2-core bench machine when batches
 * were 100 (docs/performance.md §10), but under a steady stream each lane gathered half the
 * pushes, so every push cost more: the ingest's Node CPU per push at 1,000/s was 0.45 ms with one
 * lane against 0.61 with two (bench/ingest-cpu.ts, issue 26's third session), and end to end
 * still applies 0.9x the bare batched apply. Other instances add appliers (SKIP LOCKED); a larger
 * machine may raise this.
 */
export const APPLY_LANES = 1;

/**
 * After a batch that found fewer pushes than APPLY_BATCH, a lane waits this long before it claims
 * again: under a steady stream of pushes the batches fill up (each batch's transaction, statements
 * and commit are shared by more pushes, and fewer commits compete with the webhook's own for the
 * WAL), while a lone push is still applied at once (docs/performance.md, issue 26). 100 ms since
 * issue 26's third session (was 50): apply lag p99 at half the max rate ~340 ms, under the 1 s asked.
 */
export const APPLY_GATHER_MS = 100;

/**
 * Applies the pushes waiting in the inbox, oldest first, one batch per transaction: the batch is
 * claimed with FOR UPDATE SKIP LOCKED (another instance's applier takes the next rows, never the
 * same ones), applied set-based (applyClaimedBatch: a few statements for the whole batch) and its
 * rows marked with their outcomes in that same transaction, so a push is applied once or, after a
 * crash, not at all and still pending. Pushes of one shipment are applied in the order they
 * arrived: the batch decides them in id order, and the shipments' row locks (taken in id order)
 * hold a second applier back until the first commits. When one push throws, the batch rolls back and
 * its pushes are applied one by one, so only that push is marked failed (the sweeper retries it).
 * Returns how many pushes were taken (0: nothing waits).
 */
export async function applyPendingPushes(
  deps: AppDeps,
  limit = APPLY_BATCH,
  lane?: { index: number; count: number },
): Promise<number> {
  let claimed: string[] = [];
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const entries = await claimPendingInbox(tx, limit, lane);
      claimed = entries.map((e) => e.id);
      const outcomes = await applyClaimedBatch(deps, tx, entries);
      // One line per batch (not per push: the inbox row is each push's record), with the count of
      // each outcome, e.g. { applied: 97, stale: 2, duplicate: 1 }.
      if (entries.length > 0) {
        const counts: Record<string, number> = {};
        for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
        deps.logger.info({ pushes: entries.length, outcomes: counts }, '[WEBHOOK] applied a batch');
      }
      return entries.length;
    });
  } catch (err) {
    deps.logger.warn({ err, pushes: claimed.length }, '[WEBHOOK] a batch of pushes failed; applying them one by one');
    for (const id of claimed) await applyInboxEntry(deps, id);
    return claimed.length;
  }
}

/**
 * The in-process applier, APPLY_LANES loops: the webhook route kicks them right after its INSERT
 * commits, so a push is applied at once, not at a poll interval. Kicks while it runs are folded into one more pass; it
 * runs until a batch finds nothing. The maintenance sweep (every minute, any instance) and the
 * start-up kick catch what a stopped or crashed instance left pending.
 */
export function startInboxApplier(deps: AppDeps, lanes = APPLY_LANES): InboxApplier {
  const loops = Array.from({ length: lanes }, (_, index) =>
    startKickedLoop({
      logger: deps.logger,
      // Only a database that cannot be reached gets here: the pushes stay pending for the next kick or the sweeper.
      failure: '[WEBHOOK] the inbox applier stopped; pending pushes wait for the sweeper',
      batch: async () => {
        const taken = await applyPendingPushes(deps, APPLY_BATCH, { index, count: lanes });
        if (taken > 0 && taken < APPLY_BATCH) await new Promise((ok) => setTimeout(ok, APPLY_GATHER_MS));
        return taken;
      },
    }),
  );
  return {
    kick: () => {
      for (const loop of loops) loop.kick();
    },
    drained: async () => {
      await Promise.all(loops.map((loop) => loop.drained()));
    },
    stop: async () => {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

/** Waits until the inbox has nothing pending (tests, after posting pushes), kicking the applier again if rows remain. */
export async function drainInbox(deps: AppDeps, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await deps.inbox.drained();
    if (!(await hasPendingInbox(deps.db))) return;
    if (Date.now() > deadline) throw new Error('the webhook inbox did not drain in time');
    deps.inbox.kick();
    await new Promise((ok) => setTimeout(ok, 10));
  }
}
