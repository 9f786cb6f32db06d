import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fixCronDateDefaults } from './cron-dates';

// The copies pg-boss itself loads: cron-parser beside it, and the luxon cron-parser requires.
const fromBoss = createRequire(createRequire(import.meta.url).resolve('pg-boss'));
const fromParser = createRequire(fromBoss.resolve('cron-parser'));
const { Settings } = fromParser('luxon') as { Settings: { defaultZone: { name: string }; defaultLocale: string } };
const cronParser = fromBoss('cron-parser') as {
  parseExpression(cron: string, options: { tz?: string; currentDate?: Date }): { next(): { toISOString(): string } };
};

describe('fixCronDateDefaults', () => {
  it("sets UTC and en-US on the luxon pg-boss's cron uses, and its schedules come due as before", () => {
    const from = new Date('2026-12-06T20:10:00Z');
    const before = ['17 3 * * *', '*/15 * * * *', '23 * * * *'].map((cron) =>
      cronParser.parseExpression(cron, { tz: 'UTC', currentDate: from }).next().toISOString(),
    );
    expect(fixCronDateDefaults()).toBe(true);
    expect(Settings.defaultZone.name).toBe('UTC');
    expect(Settings.defaultLocale).toBe('en-US');
    const after = ['17 3 * * *', '*/15 * * * *', '23 * * * *'].map((cron) =>
      cronParser.parseExpression(cron, { tz: 'UTC', currentDate: from }).next().toISOString(),
    );
    expect(after).toEqual(before);
    expect(after).toEqual(['2026-12-07T03:17:00.000Z', '2026-12-06T20:15:00.000Z', '2026-12-06T20:23:00.000Z']);
  });
});
