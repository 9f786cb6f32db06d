import type { SerializeOptions } from 'cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../src/entry/router/index';
import { createContextInner } from '../../src/entry/trpc/context';
import {
  ACCOUNT_ATTEMPTS,
  ACCOUNT_BACKOFF_SECONDS,
  DEVICE_FAILURES,
  DEVICE_LOCKOUT_SECONDS,
  ensureAdmin,
  pruneDeviceLockouts,
} from '../../src/platform/auth/auth.service';
import { DEVICE_COOKIE_PREFIX } from '../../src/platform/auth/device-cookie';
import { ManualClock, startTestStack, TEST_ADMIN, testDatabaseKinds, type TestStack } from '../../src/testing/index';

type TrpcAnswer = { error?: { data?: { appCode?: string | null } } };

/**
 * Password guessing over HTTP, as an attacker would try it: a batch request carrying many
 * guesses, then many concurrent requests. Attempts are counted before the password is checked,
 * so at most the limit are ever checked, and the real admin still gets in from another address.
 */
describe.each(testDatabaseKinds())('sign-in guessing on %s', (kind) => {
  let stack: TestStack;
  const other = { email: 'second-admin@test.example', password: 'another good passphrase' };

  beforeAll(async () => {
    // Requests come from 127.0.0.1 here: trusting it as a proxy lets X-Forwarded-For play different clients.
    // A fixed instant in the middle of a 15-minute window: the limits are fixed windows, and a slow
    // run must not cross into the next one between the guesses and the checks that count them.
    stack = await startTestStack({
      kind,
      clock: new ManualClock(new Date('2026-12-22T06:07:30.000Z')),
      env: { TRUST_PROXY: 'loopback' },
    });
    await ensureAdmin(stack.database.db, other);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const checkedFailures = () => stack.logs.lines.filter((l) => l.includes('"admin login failed"')).length;

  async function postBatch(from: string, calls: { email: string; password: string }[]) {
    const paths = calls.map(() => 'auth.login').join(',');
    const body = Object.fromEntries(calls.map((c, i) => [String(i), c]));
    const res = await fetch(`${stack.url}/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(body),
    });
    const answers = res.status === 400 && calls.length > 10 ? [] : ((await res.json()) as TrpcAnswer[]);
    return { status: res.status, codes: answers.map((a) => a.error?.data?.appCode ?? 'OK') };
  }

  async function postOne(from: string, credentials: { email: string; password: string }) {
    const res = await fetch(`${stack.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(credentials),
    });
    const answer = (await res.json()) as TrpcAnswer;
    return { status: res.status, code: answer.error?.data?.appCode ?? 'OK' };
  }

  it('a batch of 60 guesses is refused whole; 60 guesses in batches of 10 check the password 10 times', async () => {
    const email = stack.adminCredentials.email;
    const guesses = Array.from({ length: 60 }, (_, i) => ({ email, password: `guess-${i}` }));
    const before = checkedFailures();

    const huge = await postBatch('198.51.100.1', guesses);
    expect(huge.status).toBe(400);
    expect(checkedFailures() - before).toBe(0);

    const codes: string[] = [];
    for (let i = 0; i < 60; i += 10) codes.push(...(await postBatch('198.51.100.1', guesses.slice(i, i + 10))).codes);
    expect(codes).toHaveLength(60);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(50);
    expect(checkedFailures() - before).toBe(10);
  });

  it('60 concurrent guesses from one address: 10 checked, however they race', async () => {
    const before = checkedFailures();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => postOne('198.51.100.2', { email: other.email, password: `guess-${i}` })),
    );
    expect(results.filter((r) => r.code === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(results.filter((r) => r.code === 'RATE_LIMITED' && r.status === 429)).toHaveLength(50);
    expect(checkedFailures() - before).toBe(10);
  });

  it('the real admin still signs in from another address', async () => {
    const ok = await postOne('203.0.113.9', stack.adminCredentials);
    expect(ok).toEqual({ status: 200, code: 'OK' });
    // Right password, but from the guessing address: refused until its window passes.
    expect((await postOne('198.51.100.1', stack.adminCredentials)).code).toBe('RATE_LIMITED');
  });

  it('an account under attack from many addresses slows down rather than locking its admin out', async () => {
    const email = other.email;
    // 10 attempts are already counted for this account (the concurrent test). More, from fresh addresses:
    const spread = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postOne(`192.0.2.${i + 10}`, { email, password: `spread-${i}` })),
    );
    // One check per backoff window gets through, the rest wait.
    expect(spread.filter((r) => r.code === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(1);
    expect(spread.filter((r) => r.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(19);
  });

  it('IPv6 clients count per /64: addresses of one network share one bucket', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const from = `2001:db8:77:1::${(i % 2 === 0 ? 'a' : 'b') + i.toString(16)}`;
      codes.push((await postOne(from, { email: 'nobody@test.example', password: `v6-${i}` })).code);
    }
    expect(codes.slice(0, 10).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // Another /64 is another client.
    expect((await postOne('2001:db8:77:2::1', { email: 'nobody@test.example', password: 'x' })).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});

/**
 * OWASP's device cookies, as the attack runs them: wrong passwords twice a second from
 * rotating addresses starve the account's untrusted path, while the admin's browser, which signed
 * in before and carries its device cookie, gets in every time. Two API instances share one
 * database (the product scales out), and the clock is moved by hand so a minute of attack is exact.
 */
describe.each(testDatabaseKinds())('device cookies on %s', (kind) => {
  let a: TestStack;
  let b: TestStack;
  const clock = new ManualClock(new Date('2026-12-22T06:00:00.000Z'));
  const other = { email: 'second-admin@test.example', password: 'another good passphrase' };
  let adminBrowser = '';

  beforeAll(async () => {
    a = await startTestStack({ kind, clock, env: { TRUST_PROXY: 'loopback' } });
    b = await startTestStack({ kind, clock, database: a.database, env: { TRUST_PROXY: 'loopback' } });
    await ensureAdmin(a.database.db, other);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function signIn(
    stack: TestStack,
    from: string,
    credentials: { email: string; password: string },
    cookies: readonly string[] = [],
  ) {
    const res = await fetch(`${stack.url}/trpc/auth.login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': from,
        ...(cookies.length > 0 ? { cookie: cookies.join('; ') } : {}),
      },
      body: JSON.stringify(credentials),
    });
    const answer = (await res.json()) as TrpcAnswer;
    const setCookies = res.headers.getSetCookie();
    const device = setCookies.find((c) => c.startsWith(DEVICE_COOKIE_PREFIX));
    return { status: res.status, code: answer.error?.data?.appCode ?? 'OK', device, setCookies };
  }
  const pair = (setCookie: string | undefined) => (setCookie ?? '').split(';')[0] ?? '';
  const wrong = (i: number) => ({ email: TEST_ADMIN.email, password: `guess-${i}` });

  it('a successful sign-in sets a long-lived, HttpOnly, SameSite=Strict device cookie (Secure when cookies are secure)', async () => {
    const first = await signIn(a, '203.0.113.7', TEST_ADMIN);
    expect(first.code).toBe('OK');
    expect(first.setCookies[0]).toMatch(/^icarry_admin=/);
    const device = first.device ?? '';
    expect(device).toMatch(/^icarry_device_[A-Za-z0-9_-]{16}=[A-Za-z0-9_-]{24}\.[0-9a-z]+\.[A-Za-z0-9_-]+;/);
    expect(device).toContain('HttpOnly');
    expect(device).toContain('SameSite=Strict');
    expect(device).toContain('Path=/');
    expect(device).not.toContain('Secure');
    const expires = new Date(/Expires=([^;]+)/.exec(device)?.[1] ?? '');
    expect(expires.getTime() - clock.now().getTime()).toBeGreaterThan(300 * 24 * 3600_000);
    adminBrowser = pair(device);

    const set: { name: string; options: SerializeOptions }[] = [];
    const secure = createCaller(
      createContextInner({
        deps: { ...a.runtime.deps, config: { ...a.runtime.deps.config, cookieSecure: true } },
        ip: '203.0.113.8',
        cookies: { set: (name, _value, options) => set.push({ name, options }), clear: () => undefined },
      }),
    );
    await secure.auth.login(TEST_ADMIN);
    expect(set.map((c) => [c.name.startsWith(DEVICE_COOKIE_PREFIX), c.options.secure, c.options.httpOnly])).toEqual([
      [false, true, true],
      [true, true, true],
    ]);
  });

  it("the issue's attack, side by side: 120 guesses in 60 s from rotating addresses; the admin's browser gets in 20 of 20 times, one without the cookie about never", async () => {
    const attacker: string[] = [];
    const withCookie: string[] = [];
    const withoutCookie: string[] = [];
    let browser = adminBrowser;
    for (let tick = 0; tick < 120; tick++) {
      // Twice a second, each guess from an address never seen before.
      attacker.push((await signIn(tick % 2 ? a : b, `198.18.${tick >> 6}.${tick & 63}`, wrong(tick))).code);
      if (tick % 6 === 3) {
        // Every 3 s the admin tries: from their own browser, and from a fresh browser on a fresh address.
        const [own, fresh] = await Promise.all([
          signIn(tick % 4 ? a : b, '203.0.113.7', TEST_ADMIN, [browser]),
          signIn(tick % 4 ? b : a, `203.0.113.${100 + tick}`, TEST_ADMIN),
        ]);
        withCookie.push(own.code);
        withoutCookie.push(fresh.code);
        if (own.device) browser = pair(own.device);
      }
      clock.advance(500);
    }
    expect(withCookie).toEqual(Array.from({ length: 20 }, () => 'OK'));
    // Without the cookie the admin meets the account's backoff the attacker keeps full (the issue: 1 of 20).
    expect(withoutCookie.filter((c) => c === 'OK').length).toBeLessThanOrEqual(1);
    // The attacker stays limited: 10 checked guesses, then one per 10 s backoff window at most.
    expect(attacker.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(
      ACCOUNT_ATTEMPTS.limit + 60 / ACCOUNT_BACKOFF_SECONDS,
    );
    expect(attacker.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(100);
    adminBrowser = browser;
  });

  it('60 concurrent guesses and the admin at the same moment, over two instances: the admin gets in', async () => {
    const [admin, ...guesses] = await Promise.all([
      signIn(b, '203.0.113.7', TEST_ADMIN, [adminBrowser]),
      ...Array.from({ length: 60 }, (_, i) => signIn(i % 2 ? a : b, `198.19.0.${i + 1}`, wrong(1000 + i))),
    ]);
    expect(admin?.code).toBe('OK');
    adminBrowser = pair(admin?.device);
    expect(guesses.filter((g) => g.code === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(1);
  });

  it("a forged, altered or other account's device cookie is no cookie: the attacker stays limited", async () => {
    const [name, value = ''] = adminBrowser.split('=');
    const forgeries = [
      `${name}=${'A'.repeat(24)}.${value.split('.')[1] ?? ''}.${'B'.repeat(43)}`,
      `${name}=${value.slice(0, -2)}xx`,
      `${name}=${value}.extra`,
    ];
    // The account is under attack: this window's one untrusted check goes to a guess.
    await signIn(b, '198.18.9.8', wrong(3000));
    for (const forged of forgeries)
      expect((await signIn(a, '198.18.9.9', TEST_ADMIN, [forged])).code).toBe('RATE_LIMITED');
    // The admin's own cookie value under another account's name: bound to its account, so untrusted there.
    const otherName = pair((await signIn(b, '203.0.113.50', other)).device).split('=')[0];
    for (let i = 0; i < 12; i++) await signIn(a, `198.18.10.${i}`, { ...other, password: `x-${i}` });
    expect((await signIn(a, '198.18.11.1', other, [`${otherName}=${value}`])).code).toBe('RATE_LIMITED');
  });

  it('a device cookie that guesses wrong too often is locked out, on every instance, and only that cookie', async () => {
    const stolen = adminBrowser;
    const second = pair((await signIn(a, '203.0.113.7', TEST_ADMIN, [adminBrowser])).device);
    const codes: string[] = [];
    for (let i = 0; i < DEVICE_FAILURES.limit; i++)
      codes.push((await signIn(i % 2 ? a : b, '198.18.20.1', wrong(2000 + i), [stolen])).code);
    // Checked on the device's own allowance (the untrusted path is in backoff under the attack)...
    expect(codes).toEqual(Array.from({ length: DEVICE_FAILURES.limit }, () => 'INVALID_CREDENTIALS'));
    const lockouts = await a.database.db.selectFrom('login_device_lockouts').selectAll().execute();
    expect(lockouts).toHaveLength(1);
    // ...then locked out: even the right password with that cookie takes the untrusted path, in backoff.
    expect((await signIn(b, '203.0.113.7', TEST_ADMIN, [stolen])).code).toBe('RATE_LIMITED');
    expect((await signIn(a, '203.0.113.7', TEST_ADMIN, [stolen])).code).toBe('RATE_LIMITED');
    // The admin's other browser is untouched.
    expect((await signIn(b, '203.0.113.7', TEST_ADMIN, [second])).code).toBe('OK');

    clock.advance((DEVICE_LOCKOUT_SECONDS + 60) * 1000);
    expect((await signIn(a, '203.0.113.7', TEST_ADMIN, [stolen])).code).toBe('OK');
    await pruneDeviceLockouts(a.runtime.deps);
    expect(await a.database.db.selectFrom('login_device_lockouts').selectAll().execute()).toEqual([]);
  });
});
