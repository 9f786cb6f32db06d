import { describe, expect, it } from 'vitest';
import { buildConfig } from './config';
import { MIN_PASSWORD_LENGTH } from '../security/password-rules';
import { parseEnv } from './env';

const LIVE = {
  ICARRY_USERNAME: 'ela1',
  ICARRY_API_KEY: 'k'.repeat(40),
  ICARRY_PICKUP_ADDRESS_ID: '7',
  ICARRY_PICKUP_PINCODE: '560001',
};

describe('ICARRY_LABEL_HOSTS', () => {
  it("defaults to www.icarry.in over https in live mode; the sandbox's origin is set at start-up", () => {
    expect(buildConfig(parseEnv(LIVE), 3000).labels.sources).toEqual({
      origins: ['https://www.icarry.in'],
      allowPrivateAddresses: false,
    });
    expect(buildConfig(parseEnv({}), 3000).labels.sources.origins).toEqual([]);
  });

  it('takes a list of hosts (with a port when needed)', () => {
    const env = parseEnv({ ...LIVE, ICARRY_LABEL_HOSTS: ' www.icarry.in , Labels.iCarry.in:8443 ' });
    expect(buildConfig(env, 3000).labels.sources.origins).toEqual([
      'https://www.icarry.in',
      'https://labels.icarry.in:8443',
    ]);
  });

  it('refuses anything but host names, naming the variable', () => {
    for (const bad of ['https://www.icarry.in', 'www.icarry.in/labels', 'user@www.icarry.in', 'a b', '*.icarry.in'])
      expect(() => parseEnv({ ICARRY_LABEL_HOSTS: bad }), bad).toThrow(/ICARRY_LABEL_HOSTS/);
  });
});

describe('ADMIN_PASSWORD', () => {
  it('holds the one minimum length the Account page and a password change use', () => {
    const admin = { ADMIN_EMAIL: 'ops@store.example' };
    const short = 'x'.repeat(MIN_PASSWORD_LENGTH - 1);
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(() => parseEnv({ ...admin, ADMIN_PASSWORD: short })).toThrow(
      new RegExp(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`),
    );
    expect(parseEnv({ ...admin, ADMIN_PASSWORD: `${short}y` }).ADMIN_PASSWORD).toBe(`${short}y`);
  });
});
