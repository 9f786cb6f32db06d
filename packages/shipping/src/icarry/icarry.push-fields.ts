// The zod field readers every push schema is built from: our own reading and messages, never
// walking into the value, and the id limit they all share.
import { z } from 'zod';

/** Ids longer than this are not iCarry's (its ids and AWBs are ~6-20 characters); refused with a reason. */
export const MAX_PUSH_ID_CHARS = 64;

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A zod field whose reading and message are ours; it never walks into the value (deep bodies).
 * `.optional()` first, so a missing key reaches `read` as undefined and gets our message.
 */
export function field<T>(read: (value: unknown) => Read<T>) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      const result = read(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    });
}

/** Text of a string or whole number, trimmed; '' for null/undefined; null for anything else. */
export function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** An optional id (awb, shipment_id, client_order_id): text or a number; empty = absent; capped. */
export const optionalId = field((value): Read<string | undefined> => {
  const text = scalarText(value);
  if (text === null) return { ok: false, message: 'must be text or a whole number' };
  if (text.length > MAX_PUSH_ID_CHARS)
    return { ok: false, message: `must be at most ${MAX_PUSH_ID_CHARS} characters (got ${text.length})` };
  return { ok: true, value: text === '' ? undefined : text };
});

export function optionalText(max: number) {
  return field((value): Read<string | undefined> => {
    if (value === null || value === undefined) return { ok: true, value: undefined };
    if (typeof value !== 'string') return { ok: false, message: 'must be text' };
    const text = value.trim();
    if (text.length > max) return { ok: false, message: `must be at most ${max} characters (got ${text.length})` };
    return { ok: true, value: text === '' ? undefined : text };
  });
}

/** An id as stored in an event (re-read from the inbox). */
export const storedId = z.string().min(1).max(MAX_PUSH_ID_CHARS).optional();

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Drops undefined properties, so events compare and serialise the same however they were made. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
