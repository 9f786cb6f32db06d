/**
 * Text on its way out to a person (a page, an email, a WhatsApp parameter): nothing that the
 * reader cannot see but that changes what they see. Control characters (C0 but tab and newline,
 * DEL, C1) become a space; bidirectional overrides and marks (which can reorder a line, the
 * "Trojan Source" trick) are dropped. Zero-width joiners stay: Indic scripts and emoji need them.
 * Input rules refuse such text at the boundary; this is the last guard for whatever got in before
 * those rules or comes from a third party (a courier's scan, iCarry's NDR code).
 */

/* eslint-disable no-control-regex -- finding control characters is this module's job. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const CONTROLS_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
const ANY_SPACE_OR_CONTROL = /[\s\u0000-\u001F\u007F-\u009F]+/g;

/** Multi-line text (an email body): newlines and tabs stay, other controls become spaces. */
export function printableText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(LINE_BREAKS, '\n').replace(CONTROLS_BUT_TAB_AND_NEWLINE, ' ');
}

/** Anything printableLine would change: a bidi control, a control, a space other than ' ', two spaces, a space at an end. */
const NOT_ONE_LINE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u0000-\u001F\u007F-\u009F]|[^\S ]| {2}|^ | $/;

/** One line (an email subject, a label, a WhatsApp parameter): every break or control is one space, trimmed. */
export function printableLine(text: string): string {
  // Most text is already one clean line (the tracking view passes ~40 strings a page through here):
  // one test instead of two replaces and a trim.
  if (!NOT_ONE_LINE.test(text)) return text;
  return text.replace(BIDI_CONTROLS, '').replace(ANY_SPACE_OR_CONTROL, ' ').trim();
}

const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** True when `text` holds a character `printableText` would replace or drop. */
export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}

/**
 * Every string in a plain value (objects and arrays, as a view or message parameters are) passed
 * through `clean`; other values (dates, numbers, null) as they are.
 */
export function mapStrings<T>(value: T, clean: (text: string) => string): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, clean)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // A plain loop, not Object.fromEntries(Object.entries(...).map(...)): the tracking view passes
    // through here on every page, and the pairs were garbage.
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) out[key] = mapStrings(source[key], clean);
    return out as T;
  }
  return value;
}
