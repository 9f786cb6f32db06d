import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// The per-status counters (2026_11_26_090100) were one row per status: every status change in the
// store locked that status's row until its transaction committed, so concurrent webhook pushes
// queued on it (85% of the time under load was Lock:transactionid on `update orders set status`).
// Each status now has 16 counter rows, an order always counting in row id % 16: concurrent writers
// almost never meet, and the reader sums 9 x 16 rows (still an index-only read of a tiny table).

const SHARDS = 16;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`lock table orders in share row exclusive mode`.execute(db);
  await sql`alter table order_status_counts add column shard smallint not null default 0`.execute(db);
  await sql`alter table order_status_counts drop constraint order_status_counts_pkey`.execute(db);
  await sql`alter table order_status_counts add primary key (status, shard)`.execute(db);
  await sql`alter table order_status_counts add constraint order_status_counts_shard_check check (shard >= 0 and shard < ${sql.lit(SHARDS)})`.execute(
    db,
  );

  await sql`
    create or replace function order_status_counts_add_inserted() returns trigger language plpgsql as $$
    begin
      insert into order_status_counts as c (status, shard, order_count)
      select status, (id % 16)::smallint, count(*) from inserted group by 1, 2 order by 1, 2
      on conflict (status, shard) do update set order_count = c.order_count + excluded.order_count;
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function order_status_counts_remove_deleted() returns trigger language plpgsql as $$
    begin
      update order_status_counts as c set order_count = c.order_count - d.n
      from (select status, (id % 16)::smallint as shard, count(*) as n from deleted group by 1, 2) as d
      where c.status = d.status and c.shard = d.shard;
      return null;
    end $$`.execute(db);
  // Rows are touched in (status, shard) order, as before, so writers lock them in one order.
  await sql`
    create or replace function order_status_counts_move() returns trigger language plpgsql as $$
    declare
      s smallint := (new.id % 16)::smallint;
    begin
      if old.status < new.status then
        update order_status_counts set order_count = order_count - 1 where status = old.status and shard = s;
      end if;
      insert into order_status_counts as c (status, shard, order_count) values (new.status, s, 1)
      on conflict (status, shard) do update set order_count = c.order_count + 1;
      if old.status > new.status then
        update order_status_counts set order_count = order_count - 1 where status = old.status and shard = s;
      end if;
      return null;
    end $$`.execute(db);

  await sql`delete from order_status_counts`.execute(db);
  await sql`
    insert into order_status_counts (status, shard, order_count)
    select status, (id % 16)::smallint, count(*) from orders group by 1, 2`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`lock table orders in share row exclusive mode`.execute(db);
  await sql`
    create or replace function order_status_counts_add_inserted() returns trigger language plpgsql as $$
    begin
      insert into order_status_counts as c (status, order_count)
      select status, count(*) from inserted group by status order by status
      on conflict (status) do update set order_count = c.order_count + excluded.order_count;
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function order_status_counts_remove_deleted() returns trigger language plpgsql as $$
    begin
      update order_status_counts as c set order_count = c.order_count - d.n
      from (select status, count(*) as n from deleted group by status) as d
      where c.status = d.status;
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function order_status_counts_move() returns trigger language plpgsql as $$
    begin
      if old.status < new.status then
        update order_status_counts set order_count = order_count - 1 where status = old.status;
      end if;
      insert into order_status_counts as c (status, order_count) values (new.status, 1)
      on conflict (status) do update set order_count = c.order_count + 1;
      if old.status > new.status then
        update order_status_counts set order_count = order_count - 1 where status = old.status;
      end if;
      return null;
    end $$`.execute(db);
  await sql`delete from order_status_counts`.execute(db);
  await sql`alter table order_status_counts drop constraint order_status_counts_shard_check`.execute(db);
  await sql`alter table order_status_counts drop constraint order_status_counts_pkey`.execute(db);
  await sql`alter table order_status_counts drop column shard`.execute(db);
  await sql`alter table order_status_counts add primary key (status)`.execute(db);
  await sql`insert into order_status_counts (status, order_count) select status, count(*) from orders group by status`.execute(
    db,
  );
}
