import { describe, expect, it } from 'vitest';
import { httpUrlOrNull } from './urls';

describe('httpUrlOrNull', () => {
  it('keeps absolute http(s) URLs', () => {
    expect(httpUrlOrNull('https://www.delhivery.com/track/package/123')).toBe(
      'https://www.delhivery.com/track/package/123',
    );
    expect(httpUrlOrNull('http://track.example/x?awb=1')).toBe('http://track.example/x?awb=1');
  });
  it('drops scripts, data, relative paths and junk', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<b>x</b>',
      '/track/1',
      'www.x.com',
      '',
      null,
      undefined,
    ])
      expect(httpUrlOrNull(bad)).toBeNull();
  });
});
