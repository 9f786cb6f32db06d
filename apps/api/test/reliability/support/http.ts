/** What a tRPC call over HTTP answered: the status, the data or the error's codes and message. */
export interface TrpcAnswer<T = unknown> {
  status: number;
  data: T | undefined;
  error: { message: string; code: string | undefined; appCode: string | null | undefined } | undefined;
  /** The body as text, for when it was not JSON. */
  text: string;
}

interface TrpcBody {
  result?: { data?: unknown };
  error?: { message?: string; data?: { code?: string; appCode?: string | null } };
}

export async function readTrpc<T>(res: Response): Promise<TrpcAnswer<T>> {
  const text = await res.text();
  let body: TrpcBody | undefined;
  try {
    const parsed = JSON.parse(text) as TrpcBody | TrpcBody[];
    body = Array.isArray(parsed) ? parsed[0] : parsed;
  } catch {
    body = undefined;
  }
  const error = body?.error
    ? { message: body.error.message ?? '', code: body.error.data?.code, appCode: body.error.data?.appCode }
    : undefined;
  return { status: res.status, data: body?.result?.data as T | undefined, error, text };
}

/**
 * Calls the API the way the admin panel does: queries as GET with `?input=`, mutations as
 * same-origin JSON POSTs, the session in the `icarry_admin` cookie.
 */
export class ApiClient {
  constructor(
    readonly url: string,
    public cookie: string | null = null,
    private readonly headers: Record<string, string> = {},
  ) {}

  withCookie(cookie: string | null): ApiClient {
    return new ApiClient(this.url, cookie, this.headers);
  }

  withHeaders(headers: Record<string, string>): ApiClient {
    return new ApiClient(this.url, this.cookie, { ...this.headers, ...headers });
  }

  private base(): Record<string, string> {
    return { ...this.headers, ...(this.cookie ? { cookie: this.cookie } : {}) };
  }

  async query<T = unknown>(path: string, input?: unknown): Promise<TrpcAnswer<T>> {
    const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return readTrpc<T>(await fetch(`${this.url}/trpc/${path}${qs}`, { headers: this.base() }));
  }

  async mutate<T = unknown>(path: string, input?: unknown): Promise<TrpcAnswer<T>> {
    // A mutation without input goes as the web client's batch link sends it: `{}` is "no input".
    return readTrpc<T>(
      await fetch(`${this.url}/trpc/${path}${input === undefined ? '?batch=1' : ''}`, {
        method: 'POST',
        headers: { ...this.base(), 'content-type': 'application/json' },
        body: input === undefined ? '{}' : JSON.stringify(input),
      }),
    );
  }

  /** Signs in over HTTP and returns a client carrying the session cookie. */
  async login(email: string, password: string): Promise<ApiClient> {
    const res = await fetch(`${this.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: HTTP ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (!cookie.startsWith('icarry_admin=')) throw new Error('login set no session cookie');
    return this.withCookie(cookie);
  }

  async healthz(): Promise<number> {
    return (await fetch(`${this.url}/healthz`)).status;
  }
}

/** Runs `task` over `items` with at most `concurrency` at a time, keeping results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
}

export function tally(values: readonly (string | null | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
