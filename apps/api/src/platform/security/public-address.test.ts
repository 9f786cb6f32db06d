import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRange, isPublicAddress, resolveHostKind, urlHost } from './public-address';

type V4 = [number, number, number, number];

/** An address inside `base/bits`, the host bits random. */
const inBlock = (base: V4, bits: number) =>
  fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset): V4 => {
    const n = ((base[0] << 24) | (base[1] << 16) | (base[2] << 8) | base[3]) >>> 0;
    const v = (n + offset) >>> 0;
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  });

/** Every IPv4 block a server must never reach on someone's behalf (RFC 6890 and friends). */
const NOT_PUBLIC_V4: [V4, number][] = [
  [[0, 0, 0, 0], 8],
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10],
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4],
  [[240, 0, 0, 0], 4],
];
/** Blocks that are public unicast throughout (allocated to ISPs and clouds). */
const PUBLIC_V4: [V4, number][] = [
  [[8, 0, 0, 0], 8],
  [[13, 0, 0, 0], 8],
  [[45, 0, 0, 0], 8],
  [[52, 0, 0, 0], 8],
  [[103, 0, 0, 0], 8],
  [[157, 0, 0, 0], 8],
];

const notPublicV4 = fc.oneof(...NOT_PUBLIC_V4.map(([base, bits]) => inBlock(base, bits)));
const publicV4 = fc.oneof(...PUBLIC_V4.map(([base, bits]) => inBlock(base, bits)));

const dotted = (a: V4) => a.join('.');
const hex16 = (n: number) => n.toString(16);
const words = (a: V4): [string, string] => [hex16((a[0] << 8) | a[1]), hex16((a[2] << 8) | a[3])];
const upper = fc.boolean();

/** The IPv6 spellings that carry an IPv4 address and lead to it (mapped, RFC 6145, NAT64, 6to4). */
function carrierForms(a: V4, shout: boolean): string[] {
  const [hi, lo] = words(a);
  const forms = [
    `::ffff:${dotted(a)}`,
    `::ffff:${hi}:${lo}`,
    `0:0:0:0:0:ffff:${hi}:${lo}`,
    `0000:0000:0000:0000:0000:ffff:${dotted(a)}`,
    `::ffff:0:${dotted(a)}`,
    `::ffff:0:${hi}:${lo}`,
    `64:ff9b::${dotted(a)}`,
    `64:ff9b::${hi}:${lo}`,
    `2002:${hi}:${lo}::1`,
    `2002:${hi}:${lo}:beef::${hi}`,
  ];
  return shout ? forms.map((f) => f.toUpperCase()) : forms;
}

/** IPv4-compatible (::/96, deprecated): refused whatever address it carries. */
const compatibleForms = (a: V4): string[] => {
  const [hi, lo] = words(a);
  return [`::${hi}:${lo}`, `::${dotted(a)}`, `0:0:0:0:0:0:${hi}:${lo}`];
};

/** How a URL can spell an IPv4 host: the WHATWG parser turns each into a dotted quad. */
function ipv4UrlHosts(a: V4): string[] {
  const n = ((a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]) >>> 0;
  return [
    dotted(a),
    String(n),
    `0x${n.toString(16)}`,
    a.map((p) => `0${p.toString(8)}`).join('.'),
    `${a[0]}.${(a[1] << 16) | (a[2] << 8) | a[3]}`,
    `${a[0]}.${a[1]}.${(a[2] << 8) | a[3]}`,
  ];
}

