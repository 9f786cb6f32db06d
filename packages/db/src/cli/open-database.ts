import { createDatabase, type Database } from '../connection';
import type { CliEnv } from './env';

export async function openCliDatabase(env: CliEnv): Promise<Database> {
  return env.databaseUrl ? createDatabase({ url: env.databaseUrl }) : createDatabase({ dataDir: env.pgliteDir });
}
