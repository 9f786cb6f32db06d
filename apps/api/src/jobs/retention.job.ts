import { deleteExpiredSessions, deleteSettledInboxBefore, pruneSignInsBefore, scrubMessagesBefore } from '@app/db';
import type { AppDeps } from '../deps';

const BATCH = 5000;
const DAY_MS = 24 * 3600_000;

/**
 * Keeps personal data no longer than needed: settled webhook bodies after INBOX_RETENTION_DAYS,
 * the text and recipient of delivered messages after MESSAGE_RETENTION_DAYS (their rows stay, so a
 * milestone is still never sent twice), and expired admin sessions. In batches, so a backlog does
 * not hold one long transaction.
 */
export async function pruneOldData(deps: AppDeps): Promise<{ inbox: number; messages: number; sessions: number }> {
  const now = deps.clock.now();
  const { inboxDays, messageDays } = deps.config.retention;
  let inbox = 0;
  for (;;) {
    const n = await deleteSettledInboxBefore(deps.db, new Date(now.getTime() - inboxDays * DAY_MS), BATCH);
    inbox += n;
    if (n < BATCH) break;
  }
  let messages = 0;
  for (;;) {
    const n = await scrubMessagesBefore(deps.db, new Date(now.getTime() - messageDays * DAY_MS), BATCH);
    messages += n;
    if (n < BATCH) break;
  }
  const sessions = await deleteExpiredSessions(deps.db, now);
  await pruneSignInsBefore(deps.db, new Date(now.getTime() - inboxDays * DAY_MS));
  if (inbox + messages + sessions > 0) deps.logger.info({ inbox, messages, sessions }, 'retention: old data pruned');
  return { inbox, messages, sessions };
}
