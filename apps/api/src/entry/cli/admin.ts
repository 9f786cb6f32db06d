/**
 * `npm run admin -- set-password <email>`: sets an admin's password (read from the terminal, or
 * from stdin when piped) and ends every session of that account. The way to change a password
 * without SQL: ADMIN_PASSWORD only creates the first account.
 */
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { createDatabase, migrateToLatest } from '@app/db';
import { MIN_PASSWORD_LENGTH, setPasswordByEmail } from '../../platform/auth/account.service';
import { EnvError, loadEnv, REPO_ROOT } from '../../platform/config/env';
import { AppError } from '../../platform/core/errors';

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    const prompt = process.stdin.isTTY ? `New password (at least ${MIN_PASSWORD_LENGTH} characters): ` : '';
    return (await rl.question(prompt)).trim();
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  const [command, email] = process.argv.slice(2);
  if (command !== 'set-password' || !email) {
    process.stderr.write('usage: npm run admin -- set-password <email>\n');
    return 2;
  }
  const env = loadEnv();
  const database = await createDatabase({ url: env.DATABASE_URL, dataDir: resolve(REPO_ROOT, env.PGLITE_DIR) });
  try {
    await migrateToLatest(database.db);
    const password = await readPassword();
    const { endedSessions } = await setPasswordByEmail(database.db, { email, password, now: new Date() });
    process.stdout.write(`Password changed for ${email}; ${endedSessions} session(s) ended.\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.userMessage}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof EnvError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`admin: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
