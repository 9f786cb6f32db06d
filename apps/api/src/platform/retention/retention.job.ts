import {
  deleteExpiredSessions,
  deleteSettledChannelWebhooksBefore,
  deleteSettledInboxBefore,
  deleteSettledWhatsAppInboxBefore,
  pruneSignInsBefore,
  scrubMessagesBefore,
  type DbExecutor,
} from '@app/db';
import type { AppDeps } from '../core/deps';

const BATCH = 5000;
const DAY_MS = 24 * 3600_000;

/** Runs a batched delete until a batch comes back short; the rows deleted in all. */
async function inBatches(
  db: DbExecutor,
  before: Date,
  remove: (db: DbExecutor, before: Date, limit: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await remove(db, before, BATCH);
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Keeps personal data no longer than needed: settled webhook bodies (iCarry's, the store
 * channels', WhatsApp's) after INBOX_RETENTION_DAYS,
 * the text and recipient of delivered messages after MESSAGE_RETENTION_DAYS (their rows stay, so a
 * milestone is still never sent twice), and expired admin sessions. In batches, so a backlog does
 * not hold one long transaction.
 */
export async function pruneOldData(
  deps: AppDeps,
): Promise<{ inbox: number; channelWebhooks: number; whatsappInbox: number; messages: number; sessions: number }> {
  const now = deps.clock.now();
  const { inboxDays, messageDays } = deps.config.retention;
  const inboxBefore = new Date(now.getTime() - inboxDays * DAY_MS);
  const inbox = await inBatches(deps.db, inboxBefore, deleteSettledInboxBefore);
  const channelWebhooks = await inBatches(deps.db, inboxBefore, deleteSettledChannelWebhooksBefore);
  const whatsappInbox = await inBatches(deps.db, inboxBefore, deleteSettledWhatsAppInboxBefore);
  const messages = await inBatches(deps.db, new Date(now.getTime() - messageDays * DAY_MS), scrubMessagesBefore);
  const sessions = await deleteExpiredSessions(deps.db, now);
  await pruneSignInsBefore(deps.db, inboxBefore);
  const pruned = { inbox, channelWebhooks, whatsappInbox, messages, sessions };
  if (Object.values(pruned).some((n) => n > 0)) deps.logger.info(pruned, 'retention: old data pruned');
  return pruned;
}
