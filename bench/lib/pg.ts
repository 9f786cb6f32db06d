import pg from 'pg';

/** A connection string for database `name` on the server `serverUrl` points at. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return name;
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withAdmin(
    serverUrl,
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
  );
}

/** Creates an empty scratch database (dropping a leftover one of the same name). */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdmin(serverUrl, async (c) => {
    await c.query(`drop database if exists ${ident(name)} with (force)`);
    await c.query(`create database ${ident(name)}`);
  });
  return databaseUrl(serverUrl, name);
}

export async function dropScratchDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, async (c) => {
    await c.query(`drop database if exists ${ident(name)} with (force)`);
  });
}

/** One query on a short-lived connection (counts, EXPLAIN, fixture SQL). */
export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Server settings that decide what a commit costs, for the report. */
export async function serverSettings(serverUrl: string): Promise<Record<string, string>> {
  const rows = await query<{ name: string; setting: string }>(
    databaseUrl(serverUrl, 'postgres'),
    `select name, setting from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'jit', 'max_parallel_workers_per_gather', 'work_mem') order by name`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}
