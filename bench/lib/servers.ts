import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBenchServers } from './build';
import { startInvocation } from './node-flags';
import { BASELINE_SERVER, PRODUCT_SERVER, REPO_ROOT, RESULTS_DIR } from './paths';
import {
  CONFIG_ENV,
  type BaselineServerConfig,
  type ProductServerConfig,
  type ReadyMessage,
} from '../servers/protocol';

export interface ServerHandle {
  url: string;
  pid: number;
  ready: ReadyMessage;
  child: ChildProcess;
  logFile: string;
  /** Resident memory of the child in KiB (VmRSS), null once it has exited. */
  rssKb(): number | null;
  stop(): Promise<void>;
}

/** VmRSS of a process in KiB, from /proc. */
export function readRssKb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Forks `node <script>` (a module built by lib/build.ts) from the repository root with its config in the environment,
 * stdout and stderr to bench/results/logs/<name>.log, and waits for its ready message.
 */
async function startChild(
  script: string,
  name: string,
  config: object,
  timeoutMs: number,
  cpuProf = false,
): Promise<ServerHandle> {
  const logDir = join(RESULTS_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  // As `npm start` runs the product (its node flags and environment), for the product and the baseline alike.
  const invocation = startInvocation();
  const child = fork(script, [], {
    cwd: REPO_ROOT,
    execArgv: [
      ...invocation.flags,
      ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles', `${name}-${Date.now()}`)}`] : []),
    ],
    env: { ...process.env, ...invocation.env, [CONFIG_ENV]: JSON.stringify(config) },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms (see ${logFile})`));
    }, timeoutMs);
    child.on('message', (msg: ReadyMessage) => {
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve(msg);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready (see ${logFile})`));
    });
  });
  let stopped: Promise<void> | undefined;
  return {
    url: ready.url,
    pid: ready.pid,
    ready,
    child,
    logFile,
    rssKb: () => readRssKb(ready.pid),
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode !== null) return;
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

/** `cpuProf` writes bench/results/profiles/<name>-<time>/CPU.*.cpuprofile (one per thread) when the server stops. */
export async function startProductServer(
  name: string,
  config: ProductServerConfig,
  cpuProf = false,
): Promise<ServerHandle> {
  await buildBenchServers();
  return startChild(PRODUCT_SERVER, name, config, 120_000, cpuProf);
}

export async function startBaselineServer(name: string, config: BaselineServerConfig): Promise<ServerHandle> {
  await buildBenchServers();
  return startChild(BASELINE_SERVER, name, config, 60_000);
}
