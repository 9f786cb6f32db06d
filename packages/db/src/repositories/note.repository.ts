import type { NoteKind, OrderNote } from '../schema';
import type { DbExecutor } from './db-executor';

export interface OrderNoteRecord {
  id: string;
  orderId: string;
  kind: NoteKind;
  body: string;
  authorAdminId: string | null;
  ndrCode: string | null;
  /** 'yyyy-mm-dd' */
  ndrDate: string | null;
  createdAt: Date;
}

export function toOrderNoteRecord(row: OrderNote): OrderNoteRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    kind: row.kind,
    body: row.body,
    authorAdminId: row.author_admin_id,
    ndrCode: row.ndr_code,
    ndrDate: row.ndr_date,
    createdAt: row.created_at,
  };
}

export interface NewNote {
  orderId: string;
  kind: NoteKind;
  body: string;
  authorAdminId?: string | null;
  ndrCode?: string | null;
  /** yyyy-mm-dd */
  ndrDate?: string | null;
  /** With a key the note is written once, ever: a second insert with the same key changes nothing. */
  dedupeKey?: string | null;
  now: Date;
}

/** Returns the new note, or undefined when a note with the same dedupe key already exists. */
export async function insertNote(db: DbExecutor, note: NewNote): Promise<OrderNoteRecord | undefined> {
  const row = await db
    .insertInto('order_notes')
    .values({
      order_id: note.orderId,
      kind: note.kind,
      body: note.body,
      author_admin_id: note.authorAdminId ?? null,
      ndr_code: note.ndrCode ?? null,
      ndr_date: note.ndrDate ?? null,
      dedupe_key: note.dedupeKey ?? null,
      created_at: note.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toOrderNoteRecord(row);
}
