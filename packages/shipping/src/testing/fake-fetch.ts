import type { FetchLike } from '../icarry/icarry.types';

/** One request as the fake fetch saw it. */
export interface RecordedCall {
  url: string;
  /** Path such as "/api_login". */
  endpoint: string;
  token: string | null;
  headers: Record<string, string>;
  fields: Record<string, string>;
  rawBody: string;
}

export type FakeHandler = (
  call: RecordedCall,
  index: number,
  signal: AbortSignal | undefined,
) => Response | Promise<Response>;

/** A fetch double for client tests: records every call and answers through `handler`. */
export function createFakeFetch(handler: FakeHandler): {
  fetch: FetchLike;
  calls: RecordedCall[];
  callsTo: (endpoint: string) => RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const rawBody = typeof init.body === 'string' ? init.body : '';
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const call: RecordedCall = {
      url: input,
      endpoint: url.pathname,
      token: url.searchParams.get('api_token'),
      headers,
      fields: Object.fromEntries(new URLSearchParams(rawBody)),
      rawBody,
    };
    calls.push(call);
    return handler(call, calls.length - 1, init.signal ?? undefined);
  };
  return { fetch, calls, callsTo: (endpoint) => calls.filter((call) => call.endpoint === endpoint) };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function textResponse(body: string, status = 200, contentType = 'text/html; charset=UTF-8'): Response {
  return new Response(body, { status, headers: { 'content-type': contentType } });
}

/** A response that never comes, until the request's signal aborts (as real fetch behaves). */
export function hang(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });
}

/** What undici's fetch throws when the connection fails with an OS error code. */
export function networkError(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new TypeError('fetch failed', { cause });
}

/** A pino-shaped logger that keeps every line, for assertions about what gets logged. */
export function createCapturingLogger(): {
  logger: {
    info: (obj: object, msg: string) => void;
    warn: (obj: object, msg: string) => void;
    error: (obj: object, msg: string) => void;
    debug: (obj: object, msg: string) => void;
  };
  lines: { level: string; obj: object; msg: string }[];
  text: () => string;
} {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg: string): void => {
      lines.push({ level, obj, msg });
    };
  return {
    logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') },
    lines,
    text: () => lines.map((line) => `${line.level} ${line.msg} ${JSON.stringify(line.obj)}`).join('\n'),
  };
}
