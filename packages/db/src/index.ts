export * from './schema';
export {
  createDatabase,
  isDatabaseReachable,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from './connection';
export { migrateToLatest, MigrationError } from './migrate';
export {
  listenOn,
  notifyOnCommit,
  rawSqlIn,
  rawSqlOnPglite,
  whileHoldingLock,
  type Listening,
  type RawSqlExecutor,
} from './job-queue-sql';
export * from './repositories/index';
export * from './seed/index';
export type { Kysely, Transaction } from 'kysely';
