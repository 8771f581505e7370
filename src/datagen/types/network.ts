import type { Rng } from '../../scenario/rng.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

/**
 * An inet or cidr value. `form` picks one of several accepted input spellings, so that literal
 * stays a pure function of the value while canonical proves the server's normalization.
 */
export interface InetValue {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
  /** Prefix length; 32 or 128 means a single host. */
  bits: number;
  form: number;
}

export interface MacValue {
  bytes: Uint8Array;
  form: number;
}

const fullBits = (family: 4 | 6): number => (family === 4 ? 32 : 128);

function words(bytes: Uint8Array): number[] {
  return Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
}

export function ipv4Text(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/**
 * IPv6 text exactly as PostgreSQL's inet_net_ntop prints it: the first longest run of two or
 * more zero groups becomes `::`, hex in lower case without leading zeros, and an address whose
 * first five groups are zero is printed with an embedded IPv4 part when the sixth group is
 * 0xffff (`::ffff:1.2.3.4`) or when the zero run is exactly six groups (`::1.2.3.4`) — but
 * `::0.0.1.2` prints as `::102`, since there the run is seven groups long.
 */
export function ipv6Text(bytes: Uint8Array): string {
  const w = words(bytes);
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (cur.base === -1) cur = { base: i, len: 1 };
      else cur.len++;
      if (cur.len > best.len) best = { ...cur };
    } else cur = { base: -1, len: 0 };
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && w[5] === 0xffff))) {
      return out + ipv4Text(bytes.subarray(12, 16));
    }
    out += w[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

function addressText(v: InetValue): string {
  return v.family === 4 ? ipv4Text(v.bytes) : ipv6Text(v.bytes);
}

/** inet_out: the address, then `/n` only when n is not the full length. */
export function inetCanonical(v: InetValue): string {
  return addressText(v) + (v.bits === fullBits(v.family) ? '' : `/${v.bits}`);
}

/** cidr_out: the address, then `/n` always. */
export function cidrCanonical(v: InetValue): string {
  return `${addressText(v)}/${v.bits}`;
}

function ipv6Literal(v: InetValue): string {
  switch (v.form % 4) {
    case 1:
      return ipv6Text(v.bytes).toUpperCase();
    case 2: // every group, with leading zeros
      return words(v.bytes).map((x) => x.toString(16).padStart(4, '0')).join(':');
    case 3: // every group, without leading zeros
      return words(v.bytes).map((x) => x.toString(16)).join(':');
    default:
      return ipv6Text(v.bytes);
  }
}

function inetLiteral(v: InetValue): string {
  const addr = v.family === 4 ? ipv4Text(v.bytes) : ipv6Literal(v);
  // An explicit full-length prefix (`/32`, `/128`) is accepted and not printed back.
  return v.bits !== fullBits(v.family) || v.form % 2 === 1 ? `${addr}/${v.bits}` : addr;
}

function cidrLiteral(v: InetValue): string {
  if (v.family === 6) return `${ipv6Literal(v)}/${v.bits}`;
  if (v.form % 2 === 1) {
    // Abbreviated form `10.1/16`: trailing zero octets may be left out when the prefix is given.
    const octets = Array.from(v.bytes);
    while (octets.length > 1 && octets[octets.length - 1] === 0) octets.pop();
    return `${octets.join('.')}/${v.bits}`;
  }
  return `${ipv4Text(v.bytes)}/${v.bits}`;
}

/** Zeroes the bits after the prefix, which cidr requires. */
function masked(bytes: Uint8Array, bits: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    out[i] = out[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** Parses the address forms used for edges (dotted quad, IPv6 with `::` and an IPv4 tail). */
export function parseInet(text: string, form = 0): InetValue {
  const [addr, prefix] = text.split('/') as [string, string | undefined];
  let family: 4 | 6;
  let bytes: Uint8Array;
  if (!addr.includes(':')) {
    family = 4;
    bytes = Uint8Array.from(addr.split('.').map(Number));
  } else {
    family = 6;
    const groups = (s: string): number[] => {
      if (s === '') return [];
      const parts = s.split(':');
      const tail = parts[parts.length - 1]!;
      const out = parts.slice(0, tail.includes('.') ? -1 : undefined).map((p) => parseInt(p, 16));
      if (tail.includes('.')) {
        const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      }
      return out;
    };
    const [head, rest] = addr.split('::') as [string, string | undefined];
    const left = groups(head);
    const right = rest === undefined ? [] : groups(rest);
    const all = rest === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
    bytes = new Uint8Array(16);
    all.forEach((g, i) => {
      bytes[2 * i] = g >> 8;
      bytes[2 * i + 1] = g & 0xff;
    });
  }
  if (bytes.length !== (family === 4 ? 4 : 16)) throw new Error(`bad address ${text}`);
  return { family, bytes, bits: prefix === undefined ? fullBits(family) : Number(prefix), form };
}

function randomIpv4(rng: Rng): Uint8Array {
  const r = rng.next();
  const b = Uint8Array.of(rng.int(0, 255), rng.int(0, 255), rng.int(0, 255), rng.int(0, 255));
  if (r < 0.3) b[0] = 10;
  else if (r < 0.55) [b[0], b[1]] = [192, 168];
  else if (r < 0.65) [b[0], b[1]] = [172, rng.int(16, 31)];
  else b[0] = rng.pick([1, 8, 23, 34, 52, 81, 93, 104, 151, 185, 203, 217]);
  return b;
}

/**
 * Realistic IPv6 addresses: documentation, link-local, unique-local and global prefixes, with
 * zero runs. The first group is never zero, so no IPv4-embedded spellings arise by chance.
 */
function randomIpv6(rng: Rng): Uint8Array {
  const w = Array.from({ length: 8 }, () => rng.int(0, 0xffff));
  const r = rng.next();
  if (r < 0.25) {
    [w[0], w[1]] = [0x2001, 0x0db8];
    for (let i = 2; i < 7; i++) if (rng.chance(0.4)) w[i] = 0;
  } else if (r < 0.45) {
    [w[0], w[1], w[2], w[3]] = [0xfe80, 0, 0, 0];
  } else if (r < 0.65) {
    w[0] = 0xfd00 | rng.int(0, 0xff);
  } else {
    // A server on a /64 with a short host part, e.g. 2a01:4f8:1c1c:abcd::1.
    w[0] = rng.pick([0x2a01, 0x2a02, 0x2600, 0x2400, 0x2c0f, 0x2001]);
    if (rng.chance(0.6)) {
      [w[4], w[5], w[6]] = [0, 0, 0];
      w[7] = rng.int(1, 0x20);
    }
  }
  const out = new Uint8Array(16);
  w.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

function generateInet(rng: Rng, cidr: boolean): InetValue {
  const form = rng.int(0, 3);
  if (rng.chance(0.7)) {
    const bytes = randomIpv4(rng);
    if (cidr) {
      const bits = rng.chance(0.8) ? rng.pick([8, 12, 16, 20, 22, 24, 24, 24, 26, 28, 30, 32]) : rng.int(0, 32);
      return { family: 4, bytes: masked(bytes, bits), bits, form };
    }
    const bits = rng.chance(0.75) ? 32 : rng.pick([8, 16, 20, 24, 24, 25, 27, 28, 30, 31]);
    return { family: 4, bytes, bits, form };
  }
  const bytes = randomIpv6(rng);
  if (cidr) {
    const bits = rng.chance(0.8) ? rng.pick([32, 48, 56, 64, 64, 64, 96, 128]) : rng.int(16, 128);
    return { family: 6, bytes: masked(bytes, bits), bits, form };
  }
  const bits = rng.chance(0.7) ? 128 : rng.pick([48, 56, 64, 64, 96, 127]);
  return { family: 6, bytes, bits, form };
}

const INET_EDGES = [
  '0.0.0.0', '255.255.255.255', '0.0.0.0/0', '127.0.0.1', '192.168.1.77/24', '10.0.0.1/31',
  '::', '::1', '::/0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe80::1/64',
  '::ffff:192.0.2.1', '::ffff:0:0', '::1.2.3.4', '::0.0.1.2', '0:0:0:0:1::',
  '1:0:2:3:4:5:6:7', '1:0:0:2:0:0:0:3', '1:0:0:2:0:0:3:4', '1::', '2001:db8::1:0:0:1',
];
const CIDR_EDGES = [
  '0.0.0.0/0', '10.0.0.0/8', '128.0.0.0/1', '192.168.1.0/24', '255.255.255.255/32', '100.64.0.0/10',
  '::/0', '::1/128', '2001:db8::/32', 'fe80::/10', '2001:db8:0:1::/64', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128',
];

const MAC_FORMS: ReadonlyArray<(hex: string[]) => string> = [
  (h) => h.join(':'),
  (h) => h.join(':').toUpperCase(),
  (h) => h.join('-').toUpperCase(),
  (h) => `${h[0]}${h[1]}.${h[2]}${h[3]}.${h[4]}${h[5]}`,
  (h) => `${h[0]}${h[1]}${h[2]}:${h[3]}${h[4]}${h[5]}`,
  (h) => `${h[0]}${h[1]}${h[2]}-${h[3]}${h[4]}${h[5]}`,
  (h) => `${h[0]}${h[1]}-${h[2]}${h[3]}-${h[4]}${h[5]}`,
  (h) => h.join(''),
];

const macHex = (v: MacValue): string[] => Array.from(v.bytes, (b) => b.toString(16).padStart(2, '0'));

/** Real vendor prefixes (Cisco, Intel, Apple, VMware, Raspberry Pi, Xen). */
const OUIS: ReadonlyArray<readonly [number, number, number]> = [
  [0x00, 0x1b, 0x54], [0x3c, 0xfd, 0xfe], [0xa4, 0x83, 0xe7], [0x00, 0x50, 0x56], [0xb8, 0x27, 0xeb], [0x00, 0x16, 0x3e],
];

function generateMac(rng: Rng): MacValue {
  const bytes = Uint8Array.of(...rng.pick(OUIS), rng.int(0, 255), rng.int(0, 255), rng.int(0, 255));
  // Locally administered addresses (randomized Wi-Fi MACs, containers) have bit 1 set.
  if (rng.chance(0.2)) bytes[0] = (rng.int(0, 255) & 0xfc) | 0x02;
  return { bytes, form: rng.int(0, MAC_FORMS.length - 1) };
}

const MAC_EDGES: MacValue[] = [
  { bytes: new Uint8Array(6), form: 0 },
  { bytes: new Uint8Array(6).fill(0xff), form: 2 },
  { bytes: Uint8Array.of(0x08, 0x00, 0x2b, 0x01, 0x02, 0x03), form: 3 },
  { bytes: Uint8Array.of(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb), form: 7 },
];

/** inet, cidr and macaddr. */
export const networkFamily: TypeFamily = {
  id: 'network',
  names: ['inet', 'cidr', 'macaddr'],
  resolve(req: TypeRequest): ResolvedType<InetValue> | ResolvedType<MacValue> {
    if (req.args.length > 0) throw new TypeRequestError(`${req.base} takes no arguments`);
    const common = { sql: req.base, family: 'network', setup: [], keyable: true } as const;
    switch (req.base) {
      case 'inet':
        return {
          ...common,
          edges: () => INET_EDGES.map((t, i) => parseInet(t, i)),
          generate: ({ rng }) => generateInet(rng, false),
          literal: inetLiteral,
          canonical: inetCanonical,
        };
      case 'cidr':
        return {
          ...common,
          edges: () => CIDR_EDGES.map((t, i) => parseInet(t, i)),
          generate: ({ rng }) => generateInet(rng, true),
          literal: cidrLiteral,
          canonical: cidrCanonical,
        };
      case 'macaddr':
        return {
          ...common,
          edges: () => MAC_EDGES,
          generate: ({ rng }) => generateMac(rng),
          literal: (v: MacValue) => MAC_FORMS[v.form % MAC_FORMS.length]!(macHex(v)),
          canonical: (v: MacValue) => macHex(v).join(':'),
        };
      default:
        throw new TypeRequestError(`unknown network type "${req.base}"`);
    }
  },
};
