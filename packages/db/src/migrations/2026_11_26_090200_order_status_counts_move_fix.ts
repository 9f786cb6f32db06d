import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// 2026_11_26_090100 moved a count with one upsert of (old, -1) and (new, +1). PostgreSQL checks
// CHECK constraints on the proposed row before it looks for the conflict, so the -1 row violated
// order_count >= 0 and every status change failed. Decrement with an UPDATE, increment with an
// upsert, and still take the two row locks in status order so concurrent moves cannot deadlock.

export async function up(db: Kysely<any>): Promise<void> {
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
}

export async function down(_db: Kysely<any>): Promise<void> {
  // The previous body was broken; there is nothing worth restoring.
}
