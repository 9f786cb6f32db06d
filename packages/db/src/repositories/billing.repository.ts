import { sql, type Transaction } from 'kysely';
import type { ShipmentDirection } from '@app/shipping';
import type { DB, WeightDiscrepancy } from '../schema';
import type { DbExecutor } from './db-executor';

/** Parcels whose journey ended: iCarry bills them (delivered, or returned to origin). */
export const BILLABLE_STATUSES = ['delivered', 'rto_delivered'] as const;

export interface UnbilledShipment {
  id: string;
  orderId: string;
  providerShipmentId: string;
}

/**
 * Finished parcels iCarry has not billed yet, never asked about or last asked before
 * `checkedBefore`, least recently asked first, so every one gets its turn.
 */
export async function listUnbilledShipments(
  db: DbExecutor,
  input: { checkedBefore: Date; limit: number },
): Promise<UnbilledShipment[]> {
  const rows = await db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'provider_shipment_id'])
    .where('booking_state', '=', 'booked')
    .where('billed_at', 'is', null)
    .where('status', 'in', BILLABLE_STATUSES)
    .where('provider_shipment_id', 'is not', null)
    .where((eb) => eb.or([eb('billing_checked_at', 'is', null), eb('billing_checked_at', '<', input.checkedBefore)]))
    .orderBy(sql`billing_checked_at nulls first`)
    .orderBy('id')
    .limit(input.limit)
    .execute();
  return rows.flatMap((r) =>
    r.provider_shipment_id ? [{ id: r.id, orderId: r.order_id, providerShipmentId: r.provider_shipment_id }] : [],
  );
}

export async function stampBillingChecked(db: DbExecutor, shipmentIds: readonly string[], now: Date): Promise<void> {
  if (shipmentIds.length === 0) return;
  await db.updateTable('shipments').set({ billing_checked_at: now }).where('id', 'in', shipmentIds).execute();
}

export interface BillingFacts {
  id: string;
  orderId: string;
  orderNumber: string;
  direction: ShipmentDirection;
  awb: string | null;
  courierName: string | null;
  quotedCostPaise: number | null;
  weightGrams: number;
  weightDiscrepancy: WeightDiscrepancy | null;
  status: string | null;
  billedAt: Date | null;
}

/** What the billing job compares an answer with, the shipment row locked; undefined for an unknown id. */
export async function lockBillingFacts(tx: Transaction<DB>, shipmentId: string): Promise<BillingFacts | undefined> {
  const row = await tx
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select([
      's.id',
      's.order_id',
      'o.order_number',
      's.direction',
      's.awb',
      's.courier_name',
      's.quoted_cost_paise',
      's.weight_grams',
      's.weight_discrepancy',
      's.status',
      's.billed_at',
    ])
    .where('s.id', '=', shipmentId)
    .forUpdate(['s'])
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      orderId: row.order_id,
      orderNumber: row.order_number,
      direction: row.direction,
      awb: row.awb,
      courierName: row.courier_name,
      quotedCostPaise: row.quoted_cost_paise,
      weightGrams: row.weight_grams,
      weightDiscrepancy: row.weight_discrepancy,
      status: row.status,
      billedAt: row.billed_at,
    }
  );
}

