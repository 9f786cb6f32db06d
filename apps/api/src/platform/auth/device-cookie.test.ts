import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_COOKIE_TTL_MS, deviceCookieName, issueDeviceCookie, readDeviceCookie } from './device-cookie';

const SECRET = 'a'.repeat(48);
const now = new Date('2026-12-22T06:00:00.000Z');

describe('device cookies', () => {
  it('reads back as the same device for its account, until it expires', () => {
    const cookie = issueDeviceCookie(SECRET, 'admin@store.example', now);
    expect(cookie.name).toBe(deviceCookieName(SECRET, 'admin@store.example'));
    const device = readDeviceCookie(SECRET, 'admin@store.example', cookie.value, now);
    expect(device?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(readDeviceCookie(SECRET, 'admin@store.example', cookie.value, new Date(now.getTime() + 1000))).toEqual(
      device,
    );
    expect(readDeviceCookie(SECRET, 'admin@store.example', cookie.value, cookie.expiresAt)).toBeNull();
    expect(cookie.expiresAt.getTime() - now.getTime()).toBeLessThanOrEqual(DEVICE_COOKIE_TTL_MS);
    // A fresh one each time, under the same name.
    const again = issueDeviceCookie(SECRET, 'admin@store.example', now);
    expect(again.name).toBe(cookie.name);
    expect(readDeviceCookie(SECRET, 'admin@store.example', again.value, now)?.id).not.toBe(device?.id);
  });

  it('is no device for another account, another secret, or with any character changed', () => {
    const { value } = issueDeviceCookie(SECRET, 'admin@store.example', now);
    expect(readDeviceCookie(SECRET, 'other@store.example', value, now)).toBeNull();
    expect(readDeviceCookie('b'.repeat(48), 'admin@store.example', value, now)).toBeNull();
    expect(deviceCookieName(SECRET, 'other@store.example')).not.toBe(deviceCookieName(SECRET, 'admin@store.example'));
    fc.assert(
      fc.property(
        fc.nat({ max: value.length - 1 }),
        fc.constantFrom('A', 'Z', 'a', 'z', '0', '9', '-', '_', '.', 'x'),
        (at, ch) => {
          const altered = value.slice(0, at) + ch + value.slice(at + 1);
          if (altered !== value) expect(readDeviceCookie(SECRET, 'admin@store.example', altered, now)).toBeNull();
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (junk) => {
        expect(readDeviceCookie(SECRET, 'admin@store.example', junk, now)).toBeNull();
      }),
    );
  });
});
