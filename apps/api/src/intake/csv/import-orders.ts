import type { Readable } from 'node:stream';
import {
  insertIntakeOrders,
  lockIntakeOrderStates,
  updateUnshippedIntakeOrders,
  findOrdersByExternalIds,
  type IntakeOrder,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { recordNewOrders } from '../orders/create-order';
import { readOrdersCsv, type CsvRowError } from './csv-orders';
import { planImport, toImportOrderView, type ImportOrderView, type PlannedOrder } from './import-plan';
import { decideReimport } from './reimport-plan.rules';

/** Orders per transaction: a few multi-row statements each, well under PostgreSQL's parameter limit. */
const BATCH = 500;
/** Orders listed in the answer: every order imported before first (their changes), then new ones. */
const MAX_LISTED = 1000;
const PG_UNIQUE_VIOLATION = '23505';

export interface ImportResult {
  dryRun: boolean;
  format: 'shiprocket' | 'template';
  /** Orders in the file. */
  ordersFound: number;
  /** New orders created (in a preview: that would be). */
  created: number;
  /** Orders imported before that the file changes, updated because they have not shipped. */
  updated: number;
  /** Orders imported before that the file states exactly as they are. */
  unchanged: number;
  /** Orders imported before that the file changes but that can no longer change (shipped, cancelled), left as they are. */
  skipped: number;
  /**
   * Orders of the file left out for problems (see `errors`, by row). With the four counts above it
   * adds up to `ordersFound`; all five and `orders` come from the one list of planned orders.
   */
  refused: number;
  errors: CsvRowError[];
  /** Order by order, what was (would be) done and, for orders imported before, how they differ. */
  orders: ImportOrderView[];
  /** True when `orders` lists only the first MAX_LISTED. */
  ordersTruncated: boolean;
  /** The plan's fingerprint: pass it as `?expect=` to import exactly what this preview showed. */
  planId: string;
}

export type ImportOutcome =
  | { ok: true; result: ImportResult }
  | {
      ok: false;
      status: number;
      message: string;
      errors: CsvRowError[];
      code?: 'IMPORT_PLAN_CHANGED';
      result?: ImportResult;
    };

function toResult(
  planned: readonly PlannedOrder[],
  errors: CsvRowError[],
  meta: { dryRun: boolean; format: ImportResult['format']; ordersFound: number; planId: string },
): ImportResult {
  const count = (action: PlannedOrder['action']) => planned.filter((o) => o.action === action).length;
  const listed = [...planned.filter((o) => o.existing), ...planned.filter((o) => !o.existing)].slice(0, MAX_LISTED);
  return {
    ...meta,
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    skipped: count('skip'),
    refused: meta.ordersFound - planned.length,
    errors: errors.slice(0, 1000),
    orders: listed.map(toImportOrderView),
    ordersTruncated: planned.length > listed.length,
  };
}

/**
 * POST /api/imports/orders: an orders CSV (Shiprocket's bulk headers or our template) read as a
 * stream, every order validated by the shared order-input schema and the CSV's money rules,
 * errors by row and column. A dry run answers the plan (what each order would become) and its
 * fingerprint; an import carrying that fingerprint (`expectPlan`) does exactly that plan, or
 * nothing when the file or the stored orders changed since (409 with the new plan). The answer's
 * counts say what happened.
 */
export async function importOrdersCsv(
  deps: AppDeps,
  stream: Readable,
  options: { dryRun: boolean; expectPlan?: string | undefined },
): Promise<ImportOutcome> {
  const read = await readOrdersCsv(stream);
  if (!read.ok) return read;
  const plan = await planImport(deps, read.orders, read.columns, read.rowErrors);
  const meta = { format: read.columns.format, ordersFound: read.orders.length, planId: plan.planId };
  if (options.dryRun) return { ok: true, result: toResult(plan.orders, plan.errors, { ...meta, dryRun: true }) };
  if (options.expectPlan !== undefined && options.expectPlan !== plan.planId) {
    return {
      ok: false,
      status: 409,
      code: 'IMPORT_PLAN_CHANGED',
      message: 'The file or its orders changed since the preview, so nothing was imported. Check the new preview.',
      errors: plan.errors,
      result: toResult(plan.orders, plan.errors, { ...meta, dryRun: true }),
    };
  }

  const errors = [...plan.errors];
  const done: PlannedOrder[] = [];
  const updates = plan.orders.filter((o) => o.action === 'update');
  for (let i = 0; i < updates.length; i += BATCH) done.push(...(await applyUpdates(deps, updates.slice(i, i + BATCH))));
  const creates = plan.orders.filter((o) => o.action === 'create');
  for (let i = 0; i < creates.length; i += BATCH) {
    done.push(...(await insertBatch(deps, creates.slice(i, i + BATCH), errors)));
  }
  done.push(...plan.orders.filter((o) => o.action === 'unchanged' || o.action === 'skip'));
  errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const result = toResult(done, errors, { ...meta, dryRun: false });
  deps.logger.info(
    {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      skipped: result.skipped,
      refused: result.refused,
      errors: errors.length,
    },
    'orders imported from CSV',
  );
  return { ok: true, result };
}

/**
 * Applies planned updates, each only if the order, locked now, still differs from the file
 * exactly as planned and can still change; otherwise it is left as it is and reported as skipped
 * (changed by someone else, or shipped, since the plan).
 */
async function applyUpdates(deps: AppDeps, batch: readonly PlannedOrder[]): Promise<PlannedOrder[]> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const locked = await lockIntakeOrderStates(
      tx,
      batch.flatMap((o) => (o.existing ? [o.existing.order.id] : [])),
    );
    const outcome: PlannedOrder[] = [];
    for (const planned of batch) {
      const state = planned.existing && locked.get(planned.existing.order.id);
      const current = state ? decideReimport(state, planned.intake) : null;
      if (
        !state ||
        current?.action !== 'update' ||
        JSON.stringify(current.changes) !== JSON.stringify(planned.changes)
      ) {
        outcome.push({
          ...planned,
          action: 'skip',
          reason: current?.reason ?? 'the order changed after the preview, so it was left as it is',
        });
        continue;
      }
      const labels = [...new Set(planned.changes.map((c) => c.label))].join(', ');
      const applied = await updateUnshippedIntakeOrders(tx, [{ orderId: state.order.id, incoming: planned.intake }], {
        now,
        description: `Updated from a CSV file: ${labels}`.slice(0, 500),
      });
      outcome.push(applied.length === 1 ? planned : { ...planned, action: 'skip', reason: 'it can no longer change' });
    }
    return outcome;
  });
}

