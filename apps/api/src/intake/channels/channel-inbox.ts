import {
  claimChannelWebhooks,
  hasChannelClaimInFlight,
  hasPendingChannelWebhook,
  lockChannelApplier,
  markChannelWebhookFailed,
  nextChannelWebhookDue,
  recordChannelWebhookOutcome,
  type ClaimedChannelWebhook,
} from '@app/db';
import type { AppDeps, InboxApplier } from '../../platform/core/deps';
import { drainKickedLoop, startKickedLoop } from '../../platform/core/kicked-loop';
import { isTransientFailure } from '../../platform/core/transient';
import { applyChannelOrder } from './apply-channel-order';
import { CHANNEL_LABEL, type ChannelOrder } from './channel-order';
import { readShopifyDelivery } from './shopify/shopify.intake';
import { readWooCommerceDelivery } from './woocommerce/woocommerce.intake';

/** How many deliveries one claim takes (each is then applied in its own transactions). */
export const CHANNEL_APPLY_BATCH = 25;
/** How long a claimed batch is held: an instance that dies holding it delays it this long at most. */
const CLAIM_MS = 120_000;
/** A delivery whose apply keeps failing for a passing reason is tried this often, then left failed. */
const MAX_ATTEMPTS = 10;

function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

/** The stored body as our channel order, or why it cannot be read (kept as rejected). */
async function readDelivery(deps: AppDeps, delivery: ClaimedChannelWebhook): Promise<ChannelOrder | { error: string }> {
  let body: unknown;
  try {
    body = JSON.parse(delivery.rawBody) as unknown;
  } catch {
    return { error: 'the body is not JSON' };
  }
  // A row the reconciliation poll stored (and did not get to apply) holds the order as it read it.
  const topic =
    delivery.topic === 'poll' ? (delivery.channel === 'shopify' ? 'orders/updated' : 'order.updated') : delivery.topic;
  return delivery.channel === 'shopify' ? readShopifyDelivery(body, topic) : readWooCommerceDelivery(deps, body, topic);
}

/**
 * Applies one claimed delivery and records what it did on its row: an unreadable body or an order
 * we refuse is `rejected` with the reason (the Integrations page shows it); an apply that throws is
 * rejected too unless the failure is passing (the database down, a deadlock: isTransientFailure),
 * when the row is `failed` and retried with a backoff.
 */
async function applyDelivery(deps: AppDeps, delivery: ClaimedChannelWebhook): Promise<void> {
  const { id, channel } = delivery;
  const tag = `[${CHANNEL_LABEL[channel].toUpperCase()}]`;
  const log = deps.logger.child({ channel, topic: delivery.topic });
  try {
    const read = await readDelivery(deps, delivery);
    if ('error' in read) {
      await recordChannelWebhookOutcome(deps.db, id, {
        outcome: 'rejected',
        detail: read.error,
        orderId: null,
        externalId: null,
        processedAt: deps.clock.now(),
      });
      log.warn({ webhookId: id, reason: read.error }, `${tag} webhook rejected`);
      return;
    }
    const result = await applyChannelOrder(deps, channel, read);
    await recordChannelWebhookOutcome(deps.db, id, { ...result, processedAt: deps.clock.now() });
    log.info({ webhookId: id, outcome: result.outcome, orderId: result.orderId }, `${tag} webhook ${result.outcome}`);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (!isTransientFailure(err)) {
      // The same body would fail the same way on every retry: kept as rejected with the reason.
      log.error({ err, webhookId: id }, `${tag} a signed webhook cannot be applied: rejected`);
      await recordChannelWebhookOutcome(deps.db, id, {
        outcome: 'rejected',
        detail: `could not be applied: ${detail}`.slice(0, 1000),
        orderId: null,
        externalId: null,
        processedAt: deps.clock.now(),
      });
      return;
    }
    const attempts = delivery.attempts + 1;
    log.error({ err, webhookId: id, attempts }, `${tag} applying a webhook failed; it is retried`);
    const now = deps.clock.now();
    await markChannelWebhookFailed(deps.db, id, {
      detail,
      retryAt: new Date(now.getTime() + retryDelayMs(attempts)),
      processedAt: now,
    });
  }
}

/**
 * The channel applier's batch. The claim is one short transaction under an advisory lock (every
 * instance's claims, one at a time): it takes nothing while another applier's claimed batch is in
 * flight, else up to `limit` waiting deliveries in id (arrival) order, held for CLAIM_MS. They are
 * then applied one after another, each in its own transactions (applyChannelOrder owns them and may
 * call the store or iCarry). So deliveries are applied in the order they arrived, and two
 * deliveries of one order never run at once; should an applier die mid-batch, its claim runs out
 * and the rest is applied then (applying is idempotent: a delivery applied twice changes nothing
 * the second time). Returns how many deliveries were taken (0: nothing waits or another holds them).
 */
export async function applyPendingChannelWebhooks(deps: AppDeps, limit = CHANNEL_APPLY_BATCH): Promise<number> {
  const now = deps.clock.now();
  const claimed = await deps.db.transaction().execute(async (tx) => {
    await lockChannelApplier(tx);
    if (await hasChannelClaimInFlight(tx, now)) return [];
    return claimChannelWebhooks(tx, {
      limit,
      now,
      claimUntil: new Date(now.getTime() + CLAIM_MS),
      maxAttempts: MAX_ATTEMPTS,
    });
  });
  for (const delivery of claimed) await applyDelivery(deps, delivery);
  return claimed.length;
}

/**
 * The in-process applier of Shopify and WooCommerce deliveries: the route kicks it right after its
 * INSERT commits; it wakes itself when a held-back delivery becomes due (a retry, a claim that ran
 * out); every start kicks it, so what a crashed instance stored is applied by the next.
 */
export function startChannelApplier(deps: AppDeps): InboxApplier {
  return startKickedLoop({
    logger: deps.logger,
    failure: '[CHANNELS] the webhook applier stopped; stored deliveries wait for the next kick',
    batch: () => applyPendingChannelWebhooks(deps),
    nextWakeMs: async () => {
      const due = await nextChannelWebhookDue(deps.db, MAX_ATTEMPTS);
      // Already due but not taken: another instance's batch is in flight; look again in a second.
      return due ? Math.max(1_000, due.getTime() - deps.clock.now().getTime()) : null;
    },
  });
}

/** The sweep (any instance): what waits and is due is applied now. */
export function applyWaitingChannelWebhooks(deps: AppDeps): Promise<number> {
  return applyPendingChannelWebhooks(deps);
}

/** Waits until no stored delivery is pending (tests, after posting). */
export function drainChannelInbox(deps: AppDeps): Promise<void> {
  return drainKickedLoop(deps.channelInbox, () => hasPendingChannelWebhook(deps.db), 'the channel inbox');
}
