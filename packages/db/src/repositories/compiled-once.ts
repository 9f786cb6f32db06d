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

/** Where a named value goes in a statement compiled once: the value's name, or a constant kept as compiled. */
type Slot<K extends string> = { name: K } | { constant: unknown };

/**
 * compiledOnce for a statement with several values: `build` is called once with a placeholder for
 * each name (it must bind every value as a parameter, never build text from it; its other
 * parameters are constants), and each call only puts the values in their places. For a large
 * statement whose building and compiling costs more than its round trip (the Orders API's create:
 * Kysely was ~4% of its CPU). Each PostgreSQL connection prepares it once.
 */
export function compiledOnceWith<K extends string, R>(
  names: readonly K[],
  build: (db: DbExecutor, values: Readonly<Record<K, unknown>>) => CompiledQuery<R>,
): (db: DbExecutor, values: Readonly<Record<K, unknown>>) => CompiledQuery<R> {
  let compiled: { sql: string; slots: Slot<K>[] } | undefined;
  return (db, values) => {
    if (!compiled) {
      const placeholders = Object.fromEntries(names.map((name) => [name, `${PLACEHOLDER}${name}`])) as Record<
        K,
        string
      >;
      const byPlaceholder = new Map<unknown, K>(names.map((name) => [placeholders[name], name]));
      const query = build(db, placeholders);
      if (query.sql.includes(PLACEHOLDER))
        throw new Error('compiledOnceWith: a value was written into the SQL text instead of bound');
      const slots = query.parameters.map((p): Slot<K> => {
        const name = byPlaceholder.get(p);
        return name === undefined ? { constant: p } : { name };
      });
      const unbound = names.filter((name) => !slots.some((s) => 'name' in s && s.name === name));
      if (unbound.length > 0) throw new Error(`compiledOnceWith: ${unbound.join(', ')} never bound`);
      compiled = { sql: query.sql, slots };
      prepareOnEveryConnection(query.sql);
    }
    const parameters = compiled.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
    return CompiledQuery.raw(compiled.sql, parameters);
  };
}
