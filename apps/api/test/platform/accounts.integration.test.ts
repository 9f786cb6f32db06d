import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase, migrateToLatest } from '@app/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { MIN_PASSWORD_LENGTH } from '../../src/platform/security/password-rules';

const API_DIR = resolve(import.meta.dirname, '../..');

async function signIn(stack: TestStack, credentials: { email: string; password: string }, userAgent: string) {
  const res = await fetch(`${stack.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify(credentials),
  });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

/** A query (GET) when there is no input and the path is a query; mutations are POSTs. */
async function call(stack: TestStack, cookie: string, path: string, input?: unknown) {
  const mutation = /changePassword|endOtherSessions/.test(path);
  const res = await fetch(`${stack.url}/trpc/${path}`, {
    method: mutation ? 'POST' : 'GET',
    headers: { cookie, 'content-type': 'application/json' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  return { status: res.status, body: (await res.json()) as { result?: { data: unknown }; error?: unknown } };
}

describe.each(testDatabaseKinds())('admin accounts on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists recent sign-ins; changing the password ends every other session', async () => {
    const laptop = await signIn(stack, stack.adminCredentials, 'Laptop Firefox');
    const phone = await signIn(stack, stack.adminCredentials, 'Phone Chrome');
    expect([laptop.status, phone.status]).toEqual([200, 200]);

    const account = await call(stack, laptop.cookie, 'auth.account');
    const data = account.body.result?.data as {
      minPasswordLength: number;
      recentSignIns: { userAgent: string | null; client: string }[];
      sessions: { current: boolean; userAgent: string | null }[];
    };
    // The page says the server's one minimum, the one ADMIN_PASSWORD is held to.
    expect(data.minPasswordLength).toBe(MIN_PASSWORD_LENGTH);
    expect(data.recentSignIns.slice(0, 2).map((s) => s.userAgent)).toEqual(['Phone Chrome', 'Laptop Firefox']);
    expect(data.recentSignIns[0]?.client).toBe('127.0.0.1');
    expect(data.sessions.find((s) => s.current)?.userAgent).toBe('Laptop Firefox');

    const wrong = await call(stack, laptop.cookie, 'auth.changePassword', {
      currentPassword: 'not it',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(401);
    const changed = await call(stack, laptop.cookie, 'auth.changePassword', {
      currentPassword: stack.adminCredentials.password,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.status).toBe(200);
    expect((changed.body.result?.data as { endedSessions: number }).endedSessions).toBeGreaterThanOrEqual(1);

    expect((await call(stack, phone.cookie, 'auth.account')).status).toBe(401);
    expect((await call(stack, laptop.cookie, 'auth.account')).status).toBe(200);
    expect((await signIn(stack, stack.adminCredentials, 'x')).status).toBe(401);
    const fresh = await signIn(stack, { ...stack.adminCredentials, password: 'a brand new passphrase' }, 'x');
    expect(fresh.status).toBe(200);

    // "Sign out everywhere else" keeps only this session.
    // As the admin panel's batch link sends a mutation without input.
    const ended = await call(stack, fresh.cookie, 'auth.endOtherSessions?batch=1', {});
    expect(ended.status).toBe(200);
    expect((await call(stack, laptop.cookie, 'auth.account')).status).toBe(401);
    expect((await call(stack, fresh.cookie, 'auth.account')).status).toBe(200);

    const short = await call(stack, fresh.cookie, 'auth.changePassword', {
      currentPassword: 'a brand new passphrase',
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
  });
});

describe('npm run admin -- set-password', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'admin-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets the password of an existing account and ends its sessions; an unknown email is an error', async () => {
    const dataDir = join(dir, 'pglite');
    const database = await createDatabase({ dataDir });
    await migrateToLatest(database.db);
    const stack = await startTestStack({ database: { ...database, url: undefined } });
    const before = await signIn(stack, stack.adminCredentials, 'cli test');
    expect(before.status).toBe(200);
    await stack.close();
    await database.close();

    const run = (email: string, password: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/entry/cli/admin.ts', 'set-password', email], {
        cwd: API_DIR,
        input: `${password}\n`,
        encoding: 'utf8',
        env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
        timeout: 60_000,
      });
    const ok = run(stack.adminCredentials.email, 'set from the command line');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Password changed for admin@test\.example; 1 session\(s\) ended/);
    const unknown = run('nobody@test.example', 'set from the command line');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No admin account has that email/);

    const reopened = await createDatabase({ dataDir });
    const again = await startTestStack({ database: { ...reopened, url: undefined } });
    try {
      expect((await call(again, before.cookie, 'auth.account')).status).toBe(401);
      const login = await signIn(again, { ...again.adminCredentials, password: 'set from the command line' }, 'x');
      expect(login.status).toBe(200);
    } finally {
      await again.close();
      await reopened.close();
    }
  });
});
