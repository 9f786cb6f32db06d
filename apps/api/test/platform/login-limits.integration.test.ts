import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/platform/auth/auth.service';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

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
    stack = await startTestStack({ kind, env: { TRUST_PROXY: 'loopback' } });
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
