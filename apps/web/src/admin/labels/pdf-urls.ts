import type { ShipmentDirection } from '@app/shipping';

/** The packing table's PDF routes (contract: DESIGN "Packing table"); the admin session cookie goes along. */
export type LabelPaper = '4x6' | 'a4';
/** Labels for the parcels to customers (forward) or for their return pickups. */
export type LabelDirection = ShipmentDirection;

export function labelsPdfUrl(
  orderIds: readonly string[],
  options: { paper?: LabelPaper; direction?: LabelDirection } = {},
): string {
  const params = new URLSearchParams({ orderIds: orderIds.join(',') });
  if (options.paper === 'a4') params.set('paper', 'a4');
  if (options.direction === 'return') params.set('direction', 'return');
  return `/api/labels.pdf?${params.toString()}`;
}

export function manifestPdfUrl(date: string): string {
  return `/api/manifest.pdf?${new URLSearchParams({ date }).toString()}`;
}

/** `ids` in runs of at most `size` (one PDF each). */
export function chunk<T>(ids: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < ids.length; i += Math.max(1, size)) runs.push(ids.slice(i, i + Math.max(1, size)));
  return runs;
}
