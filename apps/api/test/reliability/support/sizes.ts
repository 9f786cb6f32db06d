/** The one place the reliability suite reads its size knob: `STRESS=1` runs the full sizes. */
export const STRESS = process.env.STRESS === '1' || process.env.STRESS === 'true';

export function size(normal: number, stress: number): number {
  return STRESS ? stress : normal;
}

/**
 * The database kinds a suite runs on: by default the last of `kinds` (PostgreSQL when
 * TEST_DATABASE_URL is set, else PGlite), every kind under STRESS. For suites whose subject does
 * not depend on the database engine, to keep the default run short.
 */
export function kindsFor<T>(kinds: readonly T[]): T[] {
  return STRESS ? [...kinds] : kinds.slice(-1);
}
