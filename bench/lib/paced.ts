import { Agent, request } from 'node:http';
import { percentile } from './stats';

export interface PacedResult {
  samples: number;
  /** Milliseconds, with microsecond resolution. */
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  /** How late the generator itself sent, p99 (ms): a figure above ~1 ms means the machine was busy. */
  sendLagP99: number;
  /**
   * The slow samples (over 4x the p50 and over 20 ms) as "second of the run: ms", in send order: a
   * p99 made of one stall shows as a run of neighbours, one made of scattered slow reads does not.
   */
  slow: string[];
  /** Wall-clock time of the first timed send (to line the slow samples up with the server's log). */
  startedAt: string;
}

/**
 * Light-load latency measured the honest way: requests sent on a fixed schedule (open loop: one
 * every 1000/rate ms, whether or not the previous one answered), over warm keep-alive connections,
 * timed with performance.now() (microseconds, not autocannon's whole-millisecond histogram), with
 * the warm-up excluded and enough samples for a p99 to mean something (>= 2,000). autocannon's
 * overallRate sends a second's requests in bursts across its connections, so at 20/s its p99 was
 * the latency of a burst queueing on a server, not of one customer's request.
 */
export async function runPaced(options: {
  url: string;
  rate: number;
  samples: number;
  warmup: number;
  next: () => { path: string; headers?: Record<string, string> };
}): Promise<PacedResult> {
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 8, timeout: 30_000 });
  const one = (spec: { path: string; headers?: Record<string, string> }) =>
    new Promise<{ ms: number; status: number }>((resolve, reject) => {
      const started = performance.now();
      const req = request(
        { host: base.hostname, port: base.port, path: spec.path, method: 'GET', agent, headers: spec.headers ?? {} },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  try {
    for (let i = 0; i < options.warmup; i++) await one(options.next());
    const interval = 1000 / options.rate;
    const latencies: number[] = [];
    const timed: { at: number; ms: number }[] = [];
    const lags: number[] = [];
    let non2xx = 0;
    let errors = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    const startedAt = new Date().toISOString();
    for (let i = 0; i < options.samples; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lags.push(Math.max(0, performance.now() - due));
      const at = (due - start) / 1000;
      pending.push(
        one(options.next()).then(
          (r) => {
            latencies.push(r.ms);
            timed.push({ at, ms: r.ms });
            if (r.status < 200 || r.status >= 300) non2xx++;
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await Promise.all(pending);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    const slowOver = Math.max(20, 4 * percentile(latencies, 50));
    const slow = timed
      .filter((t) => t.ms > slowOver)
      .sort((a, b) => a.at - b.at)
      .map((t) => `${t.at.toFixed(1)}s: ${t.ms.toFixed(0)} ms`);
    return {
      slow,
      startedAt,
      samples: latencies.length,
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
      non2xx,
      errors,
      sendLagP99: round(percentile(lags, 99)),
    };
  } finally {
    agent.destroy();
  }
}

export function describePaced(r: PacedResult): string {
  return `${r.samples} samples, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, non-2xx ${r.non2xx}, errors ${r.errors}, generator send lag p99 ${r.sendLagP99} ms; started ${r.startedAt}; ${r.slow.length} slow${r.slow.length ? ` (${r.slow.slice(0, 40).join(', ')})` : ''}`;
}
