import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintable, fingerprintHex, keyHash, KeyFingerprint } from '../../src/verify/key-fingerprint.js';
import { judgeTables, failureLine } from '../../src/verify/table-verdicts.js';

const hex = ([lo, hi]: [number, number]) => fingerprintHex((BigInt(hi) << 32n) | BigInt(lo));

/** The same hash in BigInt arithmetic, straight from the definition, as the Java job computes it. */
function reference(texts: string[]): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(texts.join('\u001f'), 'utf8')) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h;
}

test('FNV-1a 64 matches the published test vectors', () => {
  assert.equal(hex(keyHash([''])), 'cbf29ce484222325');
  assert.equal(hex(keyHash(['a'])), 'af63dc4c8601ec8c');
  assert.equal(hex(keyHash(['foobar'])), '85944171f73967e8');
});

test('key texts are joined by U+001F and encoded as UTF-8 (multi-byte and astral characters too)', () => {
  for (const texts of [['1', '2'], ['ü', 'ß€'], ['😀x'], ['-9223372036854775808'], ['0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b']]) {
    assert.equal(hex(keyHash(texts)), fingerprintHex(reference(texts)), texts.join('|'));
  }
  assert.notEqual(hex(keyHash(['1', '23'])), hex(keyHash(['12', '3'])));
});

test('the fingerprint is a sum mod 2^64: order-independent, and a lost plus a duplicated row changes it', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => [String(i * 7919)]);
  const forward = new KeyFingerprint();
  const backward = new KeyFingerprint();
  keys.forEach((k) => forward.add(k));
  [...keys].reverse().forEach((k) => backward.add(k));
  assert.equal(forward.value(), backward.value());
  const expected = keys.reduce((a, k) => BigInt.asUintN(64, a + reference(k)), 0n);
  assert.equal(forward.value(), expected);
  const damaged = new KeyFingerprint();
  [...keys.slice(1), keys[2]!].forEach((k) => damaged.add(k));
  assert.notEqual(damaged.value(), forward.value());
});

test('only integer, text, varchar and uuid keys are fingerprinted', () => {
  assert.deepEqual(['bigint', 'integer', 'smallint', 'text', 'uuid', 'character varying(40)', 'character varying'].filter(fingerprintable).length, 7);
  assert.deepEqual(['numeric', 'date', 'character(8)', 'timestamp with time zone', 'my_domain'].filter(fingerprintable), []);
});

test('verdicts: a count mismatch, a fingerprint mismatch with equal counts, a missing table, a changed table not judged', () => {
  const expected = new Map([
    ['s.a', { rows: 3, keyFingerprint: '00000000000000aa' }],
    ['s.b', { rows: 2, keyFingerprint: '00000000000000bb' }],
    ['s.c', { rows: 1 }],
    ['s.d', { rows: 4 }],
  ]);
  const v = judgeTables(expected, [{ table: 's.a', rows: 3, keyFingerprint: '00000000000000aa' }, { table: 's.b', rows: 2, keyFingerprint: '00000000000000bc' }, { table: 's.d', rows: 9 }], new Set(['s.d']));
  assert.deepEqual(v.countMismatches, [{ table: 's.c', expected: 1, actual: 0 }]);
  assert.deepEqual(v.fingerprintMismatches, [{ table: 's.b', expected: '00000000000000bb', actual: '00000000000000bc' }]);
  assert.deepEqual(v.unverified, ['s.d']);
  assert.match(failureLine(v)!, /^record counts differ from the source in 1 table\(s\), e\.g\. s\.c: 0 of 1$/);
  assert.match(failureLine({ ...v, countMismatches: [] })!, /key fingerprints differ .* s\.b$/);
});
