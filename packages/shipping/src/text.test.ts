import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findTextRuleBreach, safeText, textProblem } from './text';

describe('the text rule', () => {
  it('refuses what cannot be stored or changes what a reader sees, naming the character', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain NUL characters');
    expect(textProblem('Asha\uD800')).toMatch(/unpaired surrogate/);
    expect(textProblem('\uDFFFx')).toMatch(/unpaired surrogate/);
    expect(textProblem('A\u001b[31m')).toBe('must not contain control characters (U+001B)');
    expect(textProblem('x\u0085y')).toBe('must not contain control characters (U+0085)');
    expect(textProblem('x\u007fy')).toBe('must not contain control characters (U+007F)');
    for (const bidi of ['\u202A', '\u202E', '\u2066', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(textProblem(`abc${bidi}def`)).toMatch(/^must not contain bidirectional control characters \(U\+/);
    }
  });

  it('allows tab and line breaks only in multi-line text; real scripts, emoji and joiners pass', () => {
    expect(textProblem('line one\nline two\r\n\tend', 'multiline')).toBeNull();
    expect(textProblem('line one\nline two')).toBe('must be one line, without line breaks or tabs');
    expect(textProblem('a\tb')).toBe('must be one line, without line breaks or tabs');
    for (const ok of ['Asha Raman', 'आशा रमण', 'క్ష', 'ஸ்ரீ', '👩‍👩‍👧 😀', 'عربى', 'Straße №5 – “ok”', '']) {
      expect(textProblem(ok)).toBeNull();
    }
  });

  it('as a zod string names the field by its path and chains like z.string()', () => {
    const schema = z.object({ customer: z.object({ name: safeText().trim().min(1).max(5) }) });
    const bad = schema.safeParse({ customer: { name: 'A\u202Eb' } });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['customer', 'name'],
      message: expect.stringMatching(/bidirectional/) as unknown,
    });
    expect(schema.safeParse({ customer: { name: '  Asha ' } }).data).toEqual({ customer: { name: 'Asha' } });
    expect(schema.safeParse({ customer: { name: 'Asha Raman' } }).success).toBe(false);
  });

  it('finds the first breach anywhere in a body, keys included, with a path that shows', () => {
    expect(findTextRuleBreach({ a: 'ok', items: [{ sku: 'x' }, { sku: 'y\u001b' }] })).toEqual({
      path: 'items.1.sku',
      message: 'must not contain control characters (U+001B)',
    });
    expect(findTextRuleBreach({ note: 'two\nlines', n: 1, b: null })).toBeNull();
    expect(findTextRuleBreach({ ['k\uD800']: 1 })).toEqual({
      path: 'k?',
      message: 'is a field name that must not contain an unpaired surrogate (broken UTF-16)',
    });
    expect(findTextRuleBreach('\u0000')).toEqual({ path: '', message: 'must not contain NUL characters' });
    let deep: unknown = 'a\u202Eb';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(findTextRuleBreach(deep)?.message).toMatch(/bidirectional/);
  });
});
