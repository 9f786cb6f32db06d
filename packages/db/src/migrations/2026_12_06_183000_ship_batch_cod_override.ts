import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 24: bulk ship may book COD orders their customer has not confirmed when the admin says so
// (`confirmOverride: true`, as orders.ship takes it). The batch remembers the choice, so the job
// that books its items (on any instance, after a restart) books them as the admin asked; each
// override is recorded on its order with the batch's admin.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ship_batches')
    .addColumn('cod_override', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ship_batches').dropColumn('cod_override').execute();
}
