import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/entry/router/index';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { startTestStack, type TestStack } from '../../src/testing/index';

/** Every procedure in the router, with its type: new procedures are covered without editing this test. */
export function listProcedures(): { path: string; type: 'query' | 'mutation' | 'subscription' }[] {
  const record = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: 'query' | 'mutation' | 'subscription' } }
  >;
  return Object.entries(record).map(([path, proc]) => ({ path, type: proc._def.type }));
}

const PUBLIC = new Set(['auth.login', 'auth.logout', 'auth.me', 'tracking.get', 'tracking.respondToNdr']);

describe('admin sign-in', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('every admin procedure rejects anonymous calls (enumerated from the router)', async () => {
    const procedures = listProcedures();
    expect(procedures.length).toBeGreaterThan(15);
    type Node = { [key: string]: Node } & ((input: unknown) => Promise<unknown>);
    const caller = stack.anonymousCaller as unknown as Node;
    for (const { path } of procedures.filter((p) => !PUBLIC.has(p.path))) {
      // Paths nest (settings.branding.get): walk the caller's proxy one segment at a time.
      const fn = path.split('.').reduce<Node | undefined>((node, key) => node?.[key], caller);
      expect(fn, path).toBeTypeOf('function');
      let code: string | null = null;
      try {
        await fn?.({
          orderId: '1',
          pincode: '110001',
          inboxId: '1',
          status: 'processing',
          reason: 'testing',
          body: 'x',
          outcome: 'not_booked',
          type: 'REATTEMPT',
          statusCode: 22,
          newWeightGrams: 10,
        });
      } catch (err) {
        code = appErrorCodeOf(err) ?? (err as { code?: string }).code ?? 'OTHER';
      }
      expect(code, `${path} must refuse anonymous callers`).toBe('UNAUTHENTICATED');
    }
  });

  it('signs in over HTTP with an httpOnly SameSite=Strict cookie, then signs out', async () => {
    const post = (path: string, body: unknown, cookie?: string) =>
      fetch(`${stack.url}/trpc/${path}`, {
        method: 'POST',
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const bad = await post('auth.login', { email: stack.adminCredentials.email, password: 'wrong password' });
    expect(bad.status).toBe(401);
    const ok = await post('auth.login', stack.adminCredentials);
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await fetch(`${stack.url}/trpc/auth.me`, { headers: { cookie } });
    expect(((await me.json()) as { result: { data: { admin: { email: string } } } }).result.data.admin.email).toBe(
      stack.adminCredentials.email,
    );
    const list = await fetch(`${stack.url}/trpc/orders.list?input=${encodeURIComponent('{}')}`, {
      headers: { cookie },
    });
    expect(list.status).toBe(200);
    // As the web client's batch link sends a void mutation.
    const out = await post('auth.logout?batch=1', {}, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/i);
    const after = await fetch(`${stack.url}/trpc/orders.list?input=${encodeURIComponent('{}')}`, {
      headers: { cookie },
    });
    expect(after.status).toBe(401);
  });

  it('refuses cross-site POSTs to mutations', async () => {
    const form = await fetch(`${stack.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a&password=b',
    });
    expect(form.status).toBe(403);
    const foreign = await fetch(`${stack.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify(stack.adminCredentials),
    });
    expect(foreign.status).toBe(403);
  });

  it('rate-limits password guessing per address', async () => {
    const caller = stack.callerWithIp('10.9.9.9', null);
    const codes: (string | null)[] = [];
    for (let i = 0; i < 12; i++) {
      try {
        await caller.auth.login({ email: 'nobody@test.example', password: `guess-${i}` });
        codes.push(null);
      } catch (err) {
        codes.push(appErrorCodeOf(err));
      }
    }
    expect(codes.slice(0, 10).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // The right password from that address is refused too while the limit holds.
    await expect(caller.auth.login(stack.adminCredentials)).rejects.toThrow();
  });

  it('lists every variable README.md names for going live, from the one server list', async () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const sentence = /To go live: ([\s\S]*?)then register/.exec(readme)?.[1] ?? '';
    const named = [...sentence.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThanOrEqual(8);
    const settings = await stack.adminCaller.settings.get();
    expect(settings.goLive.map((v) => v.name).sort()).toEqual([...new Set(named)].sort());
    for (const v of settings.goLive) expect(v.what.length).toBeGreaterThan(5);
  });

  it('shows the admin the webhook URLs to paste into iCarry, and they authenticate pushes', async () => {
    const settings = await stack.adminCaller.settings.get();
    expect(settings.webhooks.ndrUrl).toContain('/api/webhooks/ndr-updates?secret=');
    const url = settings.webhooks.statusUrl.replace(settings.publicUrl, stack.url);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'callback_type=sync_status&status=22&shipment_id=123456789',
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { id: string; outcome: string };
    expect(answer.outcome).toBe('pending');
    await stack.drainInbox();
    const row = await stack.database.db
      .selectFrom('webhook_inbox')
      .select('outcome')
      .where('id', '=', answer.id)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe('deferred');
    const forged = await fetch(url.replace(/secret=[^&]+/, 'secret=not-the-secret-at-all'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'callback_type=sync_status&status=22&shipment_id=1',
    });
    expect(forged.status).toBe(401);
  });

  it('sets security headers', async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
