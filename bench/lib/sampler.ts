import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in seconds, from /proc/PID/stat. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy CPU of the whole machine so far, in seconds (all cores), from /proc/stat. */
function machineBusySeconds(): number | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (fields.reduce((a, b) => a + b, 0) - idle) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU the whole machine and this process used while `fn` ran, in cores: shows when other work shared the box. */
export async function withMachineLoad<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; machineCores: number | null; ownCores: number }> {
  const started = performance.now();
  const machineStart = machineBusySeconds();
  const own = process.cpuUsage();
  const result = await fn();
  const seconds = (performance.now() - started) / 1000;
  const machineEnd = machineBusySeconds();
  const used = process.cpuUsage(own);
  return {
    result,
    machineCores: machineStart !== null && machineEnd !== null ? (machineEnd - machineStart) / seconds : null,
    ownCores: (used.user + used.system) / 1e6 / seconds,
  };
}

export interface LoadProfile {
  seconds: number;
  /** CPU busy on the whole machine, in cores: what is left after server, PostgreSQL and the load generator is other work. */
  machineCores: number | null;
  /** This process (the load generator, or the in-process product). */
  benchCores: number;
  /** CPU the server process used, in cores (1.0 = one core busy all the time). */
  serverCores: number | null;
  /** CPU the database's backends used, in cores. */
  postgresCores: number | null;
  /** What active backends were waiting on, most frequent first ("CPU" = not waiting). */
  waits: { event: string; share: number }[];
  /** Active backends on average. */
  activeBackends: number;
  /** Statements seen waiting on a lock (row or tuple), most frequent first. */
  lockedStatements: { query: string; share: number }[];
}

/**
 * Samples, while a load runs: the server's CPU, the CPU of every PostgreSQL backend connected to
 * `databaseName`, and their wait events (pg_stat_activity every 100 ms). Tells whether a number is
 * bound by Node, by PostgreSQL's CPU, by commits (WAL flush) or by row locks.
 */
export async function startSampler(serverPid: number, databaseUrl: string, databaseName: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const backendCpu = new Map<number, { first: number; last: number }>();
  const waits = new Map<string, number>();
  const locked = new Map<string, number>();
  let samples = 0;
  let active = 0;
  const startedAt = performance.now();
  const serverStart = cpuSeconds(serverPid);
  const machineStart = machineBusySeconds();
  const benchStart = process.cpuUsage();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ pid: number; state: string | null; wait: string | null; query: string }>(
        `select pid, state, case when wait_event is null then null else wait_event_type || ':' || wait_event end as wait, left(query, 300) as query
         from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        [databaseName],
      );
      samples++;
      for (const r of rows) {
        const cpu = cpuSeconds(r.pid);
        if (cpu !== null) {
          const seen = backendCpu.get(r.pid);
          if (seen) seen.last = cpu;
          else backendCpu.set(r.pid, { first: cpu, last: cpu });
        }
        if (r.state === 'active') {
          active++;
          const key = r.wait ?? 'CPU';
          waits.set(key, (waits.get(key) ?? 0) + 1);
          if (key.startsWith('Lock:')) {
            const q = r.query.replace(/\s+/g, ' ').trim().slice(0, 110);
            locked.set(q, (locked.get(q) ?? 0) + 1);
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop(): Promise<LoadProfile> {
      stopped = true;
      await loop;
      await client.end();
      const seconds = (performance.now() - startedAt) / 1000;
      const serverEnd = cpuSeconds(serverPid);
      const machineEnd = machineBusySeconds();
      const bench = process.cpuUsage(benchStart);
      const pgCpu = [...backendCpu.values()].reduce((sum, b) => sum + (b.last - b.first), 0);
      const totalWaits = [...waits.values()].reduce((a, b) => a + b, 0) || 1;
      return {
        seconds,
        machineCores: machineStart !== null && machineEnd !== null ? (machineEnd - machineStart) / seconds : null,
        // In-process runs (server = this process): its CPU is the server's, not a separate load generator's.
        benchCores: serverPid === process.pid ? 0 : (bench.user + bench.system) / 1e6 / seconds,
        serverCores: serverStart !== null && serverEnd !== null ? (serverEnd - serverStart) / seconds : null,
        postgresCores: backendCpu.size > 0 ? pgCpu / seconds : null,
        waits: [...waits.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([event, n]) => ({ event, share: n / totalWaits })),
        activeBackends: samples > 0 ? active / samples : 0,
        lockedStatements: [...locked.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([query, n]) => ({ query, share: n / totalWaits })),
      };
    },
  };
}

export function describeProfile(p: LoadProfile): string {
  const cores = (c: number | null) => (c === null ? 'n/a' : `${c.toFixed(2)} cores`);
  const waits = p.waits.map((w) => `${w.event} ${(w.share * 100).toFixed(0)}%`).join(', ');
  const locked = p.lockedStatements.map((l) => `"${l.query}" ${(l.share * 100).toFixed(0)}%`).join('; ');
  const others =
    p.machineCores === null
      ? null
      : Math.max(0, p.machineCores - (p.serverCores ?? 0) - (p.postgresCores ?? 0) - (p.benchCores ?? 0));
  return `server CPU ${cores(p.serverCores)}, postgres backends CPU ${cores(p.postgresCores)}, load generator ${cores(p.benchCores)}, rest of the machine ${cores(others)} (of ${cores(p.machineCores)} busy); ${p.activeBackends.toFixed(1)} active backends; waits: ${waits || 'none'}${locked ? `; waiting on locks: ${locked}` : ''}`;
}
