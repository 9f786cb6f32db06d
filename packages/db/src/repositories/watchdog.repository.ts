import type { ShipmentStatus } from '@app/shipping';
import { sql } from 'kysely';
import type { ShipmentDirection } from '@app/shipping';
import type { AttentionKind, StuckStage } from '../schema';
import type { DbExecutor } from './db-executor';
import { AWAITING_PICKUP_STATUSES } from './packing.repository';

/** Picked up and not yet final: the parcel should keep moving. */
export const IN_TRANSIT_STATUSES = [
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'rto_in_transit',
] as const satisfies readonly ShipmentStatus[];

export interface StuckCandidate {
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  direction: ShipmentDirection;
  awb: string | null;
  courierName: string | null;
  status: ShipmentStatus;
  stage: StuckStage;
  /** The last movement (or the NDR that nobody answered): the clock the rule measured. */
  since: Date;
  attentionKind: AttentionKind | null;
  stuckStage: StuckStage | null;
}

/**
 * Booked shipments with no carrier movement past their stage's limit: awaiting pickup since before
 * `awaitingPickupBefore`, in transit since before `inTransitBefore`, or (forward, order still
 * flagged `ndr`: nobody answered it) an NDR reported before `ndrBefore` with no movement after it. One row per shipment;
 * the NDR rule wins over in-transit. At most `limit` rows, longest-stuck first.
 */
export async function listStuckCandidates(
  db: DbExecutor,
  input: { awaitingPickupBefore: Date; inTransitBefore: Date; ndrBefore: Date; limit: number },
): Promise<StuckCandidate[]> {
  const awaiting = sql.join(AWAITING_PICKUP_STATUSES.map((s) => sql.lit(s)));
  const moving = sql.join(IN_TRANSIT_STATUSES.map((s) => sql.lit(s)));
  const { rows } = await sql<{
    id: string;
    order_id: string;
    order_number: string;
    direction: ShipmentDirection;
    awb: string | null;
    courier_name: string | null;
    status: ShipmentStatus;
    stage: StuckStage;
    since: Date;
    attention_kind: AttentionKind | null;
    stuck_stage: StuckStage | null;
  }>`
    with candidates as (
      select s.id, s.order_id, s.direction, s.awb, s.courier_name, s.status, s.stuck_stage,
        coalesce(s.last_movement_at, s.booked_at, s.created_at) as moved_at,
        -- Once flagged stuck for it, the order's 'ndr' flag became 'stuck': the rule must keep holding.
        case when s.direction = 'forward' and (o.attention_kind = 'ndr' or (o.attention_kind = 'stuck' and s.stuck_stage = 'ndr')) then (
          select max(n.created_at) from order_notes n where n.order_id = o.id and n.kind = 'ndr'
        ) end as ndr_at,
        o.order_number, o.attention_kind
      from shipments s
      join orders o on o.id = s.order_id
      where s.booking_state = 'booked'
        and s.status in (${awaiting}, ${moving})
    ), staged as (
      select *,
        case
          when ndr_at is not null and ndr_at < ${input.ndrBefore} and moved_at <= ndr_at then 'ndr'
          when status in (${awaiting}) and moved_at < ${input.awaitingPickupBefore} then 'awaiting_pickup'
          when status in (${moving}) and moved_at < ${input.inTransitBefore} then 'in_transit'
        end as stage
      from candidates
    )
    select id, order_id, order_number, direction, awb, courier_name, status, stage,
      case when stage = 'ndr' then ndr_at else moved_at end as since,
      attention_kind, stuck_stage
    from staged
    where stage is not null
    order by since, id
    limit ${input.limit}`.execute(db);
  return rows.map((r) => ({
    shipmentId: r.id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    direction: r.direction,
    awb: r.awb,
    courierName: r.courier_name,
    status: r.status,
    stage: r.stage,
    since: new Date(r.since),
    attentionKind: r.attention_kind,
    stuckStage: r.stuck_stage,
  }));
}

/** Marks the shipment stuck at `stage` since `since` (unchanged when it already is). */
export async function markShipmentStuck(
  db: DbExecutor,
  shipmentId: string,
  stuck: { stage: StuckStage; since: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('shipments')
    .set({ stuck_stage: stuck.stage, stuck_since: stuck.since })
    .where('id', '=', shipmentId)
    .where((eb) => eb.or([eb('stuck_stage', 'is', null), eb('stuck_stage', '<>', stuck.stage)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stuck marks on shipments the watchdog no longer finds stuck (they became final, or an NDR was answered). */
export async function clearStuckMarksExcept(db: DbExecutor, keepShipmentIds: readonly string[]): Promise<number> {
  let query = db
    .updateTable('shipments')
    .set({ stuck_stage: null, stuck_since: null })
    .where('stuck_stage', 'is not', null);
  if (keepShipmentIds.length > 0) query = query.where('id', 'not in', keepShipmentIds);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Orders flagged `stuck` none of whose shipments is marked stuck any more: their flag can go. */
export async function listOrdersNoLongerStuck(db: DbExecutor): Promise<string[]> {
  const rows = await db
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.attention_kind', '=', 'stuck')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('shipments as s')
            .select(sql.lit(1).as('one'))
            .whereRef('s.order_id', '=', 'o.id')
            .where('s.stuck_stage', 'is not', null),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.id);
}

export interface StuckShipmentRow {
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  direction: ShipmentDirection;
  awb: string | null;
  courierName: string | null;
  status: ShipmentStatus | null;
  stage: StuckStage;
  since: Date;
  attentionReason: string | null;
}

/** Every shipment marked stuck, longest first (the Stuck tab and the daily digest). */
export async function listStuckShipments(db: DbExecutor, limit: number): Promise<StuckShipmentRow[]> {
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
      's.status',
      's.stuck_stage',
      's.stuck_since',
      'o.attention_reason',
    ])
    .where('s.stuck_stage', 'is not', null)
    .orderBy('s.stuck_since')
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.flatMap((r) =>
    r.stuck_stage && r.stuck_since
      ? [
          {
            shipmentId: r.id,
            orderId: r.order_id,
            orderNumber: r.order_number,
            direction: r.direction,
            awb: r.awb,
            courierName: r.courier_name,
            status: r.status,
            stage: r.stuck_stage,
            since: r.stuck_since,
            attentionReason: r.attention_reason,
          },
        ]
      : [],
  );
}
