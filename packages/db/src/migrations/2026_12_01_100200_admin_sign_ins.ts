import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Admins see their recent sign-ins (when, from which network, which browser) and can end their
// other sessions; a changed password ends them all. Sessions remember where they were opened.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_sign_ins')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('admin_id', 'bigint', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('signed_in_at', 'timestamptz', (c) => c.notNull())
    // The client's rate-limit key (IPv4 address or IPv6 /64), never more precise.
    .addColumn('client', 'text', (c) => c.notNull().check(sql`length(client) <= 64`))
    .addColumn('user_agent', 'text', (c) => c.check(sql`length(user_agent) <= 200`))
    .execute();
  await db.schema
    .createIndex('admin_sign_ins_admin_idx')
    .on('admin_sign_ins')
    .columns(['admin_id', 'signed_in_at desc'])
    .execute();
  await sql`alter table admin_sessions add column client text check (length(client) <= 64)`.execute(db);
  await sql`alter table admin_sessions add column user_agent text check (length(user_agent) <= 200)`.execute(db);
  await sql`alter table admin_users add column password_changed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table admin_users drop column password_changed_at`.execute(db);
  await sql`alter table admin_sessions drop column user_agent`.execute(db);
  await sql`alter table admin_sessions drop column client`.execute(db);
  await db.schema.dropTable('admin_sign_ins').execute();
}
