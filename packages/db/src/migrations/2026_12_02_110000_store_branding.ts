import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// The store's branding as an admin saved it (issue 16). One row at most; a null column means "use the
// STORE_* environment default". The checks repeat the API's rules so nothing else can store worse.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('store_branding')
    .addColumn('id', 'smallint', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('store_name', 'text', (c) => c.check(sql`length(store_name) between 1 and 80`))
    .addColumn('logo_url', 'text', (c) => c.check(sql`length(logo_url) <= 2000 and logo_url ~ '^https?://'`))
    .addColumn('brand_color', 'text', (c) => c.check(sql`brand_color ~ '^#[0-9a-f]{6}$'`))
    .addColumn('support_phone', 'text', (c) => c.check(sql`length(support_phone) <= 20`))
    .addColumn('support_email', 'text', (c) => c.check(sql`length(support_email) <= 254`))
    .addColumn('store_url', 'text', (c) => c.check(sql`length(store_url) <= 2000 and store_url ~ '^https?://'`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'bigint', (c) => c.references('admin_users.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('store_branding').execute();
}
