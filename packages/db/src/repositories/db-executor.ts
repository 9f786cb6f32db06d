import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';

/** Repositories run on the pool or inside a caller's transaction alike; services own transactions. */
export type DbExecutor = Kysely<DB> | Transaction<DB>;
