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
    const lags: number[] = [];
    let non2xx = 0;
    let errors = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < options.samples; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lags.push(Math.max(0, performance.now() - due));
      pending.push(
        one(options.next()).then(
          (r) => {
            latencies.push(r.ms);
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
    return {
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
  return `${r.samples} samples, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, non-2xx ${r.non2xx}, errors ${r.errors}, generator send lag p99 ${r.sendLagP99} ms`;
}
