import { query } from './pg';

/**
 * Database-only changes that try a fix this report proposes, without touching product code:
 * `npm run bench -- --experiment sharded-status-counts`. Figures from such a run are not the
 * product's; the run says so at the top and in every saved result.
 */
export const EXPERIMENTS = {
  /**
   * order_status_counts spread over 16 rows per status, so concurrent status changes rarely lock
   * the same counter row (doc 4). Reads would need sum(...) group by status; the list's tab counts
   * are wrong during this experiment (it measures the write path only).
   */
  'sharded-status-counts': `
    alter table order_status_counts add column shard int not null default 0;
    alter table order_status_counts drop constraint if exists order_status_counts_order_count_check;
    alter table order_status_counts drop constraint order_status_counts_pkey;
    alter table order_status_counts add primary key (status, shard);
    create or replace function order_status_counts_move() returns trigger language plpgsql as $$
    declare s int := (txid_current() % 16)::int;
    begin
      insert into order_status_counts as c (status, shard, order_count) values (old.status, s, -1)
      on conflict (status, shard) do update set order_count = c.order_count - 1;
      insert into order_status_counts as c (status, shard, order_count) values (new.status, s, 1)
      on conflict (status, shard) do update set order_count = c.order_count + 1;
      return null;
    end $$;`,
  /** rate_limits without WAL: the per-lookup upsert no longer waits for a WAL flush (doc 2). */
  'unlogged-rate-limits': 'alter table rate_limits set unlogged;',
} as const;

export type ExperimentName = keyof typeof EXPERIMENTS;

export function isExperiment(name: string): name is ExperimentName {
  return Object.hasOwn(EXPERIMENTS, name);
}

/** Applies the chosen experiments to a migrated database. */
export async function applyExperiments(url: string, names: readonly ExperimentName[]): Promise<void> {
  for (const name of names) await query(url, EXPERIMENTS[name]);
}
