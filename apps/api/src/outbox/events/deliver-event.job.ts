import {
  claimDelivery,
  disableEventEndpoint,
  failDelivery,
  findDeliveryToSend,
  findEarlierPendingDelivery,
  findNextPendingDelivery,
  markEndpointAlerted,
  markEndpointFailing,
  markEndpointHealthy,
  recordDeliveryAttempt,
  type DeliveryToSend,
} from '@app/db';
import { Webhook } from 'standardwebhooks';
import type { AppDeps } from '../../platform/core/deps';
import { JOBS } from '../../platform/core/job-queue';
import { enqueueAdminAlert } from '../notifications/notification.service';
import { OutboundRequestError, postOutbound } from './outbound-http';

/** Longest a Retry-After may push a retry out (a receiver cannot park our queue for days). */
const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

/** Queues the next delivery of the same order to the same endpoint, which waited for this one. */
async function kickNext(deps: AppDeps, delivery: DeliveryToSend): Promise<void> {
  const next = await findNextPendingDelivery(deps.db, delivery);
  if (next) await deps.queue.sendNow(JOBS.deliverEvent, { deliveryId: next });
}

/** Signs a body per Standard Webhooks: the headers a receiver checks with the `standardwebhooks` package. */
export function signEvent(secret: string, msgId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
    'webhook-signature': new Webhook(secret).sign(msgId, at, body),
  };
}

/**
 * Sends one event delivery. 2xx only counts; a 3xx is a failure (redirects are not followed);
 * 410 Gone disables the endpoint. Failures are retried on the Standard Webhooks schedule (about
 * three days) by a new job sent with the attempt's record, and every attempt is logged. Events of
 * one order reach an endpoint in order: a delivery waits while an earlier one of its order is
 * pending, and each finished delivery queues the next. An endpoint failing for a day emails the
 * admin once per failing spell.
 */
export async function deliverEvent(deps: AppDeps, deliveryId: string): Promise<void> {
  const { db, clock, config, logger } = deps;
  const delivery = await findDeliveryToSend(db, deliveryId);
  if (!delivery || delivery.state !== 'pending') return;
  const log = logger.child({ deliveryId, endpointId: delivery.endpointId, type: delivery.type });
  if (!delivery.endpointEnabled) {
    await failDelivery(db, delivery.id, 'the endpoint is disabled', clock.now());
    await kickNext(deps, delivery);
    return;
  }
  // The earlier delivery's end queues this one.
  if (await findEarlierPendingDelivery(db, delivery)) return;
  const started = clock.now();
  const lease = new Date(started.getTime() + config.events.timeoutMs + 30_000);
  // A retry job may start a moment before its due time (queue and app clocks): allow a few seconds.
  const dueBy = new Date(started.getTime() + 5_000);
  if (!(await claimDelivery(db, delivery.id, { now: started, dueBy, leaseUntil: lease }))) return;

  const body = JSON.stringify(delivery.payload);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'icarry-shipping-events/1',
    ...signEvent(delivery.secret, delivery.msgId, started, body),
  };
  let status: number | null = null;
  let retryAfter: number | null = null;
  let error: string | null = null;
  const t0 = Date.now();
  try {
    const answer = await postOutbound(delivery.url, {
      body,
      headers,
      timeoutMs: config.events.timeoutMs,
      allowPrivate: config.events.allowPrivateUrls,
    });
    status = answer.status;
    retryAfter = answer.retryAfterSeconds;
    if (status < 200 || status > 299)
      error = `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`;
  } catch (err) {
    error = err instanceof OutboundRequestError ? err.message : err instanceof Error ? err.message : String(err);
  }
  const durationMs = Date.now() - t0;
  const now = clock.now();

  if (error === null) {
    await db.transaction().execute(async (tx) => {
      await recordDeliveryAttempt(tx, {
        deliveryId: delivery.id,
        attemptedAt: now,
        statusCode: status,
        error: null,
        durationMs,
        state: 'delivered',
        nextAttemptAt: null,
      });
      await markEndpointHealthy(tx, delivery.endpointId, now);
    });
    log.info({ status, attempts: delivery.attempts + 1 }, '[EVENTS] delivered');
    await kickNext(deps, delivery);
    return;
  }

  const gone = status === 410;
  const schedule = config.events.retryScheduleSeconds;
  const attemptNumber = delivery.attempts + 1;
  const lastTry = gone || attemptNumber > schedule.length;
  const delaySeconds = lastTry
    ? 0
    : Math.min(Math.max(schedule[attemptNumber - 1] ?? 0, retryAfter ?? 0), MAX_RETRY_AFTER_SECONDS);
  await db.transaction().execute(async (tx) => {
    await recordDeliveryAttempt(tx, {
      deliveryId: delivery.id,
      attemptedAt: now,
      statusCode: status,
      error,
      durationMs,
      state: lastTry ? 'failed' : 'pending',
      nextAttemptAt: lastTry ? null : new Date(now.getTime() + delaySeconds * 1000),
    });
    if (gone) {
      await disableEventEndpoint(tx, delivery.endpointId, 'the endpoint answered 410 Gone', now);
    } else if (!lastTry) {
      await deps.queue.send(
        tx,
        JOBS.deliverEvent,
        { deliveryId: delivery.id },
        { startAfter: Math.max(1, delaySeconds) },
      );
    }
    const spell = await markEndpointFailing(tx, delivery.endpointId, now);
    if (spell && !spell.alertedAt && now.getTime() - spell.failingSince.getTime() >= config.events.alertAfterMs) {
      const host = URL.canParse(spell.url) ? new URL(spell.url).host : 'the endpoint';
      await enqueueAdminAlert(deps, tx, {
        template: 'event_endpoint_failing',
        subject: `Event endpoint ${host} has been failing since ${spell.failingSince.toISOString()}`,
        body: [
          `Deliveries of shipping events to ${spell.url} have failed since ${spell.failingSince.toISOString()}.`,
          `Last attempt: ${error}.`,
          'They keep being retried for about three days; after that, replay them from Integrations in the admin panel.',
          `${config.publicUrl}/admin/integrations`,
        ].join('\n\n'),
        dedupeKey: `event-endpoint-failing:${delivery.endpointId}:${spell.failingSince.toISOString()}`,
      });
      await markEndpointAlerted(tx, delivery.endpointId, now);
    }
  });
  if (lastTry) {
    log.warn({ status, error, attempts: attemptNumber, gone }, '[EVENTS] delivery failed for good');
    await kickNext(deps, delivery);
  } else {
    log.warn(
      { status, error, attempts: attemptNumber, retryInSeconds: delaySeconds },
      '[EVENTS] delivery failed, will retry',
    );
  }
}
