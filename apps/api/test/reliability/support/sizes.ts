import fc from 'fast-check';

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

/**
 * `FC_SEED=<n>` replays fast-check from a reported seed (e.g. `FC_SEED=-974354703`): every property
 * of the suites that read this module starts from it, so a failure a run printed can be rerun.
 */
const seed = process.env.FC_SEED;
if (seed !== undefined && /^-?\d+$/.test(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
