import type { AppDeps } from '../../platform/core/deps';
import { pruneRateLimits } from '../../platform/security/rate-limit';
import { pruneDeviceLockouts } from '../../platform/auth/auth.service';
import { syncBilling } from '../../shipping/billing/billing-sync.job';
import { markStaleBookings } from '../../shipping/booking/mark-stale-bookings';
import { driveShipBatch, resumeShipBatches } from '../../shipping/bulk/ship-batch.job';
import { enrichFromTracking, reconcileQuietShipments } from '../../shipping/reconcile/reconcile.service';
import { applyWaitingWhatsAppPushes } from '../../customer/whatsapp-inbox/whatsapp-inbox.service';
import { applyStalledPushes } from '../../shipping/shipments/waiting-pushes';
import { runStuckWatchdog } from '../../shipping/watchdog/stuck-watchdog.job';
import { expireCodConfirmationRequests } from '../../customer/cod-confirmation/cod-expiry.job';
import { pollChannels } from '../../intake/channels/channel-poll.job';
import { runChannelWriteback } from '../../intake/channels/channel-writeback.job';
import { deliverEvent } from '../../outbox/events/deliver-event.job';
import { deliverMessage, type Senders } from '../../outbox/notifications/deliver-message.job';
import { JOBS } from '../../platform/core/job-queue';
import { pruneOldData } from '../../platform/retention/retention.job';

/** Registers every background worker and the schedules. Any instance may run them: pg-boss hands each job to one. */
export async function startWorkers(deps: AppDeps, senders: Senders): Promise<void> {
  const { queue, config } = deps;
  // Batches of 5 keep a backlog (a webhook storm, a provider back from an outage) draining at the
  // providers' pace rather than one message per polling interval. Polled every 0.5 s (pg-boss's
  // least): a COD confirmation request must reach the customer within 1 s of intake (issue 24), and
  // at the default 2 s the wait for a poll alone was 1-2 s (bench cod-confirm, docs/performance.md).
  await queue.work(JOBS.deliverMessage, (job) => deliverMessage(deps, senders, job, config.messageRetry.limit), {
    batchSize: 5,
    pollingIntervalSeconds: 0.5,
    // Each send waits on an HTTP call to Meta or the mail server: a few in parallel keep up with a
    // sale's intake (50 orders/s) instead of queueing behind one another.
    concurrency: 4,
  });
  await queue.work(JOBS.trackShipment, async (job) => {
    await enrichFromTracking(deps, job.data.shipmentId);
  });
  await queue.work(JOBS.reconcile, async () => {
    await reconcileQuietShipments(deps);
  });
  await queue.work(JOBS.shipBatch, async (job) => {
    await driveShipBatch(deps, job.data.batchId);
  });
  await queue.work(JOBS.stuckWatchdog, async () => {
    await runStuckWatchdog(deps);
  });
  await queue.work(JOBS.billingSync, async () => {
    await syncBilling(deps);
  });
  await queue.work(JOBS.maintenance, async () => {
    await markStaleBookings(deps);
    await applyStalledPushes(deps);
    await resumeShipBatches(deps);
    await applyWaitingWhatsAppPushes(deps);
    // Store deliveries a stopped or crashed instance left pending (any instance sweeps; the applier claims in order).
    deps.channelInbox.kick();
    await pruneRateLimits(deps.db, new Date(deps.clock.now().getTime() - 24 * 3600_000));
    await pruneDeviceLockouts(deps);
  });
  await queue.schedule(JOBS.reconcile, `*/${config.reconcile.everyMinutes} * * * *`);
  await queue.work(JOBS.retention, async () => {
    await pruneOldData(deps);
  });
  // Event deliveries schedule their own retries (the Standard Webhooks table), so a throw here is
  // only a database failure, which pg-boss retries.
  await queue.work(JOBS.deliverEvent, (job) => deliverEvent(deps, job.data.deliveryId), { batchSize: 5 });
  await queue.work(JOBS.channelWriteback, (job) => runChannelWriteback(deps, job, config.messageRetry.limit));
  await queue.work(JOBS.channelPoll, () => pollChannels(deps));
  await queue.schedule(JOBS.channelPoll, `*/${config.channels.pollEveryMinutes} * * * *`);
  await queue.schedule(JOBS.maintenance, '* * * * *');
  await queue.schedule(JOBS.retention, '17 3 * * *');
  await queue.schedule(JOBS.stuckWatchdog, '*/15 * * * *');
  await queue.schedule(JOBS.billingSync, '23 * * * *');
  await queue.work(JOBS.codExpiry, async () => {
    await expireCodConfirmationRequests(deps);
  });
  await queue.schedule(JOBS.codExpiry, '*/5 * * * *');
  // Bulk shipments a stopped instance left running carry on now, not at the next sweep.
  await resumeShipBatches(deps);
}
