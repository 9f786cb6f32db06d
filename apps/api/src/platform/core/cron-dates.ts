import { createRequire } from 'node:module';

interface LuxonSettings {
  defaultZone: unknown;
  defaultLocale: string | undefined;
}

/**
 * pg-boss's cron (cron-parser, which computes dates with luxon) is given fixed defaults: the UTC zone
 * and the en-US locale. Every schedule here is evaluated in UTC as before (pg-boss passes each
 * schedule's `tz`, 'UTC' by default, and the product never sets another), but luxon no longer asks
 * `Intl` for the system's zone and locale at each check, building `Intl.DateTimeFormat`s that map
 * ICU's data into the process (issue 26: ~5 MB of the node binary resident at rest, for nothing).
 * luxon is configured where cron-parser loads it (pg-boss -> cron-parser -> luxon, the CommonJS
 * build); with another layout the defaults stay as they were, which costs only that memory.
 * Returns whether the defaults were set.
 */
export function fixCronDateDefaults(): boolean {
  try {
    const fromBoss = createRequire(createRequire(import.meta.url).resolve('pg-boss'));
    const fromParser = createRequire(fromBoss.resolve('cron-parser'));
    const { Settings } = fromParser('luxon') as { Settings: LuxonSettings };
    Settings.defaultZone = 'utc';
    Settings.defaultLocale = 'en-US';
    return true;
  } catch {
    return false;
  }
}
