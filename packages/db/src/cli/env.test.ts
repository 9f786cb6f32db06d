import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, readCliEnv } from './env';

const noDotenv = join('/nonexistent', '.env');

describe('readCliEnv', () => {
  it('defaults to PGlite under .data/pglite at the repository root', () => {
    const env = readCliEnv({}, noDotenv);
    expect(env.databaseUrl).toBeUndefined();
    expect(isAbsolute(env.pgliteDir)).toBe(true);
    expect(env.pgliteDir.endsWith(join('.data', 'pglite'))).toBe(true);
    expect(env.pgliteDir).not.toContain(join('packages', 'db'));
  });

  it('takes DATABASE_URL and a PGLITE_DIR relative to the repository root', () => {
    const env = readCliEnv(
      { DATABASE_URL: 'postgres://app:secret@db.internal:5432/shop', PGLITE_DIR: 'tmp/pg' },
      noDotenv,
    );
    expect(env.databaseUrl).toBe('postgres://app:secret@db.internal:5432/shop');
    expect(env.pgliteDir.endsWith(join('tmp', 'pg'))).toBe(true);
    expect(describeTarget(env)).toBe('PostgreSQL db.internal:5432/shop');
    expect(describeTarget(env)).not.toContain('secret');
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(readCliEnv({ DATABASE_URL: '  ' }, noDotenv).databaseUrl).toBeUndefined();
  });

  it('names the variable when DATABASE_URL is not a postgres URL', () => {
    expect(() => readCliEnv({ DATABASE_URL: 'mysql://localhost/shop' }, noDotenv)).toThrow(/DATABASE_URL/);
  });
});