const isDataError = (code: unknown) => typeof code === 'string' && /^2[23]/.test(code) && code !== PG_UNIQUE_VIOLATION;
const codeOf = (err: unknown) =>
  typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;

/**
 * One transaction per batch. A concurrent upload of the same file makes the batch retry without
 * the orders it took (reported as skipped). Should the database refuse a value the checks let
 * through, the batch is tried order by order so one bad order is a row error, not a lost file.
 */
async function insertBatch(
  deps: AppDeps,
  batch: readonly PlannedOrder[],
  errors: CsvRowError[],
): Promise<PlannedOrder[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await insertOrders(deps, batch);
    } catch (err) {
      const code = codeOf(err);
      if (isDataError(code) && batch.length > 1) {
        const outcome: PlannedOrder[] = [];
        for (const one of batch) outcome.push(...(await insertBatch(deps, [one], errors)));
        return outcome;
      }
      if (isDataError(code)) {
        deps.logger.error({ err, externalId: batch[0]?.intake.externalId }, 'CSV order refused by the database');
        errors.push({ row: batch[0]?.rows[0] ?? 0, column: '', message: 'could not be stored; check its values' });
        return [];
      }
      if (code !== PG_UNIQUE_VIOLATION || attempt >= 2) throw err;
    }
  }
}

async function insertOrders(deps: AppDeps, batch: readonly PlannedOrder[]): Promise<PlannedOrder[]> {
  return deps.db.transaction().execute(async (tx) => {
    const known = await findOrdersByExternalIds(
      tx,
      'csv',
      batch.map((o) => o.intake.externalId),
    );
    const todo: IntakeOrder[] = batch.filter((o) => !known.has(o.intake.externalId)).map((o) => o.intake);
    const rows = await insertIntakeOrders(tx, todo, deps.clock.now());
    await recordNewOrders(deps, tx, rows);
    return batch.map((o) =>
      known.has(o.intake.externalId)
        ? { ...o, action: 'skip' as const, reason: 'another upload imported it meanwhile, so it was left as it is' }
        : o,
    );
  });
}
