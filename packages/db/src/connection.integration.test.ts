import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isDatabaseReachable } from './connection';
import { createTestDatabase, testDatabaseKinds } from './testing/index';

describe.each(testDatabaseKinds())('connections on %s', (kind) => {
  it('answers while open and says so when closed', async () => {
    const database = await createTestDatabase(kind);
    expect(await isDatabaseReachable(database.db)).toBe(true);
    await database.close();
    expect(await isDatabaseReachable(database.db)).toBe(false);
  });

  // PostgreSQL only: PGlite runs in the process and has no server connection to lose.
  if (kind !== 'postgres') return;

  it('sessions run without JIT compilation (planner-overestimated sweeps compiled for seconds)', async () => {
    const database = await createTestDatabase(kind);
    try {
      const { rows } = await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(database.db);
      expect(rows[0]?.jit).toBe('off');
    } finally {
      await database.close();
    }
  });

  it('an idle connection ended by the server (restart, failover, an admin) is reported, not thrown out of the process', async () => {
    const database = await createTestDatabase(kind);
    try {
      await Promise.all([sql`select 1`.execute(database.db), sql`select 1`.execute(database.db)]);
      const { rows } = await sql<{ ended: number }>`
        select count(*)::int as ended from (
          select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
        ) t`.execute(database.db);
      expect(rows[0]?.ended).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 200));
      // The pool replaced what it lost: queries work again.
      for (let i = 0; i < 5; i++) {
        const again = await sql<{ one: number }>`select 1 as one`.execute(database.db).catch(() => null);
        if (again) {
          expect(again.rows[0]?.one).toBe(1);
          return;
        }
      }
      throw new Error('the pool did not recover');
    } finally {
      await database.close();
    }
  });
});
