/** 12.5 -> "12.5%"; null (nothing closed) -> "–". */
export function formatPercent(percent: number | null): string {
  return percent === null ? '–' : `${percent.toLocaleString('en-IN', { maximumFractionDigits: 1 })}%`;
}

/** The map's colour bands by RTO rate (presentation only: the rates come from the server). */
export const RTO_BANDS = [
  { label: 'No parcels', below: -1, colour: '#e4e4e7' },
  { label: 'Under 10%', below: 10, colour: '#dcfce7' },
  { label: '10–20%', below: 20, colour: '#fde68a' },
  { label: '20–30%', below: 30, colour: '#fb923c' },
  { label: '30% or more', below: Infinity, colour: '#b91c1c' },
] as const;

export function rtoBand(percent: number | null): (typeof RTO_BANDS)[number] {
  if (percent === null) return RTO_BANDS[0];
  return RTO_BANDS.slice(1).find((band) => percent < band.below) ?? RTO_BANDS[4];
}

/** "2026-11-23" -> "23 Nov". */
export function formatWeek(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-IN', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
