/**
 * What the tracking page computes about dates beyond formatting them (the formatting is the
 * customer's language's: @app/shipping/i18n, en-IN or hi-IN, on an Indian clock).
 */

export function isoString(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Every calendar day from `earliest` to `latest` ('yyyy-mm-dd'), at most a week. */
export function calendarDays(earliest: string, latest: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${earliest}T00:00:00Z`); days.length < 7; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (d > latest) break;
    days.push(d);
  }
  return days;
}
