import { CompiledQuery, type Compilable } from 'kysely';
import { prepareOnEveryConnection } from '../prepared';
import type { DbExecutor } from './db-executor';

/** A value no caller sends: where it lands among the parameters is where each call's value goes. */
const PLACEHOLDER = '\u0000compiled-once\u0000';

/**
 * A hot query whose SQL is built and compiled once instead of on every call: Kysely's building and
 * compiling was ~11% of a tracking lookup's CPU. `build` must depend on `value` only through one
 * bound parameter (everything else constant). The SQL is PostgreSQL's for every database we open
 * (PGlite and pg share Kysely's PostgreSQL compiler), so one compilation serves them all.
 * `prepare`: each PostgreSQL connection also prepares it once (prepareOnEveryConnection), for a
 * lookup whose plan does not depend on the value.
 */
export function compiledOnce<R>(
  build: (db: DbExecutor, value: string) => Compilable<R>,
  options: { prepare?: boolean } = {},
): (db: DbExecutor, value: string) => Promise<R[]> {
  let compiled: { sql: string; parameters: readonly unknown[]; at: number } | undefined;
  return async (db, value) => {
    if (!compiled) {
      const query = build(db, PLACEHOLDER).compile();
      const at = query.parameters.indexOf(PLACEHOLDER);
      if (at < 0 || query.parameters.lastIndexOf(PLACEHOLDER) !== at)
        throw new Error('compiledOnce: the value must be exactly one bound parameter');
      compiled = { sql: query.sql, parameters: query.parameters, at };
      if (options.prepare) prepareOnEveryConnection(query.sql);
    }
    const parameters = [...compiled.parameters];
    parameters[compiled.at] = value;
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