const v6Block = (prefix: number[], bits: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((rand) => {
    const parts = rand.map((r, i) => {
      const fixed = Math.max(0, Math.min(16, bits - i * 16));
      const mask = fixed === 0 ? 0 : (0xffff << (16 - fixed)) & 0xffff;
      return ((prefix[i] ?? 0) & mask) | (r & ~mask & 0xffff);
    });
    return parts.map(hex16).join(':');
  });

const NOT_PUBLIC_V6 = fc.oneof(
  fc.constantFrom('::', '::1', '0:0:0:0:0:0:0:1', '::0.0.0.0'),
  v6Block([0xfe80], 10),
  v6Block([0xfc00], 7),
  v6Block([0xff00], 8),
  v6Block([0xfec0], 10),
  v6Block([0x2001, 0xdb8], 32),
  v6Block([0x2001, 0], 32),
  v6Block([0x64, 0xff9b, 1], 48),
  v6Block([0x100], 64),
  v6Block([0x4000], 2),
  v6Block([0, 0, 0, 0, 0, 0], 96),
);

const runs = { numRuns: 300 };

describe('isPublicAddress (ipaddr.js ranges, every IPv6 form of IPv4)', () => {
  it('names the ranges of the forms the issue and OWASP list', () => {
    expect(addressRange('::7f00:1')).toBe('ipv4Compatible');
    expect(addressRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(addressRange('64:ff9b::a00:1')).toBe('private');
    expect(addressRange('2002:a9fe:a9fe::')).toBe('linkLocal');
    expect(addressRange('0.0.0.0')).toBe('unspecified');
    expect(addressRange('fd00::1')).toBe('uniqueLocal');
    expect(addressRange('ff02::1')).toBe('multicast');
    expect(addressRange('fe80::1%eth0')).toBe('invalid');
    expect(addressRange('127.1')).toBe('invalid');
    expect(addressRange('example.com')).toBe('invalid');
    for (const a of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])
      expect(isPublicAddress(a), a).toBe(true);
  });

  it('no spelling of a non-public IPv4 address is public', () => {
    fc.assert(
      fc.property(notPublicV4, upper, (a, shout) => {
        for (const form of [dotted(a), ...carrierForms(a, shout), ...compatibleForms(a)])
          expect(isPublicAddress(form), form).toBe(false);
      }),
      runs,
    );
  });

  it('a public IPv4 address is public in every form that leads to it; IPv4-compatible never is', () => {
    fc.assert(
      fc.property(publicV4, upper, (a, shout) => {
        for (const form of [dotted(a), ...carrierForms(a, shout)]) expect(isPublicAddress(form), form).toBe(true);
        for (const form of compatibleForms(a)) expect(isPublicAddress(form), form).toBe(false);
      }),
      runs,
    );
  });

  it('IPv6 loopback, unspecified, link-local, unique-local, multicast, site-local, documentation, Teredo, NAT64 local-use, discard and unallocated are not public', () => {
    fc.assert(
      fc.property(NOT_PUBLIC_V6, (a) => {
        expect(isPublicAddress(a), a).toBe(false);
      }),
      runs,
    );
  });

  it('global unicast IPv6 is public', () => {
    fc.assert(
      fc.property(v6Block([0x2a00], 12), (a) => {
        expect(isPublicAddress(a), a).toBe(true);
      }),
      runs,
    );
  });

  it('a URL host in any spelling is judged as the address the URL parser makes of it', () => {
    fc.assert(
      fc.property(notPublicV4, upper, fc.integer({ min: 1, max: 65535 }), (a, shout, port) => {
        const hosts = [...ipv4UrlHosts(a), ...[...carrierForms(a, shout), ...compatibleForms(a)].map((f) => `[${f}]`)];
        for (const host of hosts) {
          const url = new URL(`http://${host}:${port}/hook`);
          expect(isPublicAddress(urlHost(url)), url.href).toBe(false);
        }
      }),
      runs,
    );
  });
});

describe('resolveHostKind', () => {
  it('answers for literals without a lookup, and for names from what they resolve to', async () => {
    expect(await resolveHostKind('::7f00:1', 1000)).toBe('private');
    expect(await resolveHostKind('8.8.8.8', 1000)).toBe('public');
    expect(await resolveHostKind('localhost', 2000)).toBe('private');
    expect(await resolveHostKind('no-such-host.invalid', 2000)).toBe('unresolved');
  });
});
