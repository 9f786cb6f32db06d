import type { TrackingPageModel } from '../shared/api';

type Branding = TrackingPageModel['branding'];

const HEX = /^#[0-9a-f]{6}$/;

function mix(hex: string, toward: number, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => {
    const c = (n >> shift) & 255;
    return Math.round(c + (toward - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
}

/**
 * The brand colour as the page's CSS variables, in one `<style>` (the CSP allows it by hash). The API
 * validated the colour; anything that is not #rrggbb is dropped here anyway, never interpolated.
 */
export function brandStyle(branding: Branding): string {
  const accent = branding.brandColor.toLowerCase();
  if (!HEX.test(accent)) return '';
  return `<style>html:root{--accent:${accent};--accent-strong:${mix(accent, 0, 0.18)};--accent-soft:${mix(accent, 255, 0.9)};--accent-ring:${accent}4d}</style>`;
}

/** The monogram shown when the store has no logo. */
export function monogram(storeName: string): string {
  return (storeName.trim()[0] ?? '•').toUpperCase();
}
