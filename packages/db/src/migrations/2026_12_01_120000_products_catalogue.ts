import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// The Products catalogue keeps the weight text as the store wrote it and, beside it, what the
// app's one weight parser made of it: whole grams, or the reason it could not read it. Both are
// written by the app whenever the text changes (a migration must not copy the parser), so rows
// that existed before this migration have neither until the app parses them; the repository
// treats that as "not parsed yet".
// order_items.product_id had no index; the Products page counts open orders per product through it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('products')
    .addColumn('weight_grams', 'integer', (c) => c.check(sql`weight_grams > 0`))
    .addColumn('weight_error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table products add constraint products_weight_parse_check check (weight_grams is null or weight_error is null)`.execute(
    db,
  );
  await sql`create index products_weight_error_idx on products (sku) where weight_error is not null`.execute(db);
  await sql`create index order_items_product_idx on order_items (product_id) where product_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists order_items_product_idx`.execute(db);
  await sql`drop index if exists products_weight_error_idx`.execute(db);
  await sql`alter table products drop constraint if exists products_weight_parse_check`.execute(db);
  await db.schema
    .alterTable('products')
    .dropColumn('updated_at')
    .dropColumn('weight_error')
    .dropColumn('weight_grams')
    .execute();
}
