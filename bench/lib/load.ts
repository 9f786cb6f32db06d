import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Run this long... */
  durationS?: number;
  /** ...or until exactly this many requests have been answered (every request accounted for). */
  amount?: number;
  /** Requests per second over all connections; absent = as fast as the server answers. */
  overallRate?: number;
  /** Builds each request: path, method, headers, body. Called once per request. */
  next: () => { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

export interface LoadResult {
  /** 2xx responses per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** Responses received, any status: with `amount`, every request sent. */
  answered: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  statusCodes: Record<string, number>;
}

/** autocannon's sampling interval: the resolution of every run's duration. */
const SAMPLE_MS = 20;

/** One autocannon run with a request built per call of `next` (varied bodies and URLs). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
    timeout: 30,
    // autocannon ends a run at its first sample after the last answer (an `amount` run) or the
    // timer (a `duration` run): at its default 1 s a 3.2 s run read 4.0 s, so rates stepped by
    // whole seconds (2,400 /s or 1,600 /s, nothing between). Sampled every 20 ms, a run's time is
    // its own to within 20 ms (docs/decisions.md).
    sampleInt: SAMPLE_MS,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const spec = options.next();
          return {
            ...request,
            method: spec.method,
            path: spec.path,
            headers: { ...request.headers, ...spec.headers },
            body: spec.body ?? '',
          };
        },
      },
    ],
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered: Object.values(statusCodes).reduce((a, b) => a + b, 0),
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    statusCodes,
  };
}

export function describeLoad(r: LoadResult): string {
  const codes = Object.entries(r.statusCodes)
    .map(([c, n]) => `${c}:${n}`)
    .join(' ');
  return `${r.rps.toFixed(0)} rps (2xx) over ${r.durationS.toFixed(1)} s, p50 ${r.p50} ms, p99 ${r.p99} ms, answered ${r.answered}, codes {${codes}}, errors ${r.errors}, timeouts ${r.timeouts}`;
}
