/**
 * The tracking page's markup as strings (no React on the server for this page: issue 26). One
 * escape for text and attribute values alike, the same characters React escaped (so the markup
 * did not change when the page left React), and one tagged template, `markup` (not `html`: Prettier
 * would reformat the markup inside an `html` template), that applies it to every interpolated value
 * except markup made by the template itself.
 */

/** Markup that is already safe (made by `markup`, or a constant of this module's own). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const SPECIAL = /["'&<>]/;
const ENTITIES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#x27;', '<': '&lt;', '>': '&gt;' };

/** Text or an attribute value as HTML: `" & ' < >` escaped (the only escape on this page). */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/["'&<>]/g, (c) => ENTITIES[c] as string) : text;
}

/** What a template may interpolate: text (escaped), markup, lists of either, or nothing (false, null, undefined). */
export type Part = Html | string | number | false | null | undefined | readonly Part[];

function partToString(part: Part): string {
  if (part instanceof Html) return part.value;
  if (typeof part === 'string') return escapeHtml(part);
  if (typeof part === 'number') return String(part);
  if (part === false || part === null || part === undefined) return '';
  let out = '';
  for (const p of part) out += partToString(p);
  return out;
}

/** markup`<p>${text}</p>`: the literal parts as they are, every value escaped unless it is Html. */
export function markup(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += partToString(values[i]) + (strings[i + 1] as string);
  return new Html(out);
}

/** A constant of the page's own as markup (icons): never for anything a request carries. */
export function trusted(text: string): Html {
  return new Html(text);
}
