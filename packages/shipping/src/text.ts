import { z } from 'zod';

/**
 * True when a key or string anywhere in `value` holds a NUL character, which PostgreSQL text and
 * jsonb cannot store (the query fails with 22021/22P05). Iterative, because request bodies can nest
 * deeper than the stack.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/** A UTF-16 surrogate without its pair: JSON can carry it (`"\\udfff"`), PostgreSQL jsonb refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a key or string anywhere in `value` could not be stored as jsonb (NUL or a lone surrogate). */
export function containsUnstorableText(value: unknown): boolean {
  if (containsNul(value)) return true;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return true;
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (LONE_SURROGATE.test(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/*
 * The one text rule at every boundary (issue 22). Whatever a person or a system sends us as text
 * (a REST field, a tRPC input, a CSV cell, a channel's order, the tracking page's NDR form) is
 * refused, with the field named, when it holds a character that either cannot be stored (NUL, an
 * unpaired surrogate: PostgreSQL refuses them and the request would fail with a 500) or changes
 * what a reader sees without being seen (C0/C1 controls such as ESC, bidirectional controls such
 * as RLO, the "Trojan Source" trick). Tab, line feed and carriage return are allowed only where
 * multi-line text is meant (a note, a message). Zero-width joiners stay: Indic scripts and emoji
 * need them. `printable.ts` is the last guard on the way out for text that came in before this
 * rule or from a third party.
 */

/* eslint-disable no-control-regex -- finding control characters is this rule's job. */
const NUL = /\u0000/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const OTHER_CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/* eslint-enable no-control-regex */

/** Where text is meant: one line (a name, an address line) or several (a note, a message). */
export type TextShape = 'line' | 'multiline';

function codePoint(text: string, pattern: RegExp): string {
  const found = pattern.exec(text)?.[0] ?? '';
  return `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What is wrong with `text` under the text rule, as the end of "<field> ..." ("must not contain
 * control characters (U+001B)"), or null when it is fine.
 */
export function textProblem(text: string, shape: TextShape = 'line'): string | null {
  if (NUL.test(text)) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain an unpaired surrogate (broken UTF-16)';
  if (OTHER_CONTROL.test(text)) return `must not contain control characters (${codePoint(text, OTHER_CONTROL)})`;
  if (BIDI_CONTROL.test(text)) {
    return `must not contain bidirectional control characters (${codePoint(text, BIDI_CONTROL)})`;
  }
  if (shape === 'line' && LINE_BREAK_OR_TAB.test(text)) return 'must be one line, without line breaks or tabs';
  return null;
}

/** The text rule as a zod refinement: `z.string().superRefine(textRule())`. */
export function textRule(shape: TextShape = 'line') {
  return (value: string, ctx: z.RefinementCtx): void => {
    const problem = textProblem(value, shape);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * A string that keeps the text rule; chain `.trim()`, `.min()`, `.max()` as on `z.string()`. The
 * issue's path names the field (REST answers list it, tRPC's fieldErrors key it, CSV rows name
 * the column).
 */
export function safeText(shape: TextShape = 'line', params?: Parameters<typeof z.string>[0]) {
  return z.string(params).superRefine(textRule(shape));
}

export interface TextRuleBreach {
  /** Dotted path of the field ("customer.name", "items.0.sku"); "" for a bare string. */
  path: string;
  message: string;
}

/** A key as it can be shown in a path: the characters the rule refuses become "?". */
function showableKey(key: string): string {
  return key.replace(
    new RegExp(`${LONE_SURROGATE.source}|${OTHER_CONTROL.source}|${BIDI_CONTROL.source}|\\u0000`, 'g'),
    '?',
  );
}

/** A path short enough for an answer: deeply nested bodies keep their last 200 characters. */
function shortPath(path: string): string {
  return path.length <= 200 ? path : `…${path.slice(-200)}`;
}

/**
 * The first string (or key) anywhere in `value` that breaks the text rule, with its path: the
 * net under a whole request body (REST) or input (tRPC), whose own schemas then apply the
 * stricter one-line rule field by field. Multi-line characters pass here, since the walker cannot
 * know which fields are notes. Iterative, because bodies can nest deeper than the stack.
 */
export function findTextRuleBreach(value: unknown): TextRuleBreach | null {
  const stack: { item: unknown; path: string }[] = [{ item: value, path: '' }];
  while (stack.length > 0) {
    const { item, path } = stack.pop() as { item: unknown; path: string };
    if (typeof item === 'string') {
      const problem = textProblem(item, 'multiline');
      if (problem !== null) return { path: shortPath(path), message: problem };
    } else if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const childPath = path === '' ? showableKey(key) : `${path}.${showableKey(key)}`;
        const keyProblem = textProblem(key, 'multiline');
        if (keyProblem !== null) return { path: shortPath(childPath), message: `is a field name that ${keyProblem}` };
        stack.push({ item: child, path: childPath });
      }
    }
  }
  return null;
}
