import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ENTRIES = {
  /** test/reliability/support/api-child.ts: startRuntime with shortened timings. */
  child: resolve(here, 'api-child.ts'),
  /** The product's own entry point (`npm start`), for the shutdown drill. */
  main: resolve(here, '../../../src/entry/main.ts'),
} as const;

export interface ApiProcess {
  label: string;
  url: string;
  pid: number;
  /** Every stdout line (pino JSON and the banner). */
  lines: string[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: boolean;
  kill(signal: NodeJS.Signals): void;
  /** Log lines parsed as JSON (non-JSON lines skipped). */
  entries(): Record<string, unknown>[];
}

const started = new Set<ChildProcess>();

/**
 * Starts a real API process (`node --import tsx`) and resolves once it serves HTTP. The child gets
 * only the environment given here (plus PATH/HOME), so the test's own variables never leak in.
 */
export async function spawnApi(options: {
  label: string;
  env: Record<string, string>;
  entry?: keyof typeof ENTRIES;
  readyTimeoutMs?: number;
}): Promise<ApiProcess> {
  const entry = ENTRIES[options.entry ?? 'child'];
  const env: Record<string, string> = {
    PATH: String(process.env.PATH),
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    SEED_DEMO_DATA: 'false',
    ...options.env,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(proc);
  const lines: string[] = [];
  const stderr: string[] = [];
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    proc.on('exit', (code, signal) => {
      exited = true;
      started.delete(proc);
      ok({ code, signal });
    });
  });
  const ready = new Promise<string>((ok, fail) => {
    let buffer = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        if (!line.trim()) continue;
        lines.push(line);
        const childReady = /"reliabilityReady":"([^"]+)"/.exec(line);
        const mainReady = /Health:\s+(http:\/\/\S+)\/healthz/.exec(line);
        if (childReady?.[1]) ok(childReady[1]);
        else if (mainReady?.[1]) ok(mainReady[1].replace('//localhost:', '//127.0.0.1:'));
      }
    });
    proc.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    void exit.then(({ code, signal }) =>
      fail(
        new Error(
          `${options.label} exited before serving (code ${code}, signal ${signal}): ${stderr.join('').slice(-2000)} ${lines.slice(-5).join('\n')}`,
        ),
      ),
    );
    setTimeout(
      () =>
        fail(
          new Error(
            `${options.label} did not start within ${options.readyTimeoutMs ?? 60_000} ms: ${stderr.join('').slice(-2000)}`,
          ),
        ),
      options.readyTimeoutMs ?? 60_000,
    ).unref();
  });
  const url = await ready.catch((err: unknown) => {
    proc.kill('SIGKILL');
    throw err;
  });
  return {
    label: options.label,
    url,
    pid: proc.pid ?? -1,
    lines,
    stderr,
    exit,
    get exited() {
      return exited;
    },
    kill: (signal) => {
      if (!exited) proc.kill(signal);
    },
    entries: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}

/** SIGKILLs every API process this test file started and has not seen exit (afterAll safety net). */
export async function killStartedApis(): Promise<void> {
  const pending = [...started].map(
    (proc) =>
      new Promise<void>((ok) => {
        proc.once('exit', () => ok());
        proc.kill('SIGKILL');
      }),
  );
  await Promise.all(pending);
}
