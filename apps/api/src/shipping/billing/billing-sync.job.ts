import {
  countUnbilledShipments,
  findOrderById,
  flagOrderAttention,
  insertNote,
  listFlaggedBilling,
  listUnbilledShipments,
  lockBillingFacts,
  recordShipmentBilling,
  stampBillingChecked,
  summarizeBilling,
  type BillingFacts,
} from '@app/db';
import { formatPaiseAsRupees, istDay, type BillingEntry } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';

/** A finished parcel iCarry has not billed yet is asked about again after this long. */
const RECHECK_MS = 6 * 3600_000;
/** Parcels asked about per run (iCarry is asked in chunks of 50). */
const PER_RUN = 200;

const rupees = (paise: number) => `₹${formatPaiseAsRupees(paise)}`;

/** Why a bill differs from its quote, in words the admin can dispute with (weights, the courier's weighing). */
function billingReason(facts: BillingFacts, entry: BillingEntry): string {
  const quoted = facts.quotedCostPaise ?? 0;
  const diff = entry.chargedPaise - quoted;
  const parts = [
    `iCarry billed ${rupees(entry.chargedPaise)} for AWB ${facts.awb ?? 'unknown'} against a quote of ${rupees(quoted)} (${diff > 0 ? '+' : '-'}${rupees(Math.abs(diff))})`,
  ];
  if (entry.chargedWeightGrams !== null && entry.chargedWeightGrams !== facts.weightGrams)
    parts.push(`billed weight ${entry.chargedWeightGrams} g, declared ${facts.weightGrams} g`);
  const dispute = facts.weightDiscrepancy;
  if (dispute?.newWeightGrams)
    parts.push(
      `the courier reported ${dispute.newWeightGrams} g${dispute.newDimensions ? ` (${dispute.newDimensions} cm)` : ''} in a weight dispute`,
    );
  if (facts.status === 'rto_delivered') parts.push('it came back to origin, so the return leg is charged too');
  return `${parts.join('; ')}.`;
}

export interface BillingSyncResult {
  asked: number;
  billed: number;
  flagged: number;
}

/**
 * The billing job: asks iCarry's billing sync what it charged for delivered and returned parcels
 * not billed yet, stores the charge (paise) and billed weight beside the quote, and flags a bill
 * more than `billing.tolerancePaise` away from the quote (order attention `billing`, a note naming
 * the weights and any weight dispute). Parcels iCarry has not billed yet are asked again later.
 */
export async function syncBilling(deps: AppDeps, options: { limit?: number } = {}): Promise<BillingSyncResult> {
  const { db, clock, icarry, config } = deps;
  if (!icarry) return { asked: 0, billed: 0, flagged: 0 };
  const now = clock.now();
  const due = await listUnbilledShipments(db, {
    checkedBefore: new Date(now.getTime() - RECHECK_MS),
    limit: options.limit ?? PER_RUN,
  });
  if (due.length === 0) return { asked: 0, billed: 0, flagged: 0 };
  let entries: BillingEntry[];
  try {
    entries = await icarry.billingSync(due.map((d) => d.providerShipmentId));
  } catch (err) {
    deps.logger.warn(
      { reason: err instanceof Error ? err.message : String(err) },
      '[iCarry] billing sync failed; next run retries',
    );
    return { asked: due.length, billed: 0, flagged: 0 };
  }
  await stampBillingChecked(
    db,
    due.map((d) => d.id),
    now,
  );
  const byProviderId = new Map(due.map((d) => [d.providerShipmentId, d]));
  let billed = 0;
  let flagged = 0;
  for (const entry of entries) {
    const target = byProviderId.get(entry.shipmentId);
    if (!target) continue;
    const outcome = await db.transaction().execute(async (tx) => {
      const facts = await lockBillingFacts(tx, target.id);
      if (!facts || facts.billedAt) return null;
      const differs =
        facts.quotedCostPaise !== null &&
        Math.abs(entry.chargedPaise - facts.quotedCostPaise) > config.billing.tolerancePaise;
      await recordShipmentBilling(tx, facts.id, {
        billedPaise: entry.chargedPaise,
        billedWeightGrams: entry.chargedWeightGrams,
        billedOn: entry.billedOn,
        flagged: differs,
        now,
      });
      if (!differs) return 'billed' as const;
      const reason = billingReason(facts, entry);
      await insertNote(tx, {
        orderId: facts.orderId,
        kind: 'system',
        body: `${reason} Dispute it in the iCarry panel if it is wrong.`,
        dedupeKey: `billing:${facts.id}`,
        now,
      });
      // Only over no flag (or an older billing one): a person's open question is not overwritten.
      const order = await findOrderById(tx, facts.orderId);
      if (order && (order.attentionKind === null || order.attentionKind === 'billing'))
        await flagOrderAttention(tx, facts.orderId, { kind: 'billing', reason, now });
      return 'flagged' as const;
    });
    if (outcome) billed++;
    if (outcome === 'flagged') flagged++;
  }
  deps.logger.info({ asked: due.length, billed, flagged }, '[iCarry] billing sync done');
  return { asked: due.length, billed, flagged };
}

/** yyyy-mm, `months` back from `at` (0 = this month), in India's calendar. */
function monthOf(at: Date, monthsBack = 0): string {
  const [year = 1970, month = 1] = istDay(at).split('-').map(Number);
  const index = year * 12 + (month - 1) - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Quoted vs billed by month and courier (default: this month and the two before), with the flagged bills. */
export async function billingReport(
  deps: AppDeps,
  input: { fromMonth?: string | undefined; toMonth?: string | undefined },
) {
  const now = deps.clock.now();
  const toMonth = input.toMonth ?? monthOf(now);
  const fromMonth = input.fromMonth ?? monthOf(now, 2);
  const [rows, flagged, pending] = await Promise.all([
    summarizeBilling(deps.db, { fromMonth, toMonth }),
    listFlaggedBilling(deps.db, { fromMonth, toMonth, limit: 200 }),
    countUnbilledShipments(deps.db),
  ]);
  const totals = rows.reduce(
    (t, r) => ({
      shipments: t.shipments + r.shipments,
      quotedPaise: t.quotedPaise + r.quotedPaise,
      billedPaise: t.billedPaise + r.billedPaise,
      differencePaise: t.differencePaise + r.differencePaise,
      flagged: t.flagged + r.flagged,
    }),
    { shipments: 0, quotedPaise: 0, billedPaise: 0, differencePaise: 0, flagged: 0 },
  );
  return {
    fromMonth,
    toMonth,
    months: rows,
    totals,
    flagged: flagged.map((f) => ({
      ...f,
      differencePaise: f.quotedCostPaise === null ? null : f.billedPaise - f.quotedCostPaise,
      disputedWeightGrams: f.weightDiscrepancy?.newWeightGrams ?? null,
    })),
    /** Delivered or returned parcels iCarry has not billed yet. */
    pendingCount: pending,
    tolerancePaise: deps.config.billing.tolerancePaise,
  };
}
