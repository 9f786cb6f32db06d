import { formatPaise } from '../../shared/format';

const monthName = new Intl.DateTimeFormat('en-IN', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** `2026-12` -> "Dec 2026". */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return monthName.format(new Date(Date.UTC(year, number - 1, 1)));
}

/** Billed minus quoted with its sign: +₹42 (charged more), −₹8, ₹0. */
export function formatDifference(paise: number): string {
  if (paise === 0) return formatPaise(0);
  return `${paise > 0 ? '+' : '−'}${formatPaise(Math.abs(paise))}`;
}
