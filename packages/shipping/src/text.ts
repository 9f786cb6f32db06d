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
