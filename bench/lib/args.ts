/** The bench scripts' flags: `--name value`, read from process.argv (no parser needed for these few). */
export const SCRIPT_ARGS = process.argv.slice(2);

/** The value after `--name`, or `fallback` when the flag is absent. */
export function arg(name: string, fallback: string): string {
  const i = SCRIPT_ARGS.indexOf(`--${name}`);
  return i >= 0 ? (SCRIPT_ARGS[i + 1] ?? fallback) : fallback;
}

/** The PostgreSQL server the scratch databases go on (`--pg`, BENCH_PG_URL, or the local one). */
export function benchPgUrl(): string {
  return arg('pg', process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}
