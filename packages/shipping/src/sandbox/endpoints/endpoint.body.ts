// Reading the form fields an iCarry endpoint receives (qs-parsed, so strings, lists or objects).

export type Body = Record<string, unknown>;

export function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

export function objectOf(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

/** qs turns long bracketed lists into objects keyed "0".."n": accept both. */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'object' && value !== null) return Object.values(value as Body);
  if (typeof value === 'string' || typeof value === 'number') return [value];
  return [];
}

export function numberOf(value: unknown): number | null {
  const raw = text(value);
  if (raw === '' || !/^\d+(\.\d+)?$/.test(raw)) return null;
  return Number(raw);
}
