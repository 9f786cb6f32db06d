import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Database, type DatabaseKind } from '../connection';
import { migrateToLatest } from '../migrate';
import { migrations } from '../migrations/index';
import { testEnv } from './env';

export { testEnv };

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): DatabaseKind[] {
  return testEnv.databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
}

function templatePath(): string {
  const hash = createHash('sha256').update(Object.keys(migrations).join('|')).digest('hex').slice(0, 12);
  return join(tmpdir(), `icarry-pglite-template-${hash}.tar.gz`);
}

/** A migrated PGlite dump, made once per migration set and reused (cold start 4 s -> under 1 s). */
async function pgliteTemplate(): Promise<Blob> {
  const path = templatePath();
  if (!existsSync(path)) {
    const fresh = await createDatabase();
    await migrateToLatest(fresh.db);
    if (!fresh.pglite) throw new Error('expected PGlite');
    const dump = await fresh.pglite.dumpDataDir('gzip');
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, path);
    await fresh.close();
  }
  return new Blob([readFileSync(path)]);
}

export interface TestDatabase extends Database {
  /** PostgreSQL only: the URL of this test's own database (for a second app instance). */
  url: string | undefined;
}

/**
 * A fresh, migrated database of the given kind that nothing else uses: an in-memory PGlite, or a
 * new database on the TEST_DATABASE_URL server that is dropped on close.
 */
export async function createTestDatabase(kind: DatabaseKind = 'pglite'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await createDatabase({ loadDataDir: await pgliteTemplate() });
    await migrateToLatest(database.db);
    return { ...database, url: undefined };
  }
  const adminUrl = testEnv.databaseUrl;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Dropping the database at close ends connections some test may still hold idle: expected here.
  const database = await createDatabase({ url: url.toString(), poolMax: 20, onIdleConnectionError: () => undefined });
  await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export * from '../fixtures/builders';
export { createPrng, type Prng } from '../seed/prng';