/** Stores what iCarry billed beside the quote; only a shipment not billed yet changes. */
export async function recordShipmentBilling(
  db: DbExecutor,
  shipmentId: string,
  billing: {
    billedPaise: number;
    billedWeightGrams: number | null;
    billedOn: string | null;
    flagged: boolean;
    now: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('shipments')
    .set({
      billed_paise: billing.billedPaise,
      billed_weight_grams: billing.billedWeightGrams,
      billed_on: billing.billedOn,
      billed_at: billing.now,
      billing_checked_at: billing.now,
      billing_flagged: billing.flagged,
    })
    .where('id', '=', shipmentId)
    .where('billed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface BillingMonthRow {
  /** yyyy-mm of the billing day (iCarry's), else of the day we recorded it. */
  month: string;
  courierName: string;
  shipments: number;
  /** Shipments with a quote to compare with (the others count in billed only). */
  quotedShipments: number;
  quotedPaise: number;
  billedPaise: number;
  /** Billed minus quoted, over the shipments that have both. */
  differencePaise: number;
  flagged: number;
}

/** Quoted vs billed, by month and courier, for billing months in [fromMonth, toMonth] (yyyy-mm). */
export async function summarizeBilling(
  db: DbExecutor,
  input: { fromMonth: string; toMonth: string },
): Promise<BillingMonthRow[]> {
  const { rows } = await sql<{
    month: string;
    courier_name: string | null;
    shipments: string | number;
    quoted_shipments: string | number;
    quoted_paise: string | number | null;
    billed_paise: string | number | null;
    difference_paise: string | number | null;
    flagged: string | number;
  }>`
    select to_char(coalesce(billed_on, (billed_at at time zone 'Asia/Kolkata')::date), 'YYYY-MM') as month,
      courier_name,
      count(*) as shipments,
      count(quoted_cost_paise) as quoted_shipments,
      sum(quoted_cost_paise) as quoted_paise,
      sum(billed_paise) as billed_paise,
      sum(billed_paise - quoted_cost_paise) filter (where quoted_cost_paise is not null) as difference_paise,
      count(*) filter (where billing_flagged) as flagged
    from shipments
    where billed_at is not null
    group by 1, 2
    having to_char(coalesce(billed_on, (billed_at at time zone 'Asia/Kolkata')::date), 'YYYY-MM') between ${input.fromMonth} and ${input.toMonth}
    order by 1 desc, 2`.execute(db);
  return rows.map((r) => ({
    month: r.month,
    courierName: r.courier_name ?? 'Unknown courier',
    shipments: Number(r.shipments),
    quotedShipments: Number(r.quoted_shipments),
    quotedPaise: Number(r.quoted_paise ?? 0),
    billedPaise: Number(r.billed_paise ?? 0),
    differencePaise: Number(r.difference_paise ?? 0),
    flagged: Number(r.flagged),
  }));
}

export interface FlaggedBillingRow {
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  direction: ShipmentDirection;
  awb: string | null;
  courierName: string | null;
  quotedCostPaise: number | null;
  billedPaise: number;
  declaredWeightGrams: number;
  billedWeightGrams: number | null;
  weightDiscrepancy: WeightDiscrepancy | null;
  billedOn: string | null;
}

/** Shipments whose bill differed from the quote beyond the threshold, newest bill first. */
export async function listFlaggedBilling(
  db: DbExecutor,
  input: { fromMonth: string; toMonth: string; limit: number },
): Promise<FlaggedBillingRow[]> {
  const rows = await db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select([
      's.id',
      's.order_id',
      'o.order_number',
      's.direction',
      's.awb',
      's.courier_name',
      's.quoted_cost_paise',
      's.billed_paise',
      's.weight_grams',
      's.billed_weight_grams',
      's.weight_discrepancy',
      's.billed_on',
    ])
    .where('s.billing_flagged', '=', true)
    .where('s.billed_at', 'is not', null)
    .where(
      sql<boolean>`to_char(coalesce(s.billed_on, (s.billed_at at time zone 'Asia/Kolkata')::date), 'YYYY-MM') between ${input.fromMonth} and ${input.toMonth}`,
    )
    .orderBy('s.billed_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({
    shipmentId: r.id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    direction: r.direction,
    awb: r.awb,
    courierName: r.courier_name,
    quotedCostPaise: r.quoted_cost_paise,
    billedPaise: r.billed_paise ?? 0,
    declaredWeightGrams: r.weight_grams,
    billedWeightGrams: r.billed_weight_grams,
    weightDiscrepancy: r.weight_discrepancy,
    billedOn: r.billed_on,
  }));
}

/** Finished parcels not billed yet (the report says how many are still to come). */
export async function countUnbilledShipments(db: DbExecutor): Promise<number> {
  const row = await db
    .selectFrom('shipments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('booking_state', '=', 'booked')
    .where('billed_at', 'is', null)
    .where('status', 'in', BILLABLE_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
