import { istDay, istHour } from '@app/shipping';
import {
  clearOrderAttention,
  clearStuckMarksExcept,
  flagOrderAttention,
  listOrdersNoLongerStuck,
  listStuckCandidates,
  listExpiredCodConfirmations,
  listStuckShipments,
  markShipmentStuck,
  type StuckCandidate,
  type StuckStage,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { stuckDigestEmail } from '../../outbox/messaging/message.templates';
import { expiredCodDigestSection, formatCodAmount } from '../../outbox/messaging/cod-confirmation.messages';
import { enqueueAdminAlert } from '../../outbox/notifications/notification.service';

const HOUR_MS = 3600_000;
/** Shipments looked at per run; the longest-stuck come first, so the rest wait for the next run. */
const MAX_PER_RUN = 1000;

export const STUCK_STAGE_LABEL: Record<StuckStage, string> = {
  awaiting_pickup: 'awaiting pickup',
  in_transit: 'in transit',
  ndr: 'NDR not answered',
};

function hoursSince(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / HOUR_MS));
}

function reasonFor(c: Pick<StuckCandidate, 'stage' | 'since' | 'courierName' | 'awb' | 'direction'>, now: Date) {
  const hours = hoursSince(c.since, now);
  const what = c.direction === 'return' ? 'Return pickup stuck' : 'Stuck';
  const where = `${c.courierName ?? 'courier unknown'}, AWB ${c.awb ?? 'none'}`;
  return c.stage === 'ndr'
    ? `${what}: a failed delivery (NDR) ${hours} h ago has no answer and no movement since (${where})`
    : `${what}: no carrier movement for ${hours} h while ${STUCK_STAGE_LABEL[c.stage]} (${where})`;
}

/** A flag for a person that the stuck flag must not overwrite (stuck only replaces an NDR nobody answered). */
function mayFlag(c: StuckCandidate): boolean {
  return c.attentionKind === null || c.attentionKind === 'ndr' || c.attentionKind === 'stuck';
}

export interface WatchdogResult {
  stuck: number;
  newlyStuck: number;
  cleared: number;
  digestQueued: boolean;
}

/**
 * The stuck-shipment watchdog (a scheduled job): marks booked shipments with no carrier movement
 * past their stage's limit (config.watchdog) with the stage and since when, flags their orders
 * `stuck` with a reason, clears marks and flags that no longer hold (the parcel moved, became
 * final, or the NDR was answered), and from the digest hour on (IST) queues one digest email a
 * day through the outbox, keyed by the day.
 */
export async function runStuckWatchdog(deps: AppDeps): Promise<WatchdogResult> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const limits = config.watchdog;
  const candidates = await listStuckCandidates(db, {
    awaitingPickupBefore: new Date(now.getTime() - limits.awaitingPickupHours * HOUR_MS),
    inTransitBefore: new Date(now.getTime() - limits.inTransitHours * HOUR_MS),
    ndrBefore: new Date(now.getTime() - limits.ndrHours * HOUR_MS),
    limit: MAX_PER_RUN,
  });
  let newlyStuck = 0;
  for (const c of candidates) {
    const changed = await markShipmentStuck(db, c.shipmentId, { stage: c.stage, since: c.since });
    if (changed) newlyStuck++;
    // The reason's hour count is refreshed every run, so the Stuck tab reads "for 73 h" today.
    if (mayFlag(c)) await flagOrderAttention(db, c.orderId, { kind: 'stuck', reason: reasonFor(c, now), now });
  }
  // With a full page, shipments past it were not looked at: leave their marks alone.
  const cleared =
    candidates.length < MAX_PER_RUN
      ? await clearStuckMarksExcept(
          db,
          candidates.map((c) => c.shipmentId),
        )
      : 0;
  for (const orderId of await listOrdersNoLongerStuck(db))
    await clearOrderAttention(db, orderId, { onlyKind: 'stuck' });

  let digestQueued = false;
  if (istHour(now) >= limits.digestHourIst) digestQueued = await queueDigest(deps, now);
  if (candidates.length > 0 || cleared > 0)
    deps.logger.info({ stuck: candidates.length, newlyStuck, cleared, digestQueued }, 'stuck-shipment watchdog');
  return { stuck: candidates.length, newlyStuck, cleared, digestQueued };
}

async function queueDigest(deps: AppDeps, now: Date): Promise<boolean> {
  const day = istDay(now);
  const stuck = await listStuckShipments(deps.db, 500);
  // The same daily email lists COD orders whose customer did not confirm in time (issue 24).
  const expired = await listExpiredCodConfirmations(deps.db, 500);
  if (stuck.length === 0 && expired.length === 0) return false;
  const base = deps.config.publicUrl;
  const codSection = expiredCodDigestSection(
    expired.map((e) => ({
      orderNumber: e.orderNumber,
      amountText: formatCodAmount(e.codAmountPaise),
      adminLink: `${base}/admin/orders/${e.orderId}`,
    })),
    `${base}/admin/orders?status=processing&codConfirmation=expired`,
  );
  const stuckContent = stuckDigestEmail({
    day,
    stuckTabLink: `${base}/admin/orders?filter=stuck`,
    lines: stuck.map((s) => ({
      orderNumber: s.orderNumber,
      awb: s.awb,
      courierName: s.courierName,
      stage: STUCK_STAGE_LABEL[s.stage],
      hours: hoursSince(s.since, now),
      direction: s.direction,
      adminLink: `${base}/admin/orders/${s.orderId}`,
    })),
  });
  const content =
    stuck.length === 0
      ? {
          subject: `${expired.length} COD order${expired.length === 1 ? '' : 's'} not confirmed (${day})`,
          text: codSection.join('\n'),
        }
      : expired.length === 0
        ? stuckContent
        : {
            subject: `${stuckContent.subject}; ${expired.length} COD not confirmed`,
            text: `${stuckContent.text}\n\n${codSection.join('\n')}`,
          };
  return deps.db.transaction().execute((tx) =>
    enqueueAdminAlert(deps, tx, {
      template: 'stuck_digest',
      subject: content.subject,
      body: content.text,
      dedupeKey: `stuck-digest:${day}`,
    }),
  );
}

/** The Stuck tab: every stuck shipment, longest first, with the stage, the hours and the limits. */
export async function listStuck(deps: AppDeps, input: { limit: number }) {
  const now = deps.clock.now();
  const rows = await listStuckShipments(deps.db, input.limit);
  return {
    items: rows.map((r) => ({
      shipmentId: r.shipmentId,
      orderId: r.orderId,
      orderNumber: r.orderNumber,
      direction: r.direction,
      awb: r.awb,
      courierName: r.courierName,
      status: r.status,
      stage: r.stage,
      stageLabel: STUCK_STAGE_LABEL[r.stage],
      since: r.since,
      hoursWithoutMovement: hoursSince(r.since, now),
      reason: reasonFor({ ...r, since: r.since }, now),
    })),
    limits: deps.config.watchdog,
  };
}
