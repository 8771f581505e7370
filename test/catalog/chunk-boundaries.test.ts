import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeChunkBoundaries } from '../../src/catalog/chunk-boundaries.js';
import { existingDatabase } from '../support/existing-database.js';

// 3,000 dense keys of each type, one table analyzed (reltuples 3000) and one not (−1).
const db = existingDatabase(`
CREATE TABLE k_bigint (id bigint PRIMARY KEY);
CREATE TABLE k_integer (id integer PRIMARY KEY);
CREATE TABLE k_numeric (id numeric(12,0) PRIMARY KEY);
CREATE TABLE k_smallint (id smallint PRIMARY KEY);
CREATE TABLE k_real (id real PRIMARY KEY);
CREATE TABLE k_double (id double precision PRIMARY KEY);
CREATE TABLE k_sparse (id bigint PRIMARY KEY);
INSERT INTO k_bigint SELECT generate_series(1, 3000);
INSERT INTO k_integer SELECT generate_series(1, 3000);
INSERT INTO k_numeric SELECT generate_series(1, 3000);
INSERT INTO k_smallint SELECT generate_series(1, 3000);
INSERT INTO k_real SELECT generate_series(1, 3000);
INSERT INTO k_double SELECT generate_series(1, 3000);
INSERT INTO k_sparse SELECT g * 1001 FROM generate_series(1, 3000) g;
`);

const probe = async (table: string, type: string, rows = 3000, chunkSize = 1000) => {
  const p = await probeChunkBoundaries(db.admin, { schema: 'public', name: table, column: { name: 'id', type }, rows }, chunkSize);
  return [p.method, p.chunks];
};

test('integer, bigint and numeric keys spread evenly are cut arithmetically: ⌊(max − min) / step⌋ + 1 chunks', async () => {
  assert.deepEqual(await probe('k_bigint', 'bigint'), ['even', 3]);
  assert.deepEqual(await probe('k_integer', 'integer'), ['even', 3]);
  assert.deepEqual(await probe('k_numeric', 'numeric(12,0)'), ['even', 3]);
  // Step 999 (factor 0.999 × 1000): boundaries at 1000, 1999 and 2998, then the open end.
  assert.deepEqual(await probe('k_bigint', 'bigint', 3003), ['even', 4]);
  // One chunk-size or fewer rows by the statistics: one chunk, whatever the spread.
  assert.deepEqual(await probe('k_bigint', 'bigint', 1000), ['even', 1]);
});

test('smallint, real and double precision keys are walked, as the connector walks them: ⌈(keys − 1) / (chunk − 1)⌉ chunks', async () => {
  // Each walked chunk holds the chunk-size − 1 keys before its boundary: ⌈2999 / 999⌉ = 4.
  assert.deepEqual(await probe('k_smallint', 'smallint'), ['uneven', 4]);
  assert.deepEqual(await probe('k_real', 'real'), ['uneven', 4]);
  assert.deepEqual(await probe('k_double', 'double precision'), ['uneven', 4]);
});

test('keys spread past the factor bound (1000) or a table without statistics: walked', async () => {
  // (3,003,000 − 1001 + 1) / 3000 ≈ 1000.7 > 1000.
  assert.deepEqual(await probe('k_sparse', 'bigint'), ['uneven', 4]);
  assert.deepEqual(await probe('k_bigint', 'bigint', -1), ['uneven', 4]);
  assert.deepEqual(await probe('k_bigint', 'bigint', 0), ['uneven', 4]);
});
