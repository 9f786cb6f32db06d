import { sql } from 'kysely';
import type { DbExecutor } from './db-executor';
import { ORDER_NUMBER_PREFIX } from './order.repository';

/** Order ids and generated numbers drawn for orders about to be written (insertIntakeOrders' `allocated`). */
export interface AllocatedOrderIds {
  /** One id per order, in the orders' order. */
  ids: readonly string[];
  /** Unused numbers (FB-...) for the orders without a store-given number, in order. */
  numbers: readonly string[];
}

/** Which of these order numbers are in use already (compared case-insensitively, as search does). */
export async function findTakenOrderNumbers(db: DbExecutor, orderNumbers: readonly string[]): Promise<Set<string>> {
  if (orderNumbers.length === 0) return new Set();
  const wanted = [...new Set(orderNumbers.map((n) => n.toUpperCase()))];
  const rows = await db
    .selectFrom('orders')
    .select(sql<string>`upper(order_number)`.as('n'))
    .where(sql`upper(order_number)`, 'in', wanted)
    .execute();
  const taken = new Set(rows.map((r) => r.n));
  return new Set(orderNumbers.filter((n) => taken.has(n.toUpperCase())));
}

/** `count` unused order numbers (FB-...), from order_number_seq, skipping numbers already taken. */
async function nextOrderNumbers(db: DbExecutor, count: number): Promise<string[]> {
  const numbers: string[] = [];
  while (numbers.length < count) {
    const { rows } = await sql<{ n: string }>`
      select nextval('order_number_seq')::text as n from generate_series(1, ${count - numbers.length})`.execute(db);
    const candidates = rows.map((r) => `${ORDER_NUMBER_PREFIX}${r.n}`);
    const taken = await findTakenOrderNumbers(db, candidates);
    numbers.push(...candidates.filter((c) => !taken.has(c)));
    if (taken.size > 0) {
      // Numbers made outside the sequence (bulk seed, imports) overlap it: jump past them once.
      await sql`
        select setval('order_number_seq', greatest(nextval('order_number_seq'), coalesce(
          (select max(substring(order_number from '^FB-([0-9]{1,15})$')::bigint) from orders where order_number ~ '^FB-[0-9]{1,15}$'),
          0) + 1))`.execute(db);
    }
  }
  return numbers;
}

/**
 * `count` order ids and `numbered` unused order numbers (FB-...) in one statement: the numbers come
 * from order_number_seq, and one already taken (made outside the sequence) is replaced by drawing
 * more. Sequences are not transactional, so this may run before the transaction that writes.
 */
export async function allocateOrderIds(db: DbExecutor, count: number, numbered: number): Promise<AllocatedOrderIds> {
  const { rows } = await sql<{ id: string; num: string | null; taken: boolean }>`
    select g.id, g.num, g.num is not null and exists (
      select 1 from orders o where upper(o.order_number) = upper(g.num)
    ) as taken
    from (
      select nextval(pg_get_serial_sequence('orders', 'id'))::text as id,
        case when n <= ${numbered} then ${ORDER_NUMBER_PREFIX} || nextval('order_number_seq')::text end as num
      from generate_series(1, ${count}) as n
    ) as g`.execute(db);
  return topUpOrderNumbers(db, {
    ids: rows.map((r) => r.id),
    numbers: rows.filter((r) => r.num !== null && !r.taken).map((r) => r.num ?? ''),
    numbered,
  });
}

/** Drawn ids and numbers with the numbers made up to `numbered` (a drawn number was taken already). */
export async function topUpOrderNumbers(
  db: DbExecutor,
  drawn: AllocatedOrderIds & { numbered: number },
): Promise<AllocatedOrderIds> {
  const numbers = [...drawn.numbers];
  if (numbers.length < drawn.numbered) numbers.push(...(await nextOrderNumbers(db, drawn.numbered - numbers.length)));
  return { ids: drawn.ids, numbers };
}
