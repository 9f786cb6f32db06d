import type { DbExecutor } from './db-executor';

/**
 * The stored value for `key`, created from `create()` the first time. Safe when several instances
 * start at once: the first insert wins and every caller reads that one.
 */
export async function getOrCreateSetting(db: DbExecutor, key: string, create: () => string): Promise<string> {
  await db
    .insertInto('app_settings')
    .values({ key, value: create() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

export async function findSetting(db: DbExecutor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores `value` under `key`, replacing what was there (an admin's choice). */
export async function saveSetting(db: DbExecutor, key: string, value: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
