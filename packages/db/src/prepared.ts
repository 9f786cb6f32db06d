import pg from 'pg';

/** SQL texts each pooled PostgreSQL connection prepares by name on first use, and their names. */
const names = new Map<string, string>();

/**
 * Has every PostgreSQL connection prepare `text` (a constant statement with bound parameters) the
 * first time it runs it, and from then on only bind and execute it: the parse and analysis are
 * paid once per connection, and PostgreSQL may keep a generic plan (after five custom ones, when
 * it is no worse), so the planning goes too. For hot statements whose plan does not depend on the
 * value (a lookup by a unique key). PGlite runs in process and ignores this.
 */
export function prepareOnEveryConnection(text: string): void {
  if (!names.has(text)) names.set(text, `app_prepared_${names.size + 1}`);
}

/** The pool's client: a registered statement goes by name (pg prepares it once per connection). */
export class PreparingClient extends pg.Client {}

// One implementation for pg's many overloads (so set on the prototype): only (text, values) calls change.
const plainQuery = Reflect.get(pg.Client.prototype, 'query') as (this: pg.Client, ...args: unknown[]) => unknown;
Object.defineProperty(PreparingClient.prototype, 'query', {
  value: function query(this: pg.Client, ...args: unknown[]): unknown {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && callback === undefined) {
      const name = names.get(text);
      if (name !== undefined) return plainQuery.call(this, { name, text, values });
    }
    return plainQuery.apply(this, args);
  },
});
