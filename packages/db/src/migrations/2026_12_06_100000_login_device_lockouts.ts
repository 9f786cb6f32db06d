import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Sign-in device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser
// that signed in carries a signed cookie, and its sign-ins are limited per cookie rather than with
// everyone else's. A cookie that guesses wrong too often is locked out here until `locked_until`.
// `device_id` is the SHA-256 of the cookie's random nonce (the cookie itself is never stored).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_device_lockouts')
    .addColumn('device_id', 'text', (c) => c.primaryKey().check(sql`length(device_id) = 64`))
    .addColumn('locked_until', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_device_lockouts').ifExists().execute();
}
