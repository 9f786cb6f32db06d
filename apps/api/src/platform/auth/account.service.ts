import {
  deleteAdminSessions,
  findAdminByEmail,
  listLiveSessions,
  listRecentSignIns,
  setAdminPassword,
  type DB,
  type Kysely,
} from '@app/db';
import type { AppDeps } from '../core/deps';
import { AppError } from '../core/errors';
import { hashPassword, verifyPassword } from '../security/password';
import { sha256 } from '../security/tokens';
import type { SessionAdmin } from './auth.service';

import { MIN_PASSWORD_LENGTH } from '../security/password-rules';

export { MIN_PASSWORD_LENGTH };

/** The signed-in admin's own account: recent sign-ins and the sessions still open. */
export async function getAccount(deps: AppDeps, admin: SessionAdmin, sessionToken: string | null) {
  const now = deps.clock.now();
  const currentHash = sessionToken ? sha256(sessionToken) : null;
  const [signIns, sessions] = await Promise.all([
    listRecentSignIns(deps.db, admin.id, 10),
    listLiveSessions(deps.db, admin.id, now),
  ]);
  return {
    email: admin.email,
    name: admin.name,
    minPasswordLength: MIN_PASSWORD_LENGTH,
    recentSignIns: signIns,
    sessions: sessions.map((s) => ({
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
      client: s.client,
      userAgent: s.userAgent,
      current: s.tokenHash === currentHash,
    })),
  };
}

/** Changes the signed-in admin's password after checking the current one; every other session ends. */
export async function changeOwnPassword(
  deps: AppDeps,
  admin: SessionAdmin,
  input: { currentPassword: string; newPassword: string; sessionToken: string | null },
): Promise<{ endedSessions: number }> {
  const account = await findAdminByEmail(deps.db, admin.email);
  if (!account || !(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw new AppError('INVALID_CREDENTIALS', { userMessage: 'The current password is not right.' });
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('PASSWORD_NOT_ACCEPTED', { userMessage: 'Choose a new password, not the current one.' });
  }
  const endedSessions = await replacePassword(deps.db, account.id, input.newPassword, deps.clock.now(), {
    keepTokenHash: input.sessionToken ? sha256(input.sessionToken) : undefined,
  });
  deps.logger.info({ adminId: admin.id, endedSessions }, 'admin changed their password; other sessions ended');
  return { endedSessions };
}

export async function endOtherSessions(deps: AppDeps, admin: SessionAdmin, sessionToken: string | null) {
  const ended = await deleteAdminSessions(
    deps.db,
    admin.id,
    sessionToken ? { keepTokenHash: sha256(sessionToken) } : {},
  );
  deps.logger.info({ adminId: admin.id, ended }, 'admin ended their other sessions');
  return { endedSessions: ended };
}

/**
 * Sets an account's password (the `npm run admin -- set-password` command) and ends all its
 * sessions. Throws ADMIN_NOT_FOUND when there is no such account.
 */
export async function setPasswordByEmail(
  db: Kysely<DB>,
  input: { email: string; password: string; now: Date },
): Promise<{ endedSessions: number }> {
  const account = await findAdminByEmail(db, input.email.trim().toLowerCase());
  if (!account) throw new AppError('ADMIN_NOT_FOUND');
  return { endedSessions: await replacePassword(db, account.id, input.password, input.now) };
}

async function replacePassword(
  db: Kysely<DB>,
  adminId: string,
  password: string,
  now: Date,
  options: { keepTokenHash?: string | undefined } = {},
): Promise<number> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('PASSWORD_NOT_ACCEPTED', {
      userMessage: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    await setAdminPassword(tx, adminId, { passwordHash, now });
    return deleteAdminSessions(tx, adminId, options.keepTokenHash ? { keepTokenHash: options.keepTokenHash } : {});
  });
}
