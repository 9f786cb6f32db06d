import { findOrderDestination, findSetting, readPincodeMemory, saveSetting, type DbExecutor } from '@app/db';
import {
  addMemory,
  DEFAULT_PROMISE_SCHEDULE,
  EMPTY_MEMORY,
  makePromise,
  pickupDay,
  ALL_COURIERS,
  type DeliveryPromise,
  type MemoryCounts,
  type PromiseSchedule,
} from '@app/shipping';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { AppDeps } from '../../platform/core/deps';

/** How long an answer, a courier's serviceability and the store's schedule are reused. */
export const PROMISE_MAX_AGE_SECONDS = 300;
const SERVICEABILITY_TTL_MS = 6 * 3_600_000;
const UNREACHABLE_TTL_MS = 60_000;
const SCHEDULE_KEY = 'promise_schedule';

export const promiseScheduleSchema = z.object({
  cutoffHour: z.number().int().min(0).max(23),
  holidays: z
    .array(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'a holiday is a date as yyyy-mm-dd')
        .refine((day) => {
          const date = new Date(`${day}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
        }, 'no such date'),
    )
    .max(60)
    .transform((days) => [...new Set(days)].sort()),
});

type Courier = { serviceable: boolean; cod: boolean } | null;

export interface PromiseQuery {
  pincode: string;
  cod: boolean;
}

/**
 * The delivery promise for a pincode (contract: DESIGN "Learning and promising"), from the store's
 * own deliveries when it has enough, else the courier network. Each instance keeps the answers a
 * few minutes: the date moves at most once a day, and a product page asks on every view.
 */
export function createPromiseService(deps: AppDeps) {
  const answers = new LRUCache<string, DeliveryPromise>({ max: 20_000, ttl: PROMISE_MAX_AGE_SECONDS * 1000 });
  const couriers = new LRUCache<string, { value: Courier }>({ max: 20_000, ttl: SERVICEABILITY_TTL_MS });
  let schedule: { value: PromiseSchedule; until: number } | null = null;

  async function courierFor(pincode: string): Promise<Courier> {
    const cached = couriers.get(pincode);
    if (cached) return cached.value;
    if (!deps.icarry) return null;
    try {
      const answer = await deps.icarry.checkPincode(pincode);
      const value = { serviceable: answer.serviceable, cod: answer.serviceable && answer.cod };
      couriers.set(pincode, { value });
      return value;
    } catch (err) {
      deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'promise: iCarry pincode check failed',
      );
      couriers.set(pincode, { value: null }, { ttl: UNREACHABLE_TTL_MS });
      return null;
    }
  }

  async function scheduleNow(): Promise<PromiseSchedule> {
    const now = Date.now();
    if (schedule && schedule.until > now) return schedule.value;
    const value = await readPromiseSchedule(deps);
    schedule = { value, until: now + 60_000 };
    return value;
  }

  return {
    async get(query: PromiseQuery): Promise<DeliveryPromise> {
      const current = await scheduleNow();
      const now = deps.clock.now();
      // The pickup day is in the key: an answer kept from before the cut-off is not given after it.
      const key = `${query.pincode}:${query.cod ? 1 : 0}:${pickupDay(now, current)}`;
      const cached = answers.get(key);
      if (cached) return cached;
      const [courier, rows] = await Promise.all([courierFor(query.pincode), readPincodeMemory(deps.db, query.pincode)]);
      const level = (scope: 'pincode' | 'district' | 'state'): MemoryCounts =>
        rows.filter((r) => r.scope === scope && r.courier === ALL_COURIERS).reduce(addMemory, EMPTY_MEMORY);
      const promise = makePromise({
        pincode: query.pincode,
        now,
        schedule: current,
        courier,
        history: (['pincode', 'district', 'state'] as const).map((scope) => ({ scope, counts: level(scope) })),
        originPincode: deps.config.pickupPincode,
        wantsCod: query.cod,
      });
      answers.set(key, promise);
      return promise;
    },
    /** Forget every kept answer (the schedule changed). */
    clear(): void {
      answers.clear();
      schedule = null;
    },
  };
}

export type PromiseService = ReturnType<typeof createPromiseService>;

export async function readPromiseSchedule(deps: { db: DbExecutor }): Promise<PromiseSchedule> {
  const stored = await findSetting(deps.db, SCHEDULE_KEY);
  if (!stored) return DEFAULT_PROMISE_SCHEDULE;
  const parsed = promiseScheduleSchema.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : DEFAULT_PROMISE_SCHEDULE;
}

export async function savePromiseSchedule(deps: Pick<AppDeps, 'db'>, input: PromiseSchedule): Promise<PromiseSchedule> {
  const value = promiseScheduleSchema.parse(input);
  await saveSetting(deps.db, SCHEDULE_KEY, JSON.stringify(value));
  return value;
}

/**
 * The day promised for a parcel booked at `at`: the same rule as the promise API (the store's
 * history, else the courier network's zone days, from the pickup day), fixed on the shipment so the
 * shipped message and the tracking page say one date. Null when neither knows.
 */
export async function promiseAtBooking(
  deps: AppDeps,
  db: DbExecutor,
  input: { orderId: string; at: Date },
): Promise<string | null> {
  const destination = await findOrderDestination(db, input.orderId);
  if (!destination) return null;
  const [rows, schedule] = await Promise.all([
    readPincodeMemory(db, destination.pincode, destination.state),
    readPromiseSchedule({ db }),
  ]);
  const level = (scope: 'pincode' | 'district' | 'state'): MemoryCounts =>
    rows.filter((r) => r.scope === scope && r.courier === ALL_COURIERS).reduce(addMemory, EMPTY_MEMORY);
  return makePromise({
    pincode: destination.pincode,
    now: input.at,
    schedule,
    courier: { serviceable: true, cod: true },
    history: (['pincode', 'district', 'state'] as const).map((scope) => ({ scope, counts: level(scope) })),
    originPincode: deps.config.pickupPincode,
    wantsCod: false,
  }).deliverBy;
}
