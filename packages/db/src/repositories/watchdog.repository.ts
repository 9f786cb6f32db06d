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
    with ndr as (
      -- Forward shipments of orders still flagged for an NDR nobody answered (few: the flag index).
      select s.id, n.at as since
      from orders o
      join shipments s on s.order_id = o.id and s.direction = 'forward'
        and s.booking_state = 'booked' and s.status in (${awaiting}, ${moving})
      cross join lateral (
        select max(created_at) as at from order_notes where order_id = o.id and kind = 'ndr'
      ) n
      -- Once flagged stuck for it, the order's 'ndr' flag became 'stuck': the rule must keep holding.
      where o.attention_kind in ('ndr', 'stuck')
        and (o.attention_kind = 'ndr' or s.stuck_stage = 'ndr')
        and n.at < ${input.ndrBefore}
        and coalesce(s.last_movement_at, s.booked_at, s.created_at) <= n.at
    ), moved as (
      -- Booked and not final, no movement past its stage's limit; the NDR rule wins.
      select s.id,
        case when s.status in (${awaiting}) then 'awaiting_pickup' else 'in_transit' end as stage,
        coalesce(s.last_movement_at, s.booked_at, s.created_at) as since
      from shipments s
      where s.booking_state = 'booked'
        and s.status in (${awaiting}, ${moving})
        and ((s.status in (${awaiting}) and coalesce(s.last_movement_at, s.booked_at, s.created_at) < ${input.awaitingPickupBefore})
          or (s.status in (${moving}) and coalesce(s.last_movement_at, s.booked_at, s.created_at) < ${input.inTransitBefore}))
        and s.id not in (select id from ndr)
      order by since, s.id
      limit ${input.limit}
    ), chosen as (
      select id, 'ndr' as stage, since from ndr
      union all
      select id, stage, since from moved
      order by since, id
      limit ${input.limit}
    )
    -- The orders are read for the chosen rows only: joined before the limit, the planner hashed
    -- every order (a 1,000,000-row scan, and JIT compiling the old query for 6 of its 9 seconds).
    select s.id, s.order_id, o.order_number, s.direction, s.awb, s.courier_name, s.status, c.stage, c.since,
      o.attention_kind, s.stuck_stage
    from chosen c
    join shipments s on s.id = c.id
    join orders o on o.id = s.order_id
    order by c.since, c.id`.execute(db);
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
