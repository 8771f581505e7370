import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { networkFamily, parseInet, type InetValue, type MacValue } from '../../../src/datagen/types/network.js';
import type { ResolvedType } from '../../../src/datagen/types/type-family.js';

const inet = networkFamily.resolve({ base: 'inet', args: [], arrayDims: 0 }) as ResolvedType<InetValue>;
const cidr = networkFamily.resolve({ base: 'cidr', args: [], arrayDims: 0 }) as ResolvedType<InetValue>;
const mac = networkFamily.resolve({ base: 'macaddr', args: [], arrayDims: 0 }) as ResolvedType<MacValue>;
const src = () => ({ rng: new Rng(11), faker: new Faker({ locale: [en, base] }) });

// Expected strings below are what PostgreSQL 15 printed for the same input text.

test('inet prints /n only when not the full length, and keeps host bits', () => {
  assert.equal(inet.canonical(parseInet('192.168.1.77/24')), '192.168.1.77/24');
  assert.equal(inet.canonical(parseInet('10.0.0.1/32')), '10.0.0.1');
  assert.equal(inet.literal(parseInet('10.0.0.1/32', 1)), '10.0.0.1/32');
  assert.equal(inet.canonical(parseInet('::/0')), '::/0');
});

test('IPv6 compression as PostgreSQL does it', () => {
  const cases: Array<[string, string]> = [
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['0:0:0:0:1::', '::1:0:0:0'],
    ['::', '::'],
    ['::1', '::1'],
    // First five groups zero: IPv4 tail for ::ffff:x and for a six-group zero run only.
    ['::ffff:0:0', '::ffff:0.0.0.0'],
    ['::a:b', '::0.10.0.11'],
    ['::0.0.1.2', '::102'],
  ];
  for (const [input, printed] of cases) assert.equal(inet.canonical(parseInet(input)), printed, input);
  const v = parseInet('fe80::202:b3ff:fe1e:8329/64', 2);
  assert.equal(inet.literal(v), 'fe80:0000:0000:0000:0202:b3ff:fe1e:8329/64');
  assert.equal(inet.canonical(v), 'fe80::202:b3ff:fe1e:8329/64');
  assert.equal(inet.literal(parseInet('2001:db8::1', 1)), '2001:DB8::1/128');
});

test('cidr always prints /n; abbreviated input is accepted', () => {
  const v = parseInet('10.0.0.0/8', 1);
  assert.equal(cidr.literal(v), '10/8');
  assert.equal(cidr.canonical(v), '10.0.0.0/8');
  assert.equal(cidr.literal(parseInet('192.168.1.0/24', 1)), '192.168.1/24');
  assert.equal(cidr.canonical(parseInet('::1/128')), '::1/128');
  assert.equal(cidr.canonical(parseInet('10.1.2.3/32')), '10.1.2.3/32');
  assert.equal(cidr.literal(parseInet('2001:db8::/32', 1)), '2001:DB8::/32');
});

test('generated cidr values have no host bits; IPv6 never starts with a zero group', () => {
  const s = src();
  for (let i = 0; i < 2000; i++) {
    const v = cidr.generate(s, undefined);
    for (let bit = v.bits; bit < v.bytes.length * 8; bit++) assert.equal((v.bytes[bit >> 3]! >> (7 - (bit & 7))) & 1, 0);
    const w = inet.generate(s, undefined);
    if (w.family === 6) assert.ok(w.bytes[0]! !== 0 || w.bytes[1]! !== 0);
  }
  assert.ok(inet.keyable && cidr.keyable && mac.keyable);
});

test('macaddr: several input spellings, one output form', () => {
  const bytes = Uint8Array.of(0x08, 0x00, 0x2b, 0x01, 0x02, 0x03);
  const spellings = Array.from({ length: 8 }, (_, form) => mac.literal({ bytes, form }));
  assert.deepEqual(spellings, [
    '08:00:2b:01:02:03',
    '08:00:2B:01:02:03',
    '08-00-2B-01-02-03',
    '0800.2b01.0203',
    '08002b:010203',
    '08002b-010203',
    '0800-2b01-0203',
    '08002b010203',
  ]);
  for (let form = 0; form < 8; form++) assert.equal(mac.canonical({ bytes, form }), '08:00:2b:01:02:03');
  const s = src();
  for (let i = 0; i < 200; i++) assert.match(mac.canonical(mac.generate(s, undefined)), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
});
