import type { Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index';
import type { DB } from './schema';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Runs every pending migration; running it again changes nothing. Throws MigrationError on failure.
 * Migrations written side by side can land out of name order (a later-named one committed first):
 * a database migrated in between still takes the earlier-named one when it arrives, rather than
 * being refused. Each migration touches its own tables, so their order between them does not matter.
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return results ?? [];
}
