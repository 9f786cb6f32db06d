/**
 * The delivery promise: the date a parcel ordered now reaches a pincode, said the same way on the
 * store's product page, in the shipped message and on the tracking page. Pure: the caller brings
 * the store's memory, the courier's answer and the clock.
 */
import { istDay, istHour } from './ist';
import { transitPercentile, type MemoryCounts } from './delivery-memory';

/** Where the days come from (contract: DESIGN "Learning and promising"). */
export type PromiseBasis = 'history' | 'courier' | 'none';

export interface PromiseSchedule {
  /** Orders placed at or after this hour (IST, 0-23) are picked up the next working day. */
  cutoffHour: number;
  /** Days (yyyy-mm-dd) with no pickup and no delivery, beside every Sunday. */
  holidays: readonly string[];
}

export const DEFAULT_PROMISE_SCHEDULE: PromiseSchedule = { cutoffHour: 13, holidays: [] };

/** The store's own deliveries count once a place has at least this many. */
export const MIN_HISTORY_DELIVERIES = 8;

export interface PromiseDays {
  min: number;
  max: number;
}

export interface DeliveryPromise {
  pincode: string;
  serviceable: boolean;
  cod: boolean;
  deliverBy: string | null;
  days: PromiseDays | null;
  basis: PromiseBasis;
  /** Which of the store's places the history came from, when it did. */
  historyScope?: 'pincode' | 'district' | 'state';
}

const dayOfWeek = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

/** Sundays and the store's holidays: no pickup, no delivery. */
export function isWorkingDay(day: string, schedule: PromiseSchedule): boolean {
  return dayOfWeek(day) !== 0 && !schedule.holidays.includes(day);
}

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The first working day at or after `day`. */
function nextWorkingDay(day: string, schedule: PromiseSchedule): string {
  let next = day;
  for (let guard = 0; guard < 60 && !isWorkingDay(next, schedule); guard++) next = addDays(next, 1);
  return next;
}

/** The day the courier picks up an order placed at `now`: today before the cut-off on a working day, else the next. */
export function pickupDay(now: Date, schedule: PromiseSchedule): string {
  const today = istDay(now);
  if (isWorkingDay(today, schedule) && istHour(now) < schedule.cutoffHour) return today;
  return nextWorkingDay(addDays(today, 1), schedule);
}

/**
 * The date `days` calendar days after pickup, moved to the next working day when it lands on a
 * Sunday or a holiday (couriers in India deliver on neither, as a rule).
 */
export function deliveryDay(pickup: string, days: number, schedule: PromiseSchedule): string {
  return nextWorkingDay(addDays(pickup, days), schedule);
}

/** The store's own deliveries at the narrowest place that has enough of them. */
export function historyDays(
  levels: readonly { scope: 'pincode' | 'district' | 'state'; counts: MemoryCounts }[],
): { days: PromiseDays; scope: 'pincode' | 'district' | 'state' } | null {
  for (const level of levels) {
    if (level.counts.delivered < MIN_HISTORY_DELIVERIES) continue;
    const median = transitPercentile(level.counts.transitDays, 0.5);
    const p90 = transitPercentile(level.counts.transitDays, 0.9);
    if (median === null || p90 === null) continue;
    return { days: { min: Math.max(1, median), max: Math.max(1, p90) }, scope: level.scope };
  }
  return null;
}

/**
 * Standard transit by zone from the pickup pincode, as Indian aggregators publish it: within the
 * sorting district, within the postal circle, metro to metro, the rest of India, and the far
 * places (Jammu & Kashmir, Ladakh, the North East, the islands). Used when the store has no
 * history for a place and the courier's answer carries no days.
 */
const METRO_CIRCLES = new Set(['11', '40', '56', '60', '70', '50']);
const FAR_PREFIXES = ['18', '19', '737', '78', '79', '744', '6825'];

export function zoneDays(origin: string, destination: string): PromiseDays {
  if (FAR_PREFIXES.some((prefix) => destination.startsWith(prefix))) return { min: 6, max: 9 };
  if (origin.slice(0, 3) === destination.slice(0, 3)) return { min: 1, max: 2 };
  if (origin.slice(0, 2) === destination.slice(0, 2)) return { min: 2, max: 3 };
  if (METRO_CIRCLES.has(origin.slice(0, 2)) && METRO_CIRCLES.has(destination.slice(0, 2))) return { min: 3, max: 4 };
  return { min: 4, max: 6 };
}

export interface PromiseInput {
  pincode: string;
  now: Date;
  schedule: PromiseSchedule;
  /** The courier network's answer for the pincode; null when it could not be asked. */
  courier: { serviceable: boolean; cod: boolean; days?: PromiseDays | null } | null;
  /** The store's memory for the pincode, its district and its state, narrowest first. */
  history: readonly { scope: 'pincode' | 'district' | 'state'; counts: MemoryCounts }[];
  originPincode: string;
  wantsCod: boolean;
}

/** The promise for one pincode. The latest day (the 90th percentile) is the date promised. */
export function makePromise(input: PromiseInput): DeliveryPromise {
  const { courier, pincode } = input;
  if (courier && !courier.serviceable) {
    return { pincode, serviceable: false, cod: false, deliverBy: null, days: null, basis: 'none' };
  }
  const fromHistory = historyDays(input.history);
  // Without the courier's answer (iCarry unreachable) only the store's own deliveries say it is served.
  const serviceable = courier?.serviceable ?? fromHistory !== null;
  const cod = courier?.cod ?? false;
  if (!serviceable || (input.wantsCod && courier && !courier.cod)) {
    return { pincode, serviceable, cod, deliverBy: null, days: null, basis: 'none' };
  }
  const days = fromHistory?.days ?? courier?.days ?? (courier ? zoneDays(input.originPincode, pincode) : null);
  if (!days) return { pincode, serviceable, cod, deliverBy: null, days: null, basis: 'none' };
  const pickup = pickupDay(input.now, input.schedule);
  return {
    pincode,
    serviceable,
    cod,
    deliverBy: deliveryDay(pickup, days.max, input.schedule),
    days,
    basis: fromHistory ? 'history' : 'courier',
    ...(fromHistory ? { historyScope: fromHistory.scope } : {}),
  };
}
