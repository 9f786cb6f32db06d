export * from './schema';
export {
  createDatabase,
  isDatabaseReachable,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from './connection';
export { migrateToLatest, MigrationError } from './migrate';
export * from './repositories/index';
export * from './seed/index';
export type { Kysely, Transaction } from 'kysely';
