import { ACTIVE_BOOKING_STATES, type BookingState } from '@app/shipping';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

const ACTIVE_STATES: readonly BookingState[] = ACTIVE_BOOKING_STATES;

/**
 * The order's one active shipment: the same states the partial unique index
 * `shipments_one_active_per_direction` covers (per direction), so "active" means one thing in SQL, in code and in the schema.
 */
export function isActiveShipment(bookingState: Expression<string>): RawBuilder<SqlBool> {
  return sql<SqlBool>`${bookingState} in (${sql.join(ACTIVE_STATES.map((state) => sql.lit(state)))})`;
}

export function isActiveBookingState(state: BookingState): boolean {
  return ACTIVE_STATES.includes(state);
}
