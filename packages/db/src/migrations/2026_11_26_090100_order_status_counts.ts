import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app. The status list is copied on purpose.
const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'out_for_delivery',
  'returning',
  'delivered',
  'returned',
  'cancelled',
  'lost',
];

// The Orders page shows a count per status tab on every load. `group by status` over 1,000,000
// orders measured 250-270 ms on PostgreSQL 15, so the counts are kept by triggers instead and
// read from nine rows.
//
// - INSERT and DELETE use statement-level triggers with transition tables: a 5,000-row batch
//   insert costs one grouped upsert, not 5,000.
// - UPDATE uses a row-level trigger limited to real status changes (transition tables cannot be
//   combined with a column list), so the many updates that do not touch status cost nothing.
// - Upserts touch the counter rows in status order, so concurrent writers lock them in the same
//   order. Each counter row stays locked until the writing transaction commits: order writes that
//   change the same status's count serialise on it, which is fine at a store's order rate.
// - TRUNCATE resets every count.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_status_counts')
    .addColumn('status', 'text', (c) => c.primaryKey())
    .addColumn('order_count', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`order_count >= 0`),
    )
    .execute();

  await sql`
    create function order_status_counts_add_inserted() returns trigger language plpgsql as $$
    begin
      insert into order_status_counts as c (status, order_count)
      select status, count(*) from inserted group by status order by status
      on conflict (status) do update set order_count = c.order_count + excluded.order_count;
      return null;
    end $$`.execute(db);
  await sql`
    create function order_status_counts_remove_deleted() returns trigger language plpgsql as $$
    begin
      update order_status_counts as c set order_count = c.order_count - d.n
      from (select status, count(*) as n from deleted group by status) as d
      where c.status = d.status;
      return null;
    end $$`.execute(db);
  await sql`
    create function order_status_counts_move() returns trigger language plpgsql as $$
    begin
      insert into order_status_counts as c (status, order_count)
      select s, d from (values (old.status, -1), (new.status, 1)) as v(s, d) order by s
      on conflict (status) do update set order_count = c.order_count + excluded.order_count;
      return null;
    end $$`.execute(db);
  await sql`
    create function order_status_counts_reset() returns trigger language plpgsql as $$
    begin
      update order_status_counts set order_count = 0;
      return null;
    end $$`.execute(db);

  // Creating the triggers locks orders against writes until this migration commits, so the
  // counts taken below cannot miss a concurrent insert.
  await sql`
    create trigger orders_status_counts_insert after insert on orders
    referencing new table as inserted for each statement execute function order_status_counts_add_inserted()`.execute(
    db,
  );
  await sql`
    create trigger orders_status_counts_delete after delete on orders
    referencing old table as deleted for each statement execute function order_status_counts_remove_deleted()`.execute(
    db,
  );
  await sql`
    create trigger orders_status_counts_update after update of status on orders
    for each row when (old.status is distinct from new.status) execute function order_status_counts_move()`.execute(db);
  await sql`
    create trigger orders_status_counts_truncate after truncate on orders
    for each statement execute function order_status_counts_reset()`.execute(db);

  await sql`
    insert into order_status_counts (status, order_count)
    select s.status, count(o.id)
    from unnest(${sql.raw(`array[${ORDER_STATUSES.map((s) => `'${s}'`).join(', ')}]`)}::text[]) as s(status)
    left join orders o on o.status = s.status
    group by s.status`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists orders_status_counts_truncate on orders`.execute(db);
  await sql`drop trigger if exists orders_status_counts_update on orders`.execute(db);
  await sql`drop trigger if exists orders_status_counts_delete on orders`.execute(db);
  await sql`drop trigger if exists orders_status_counts_insert on orders`.execute(db);
  await sql`drop function if exists order_status_counts_reset()`.execute(db);
  await sql`drop function if exists order_status_counts_move()`.execute(db);
  await sql`drop function if exists order_status_counts_remove_deleted()`.execute(db);
  await sql`drop function if exists order_status_counts_add_inserted()`.execute(db);
  await db.schema.dropTable('order_status_counts').ifExists().execute();
}
