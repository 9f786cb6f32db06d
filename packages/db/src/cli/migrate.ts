import { migrateToLatest } from '../migrate';
import { describeTarget, readCliEnvOrExit } from './env';
import { openCliDatabase } from './open-database';

// npm run db:migrate: applies pending migrations; running it again changes nothing.
const env = readCliEnvOrExit('db');
const database = await openCliDatabase(env);
try {
  const started = performance.now();
  const results = await migrateToLatest(database.db);
  console.log(`[db] ${describeTarget(env)}`);
  if (results.length === 0) console.log('[db] already up to date');
  for (const r of results) console.log(`[db] ${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  console.log(`[db] done in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  console.error('[db] migration failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
