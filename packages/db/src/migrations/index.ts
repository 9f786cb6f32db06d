import type { Migration } from 'kysely/migration';
import * as initialSchema from './2026_11_25_120000_initial_schema';

/** Every migration, by name. Names sort in the order they run; add new files here. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_120000_initial_schema': initialSchema,
};
