/**
 * What a store's branding must satisfy, decided here for the env defaults, the admin's settings and
 * the database alike: colours that white text stays readable on, links that can only be web pages.
 */

/** WCAG AA for normal text: the brand colour carries white text (buttons, the header). */
export const MIN_CONTRAST_WITH_WHITE = 4.5;

export const HEX_COLOR = /^#[0-9a-f]{6}$/;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG contrast ratio of white on `#rrggbb` (1 to 21). */
export function contrastWithWhite(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const luminance = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return 1.05 / (luminance + 0.05);
}

/** Why a colour cannot be the brand colour, or null when it can (expects lower case). */
export function brandColorProblem(value: string): string | null {
  if (!HEX_COLOR.test(value)) return 'Use a colour like #1d4ed8 (# and six hex digits)';
  const ratio = contrastWithWhite(value);
  if (ratio < MIN_CONTRAST_WITH_WHITE)
    return `Too light for white text (contrast ${ratio.toFixed(1)}:1, needs ${MIN_CONTRAST_WITH_WHITE}:1): choose a darker colour`;
  return null;
}

/** Why a link cannot be used, or null: only absolute http(s) URLs (never javascript:, data: or relative). */
export function webUrlProblem(value: string): string | null {
  if (value.length > 2000) return 'Keep the link under 2,000 characters';
  if (!URL.canParse(value)) return 'Use a full link, e.g. https://yourstore.in';
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:' ? null : 'Only http:// and https:// links are allowed';
}

/**
 * The logo is an image on the tracking page, the admin and the emails, all served over https:
 * an http:// image is blocked there as mixed content, so only https:// is taken.
 */
export function logoUrlProblem(value: string): string | null {
  const problem = webUrlProblem(value);
  if (problem) return problem;
  return new URL(value).protocol === 'https:' ? null : 'Use an https:// link for the logo (http:// images are blocked)';
}

/** Digits, spaces, dashes, brackets and a leading +, with 6 to 15 digits (landlines and toll-free numbers too). */
export function supportPhoneProblem(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  if (!/^\+?[\d\s\-()]+$/.test(value) || digits.length < 6 || digits.length > 15)
    return 'Use a phone number like +91 80 4567 8900 or 1800 123 4567';
  return null;
}

export function supportEmailProblem(value: string): string | null {
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(value) && value.length <= 254
    ? null
    : 'Use an email address like help@yourstore.in';
}
