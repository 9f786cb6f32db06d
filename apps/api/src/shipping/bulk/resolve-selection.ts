import { InvalidCursorError, listOrders, ORDER_LIST_MAX_LIMIT } from '@app/db';
import type { OrderStatus } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';

/** Which orders a bulk action is for: ticked in the list, or "all N matching" the list's filter. */
export type OrderSelection = { orderIds: readonly string[] } | { status: OrderStatus; search?: string | undefined };

/**
 * The selected order ids, in the list's order (newest first for "all matching", as ticked
 * otherwise), each once. "All matching" walks the same search the list shows, so the batch is
 * exactly what the admin saw. Throws BATCH_TOO_LARGE beyond `max`, BATCH_EMPTY for none.
 */
export async function resolveSelection(deps: AppDeps, selection: OrderSelection, max: number): Promise<string[]> {
  let ids: string[];
  if ('orderIds' in selection) {
    ids = [...new Set(selection.orderIds)];
  } else {
    ids = [];
    let cursor: string | null = null;
    try {
      do {
        const page = await listOrders(deps.db, {
          status: selection.status,
          search: selection.search || undefined,
          limit: ORDER_LIST_MAX_LIMIT,
          cursor,
        });
        ids.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor;
      } while (cursor && ids.length <= max);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new AppError('INVALID_CURSOR', { cause: err });
      throw err;
    }
  }
  if (ids.length === 0) throw new AppError('BATCH_EMPTY');
  if (ids.length > max) {
    throw new AppError('BATCH_TOO_LARGE', {
      userMessage: `${'orderIds' in selection ? ids.length : `More than ${max}`} orders are selected; one bulk shipment takes at most ${max}. Narrow the selection and ship the rest in another batch.`,
      details: { max },
    });
  }
  return ids;
}
