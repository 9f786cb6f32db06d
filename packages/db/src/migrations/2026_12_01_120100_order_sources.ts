import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app. The source list is copied on purpose.
const SOURCES = ['manual', 'api', 'csv', 'shopify', 'woocommerce'];

// Where an order came from and the source's own id for it. (source, external_id) is the natural
// key that makes every intake idempotent: an API retry, a re-uploaded CSV or a repeated channel
// webhook finds the order it already made. Orders that existed before (demo data, fixtures) are
// 'manual' with no external id.
// - cod_amount_paise: what the courier collects, when the store says it differs from the total
//   (partly prepaid COD); null means the order total.
// - orders_external_id_upper_idx: the admin search matches an external id exactly, whatever its
//   format, as it does order numbers (upper(order_number) already has an index).
// - order_number_seq: numbers for orders that arrive without one, starting after the highest
//   existing FB- number so demo and bulk numbers are not reused.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('manual')
        .check(sql.raw(`source in (${SOURCES.map((s) => `'${s}'`).join(', ')})`)),
    )
    .addColumn('external_id', 'text', (c) => c.check(sql`length(external_id) between 1 and 255`))
    .addColumn('cod_amount_paise', 'integer', (c) => c.check(sql`cod_amount_paise >= 0`))
    .execute();
  await sql`alter table orders add constraint orders_source_external_id_check check (source = 'manual' or external_id is not null)`.execute(
    db,
  );
  await sql`create unique index orders_source_external_id_unique on orders (source, external_id) where external_id is not null`.execute(
    db,
  );
  await sql`create index orders_external_id_upper_idx on orders (upper(external_id)) where external_id is not null`.execute(
    db,
  );
  await sql`create sequence order_number_seq`.execute(db);
  await sql`
    select setval('order_number_seq', greatest(10100, coalesce(
      (select max(substring(order_number from '^FB-([0-9]{1,15})$')::bigint) from orders where order_number ~ '^FB-[0-9]{1,15}$'),
      0)) + 1, false)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop sequence if exists order_number_seq`.execute(db);
  await sql`drop index if exists orders_external_id_upper_idx`.execute(db);
  await sql`drop index if exists orders_source_external_id_unique`.execute(db);
  await sql`alter table orders drop constraint if exists orders_source_external_id_check`.execute(db);
  await db.schema
    .alterTable('orders')
    .dropColumn('cod_amount_paise')
    .dropColumn('external_id')
    .dropColumn('source')
    .execute();
}
