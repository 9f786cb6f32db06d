import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 24: a customer who replies STOP on WhatsApp is opted out, and the WhatsApp messages still
// queued for them are not sent: they stay in the outbox as `cancelled` (with why), so the admin
// sees what was held back and the milestone's dedupe key still stops a second try.

const BEFORE = ['pending', 'sending', 'sent', 'failed', 'logged'];
const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

async function setStatuses(db: Kysely<any>, values: string[]): Promise<void> {
  await sql`alter table messages drop constraint if exists messages_status_check`.execute(db);
  await sql`alter table messages add constraint messages_status_check check (status in (${list(values)}))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await setStatuses(db, [...BEFORE, 'cancelled']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update messages set status = 'failed' where status = 'cancelled'`.execute(db);
  await setStatuses(db, BEFORE);
}
