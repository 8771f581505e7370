import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskQueryLiterals } from '../../src/observe/query-literals.js';
import { tablesBeingRead } from '../../src/observe/activity-sampler.js';

test('constants become ?, identifiers and parameters stay', () => {
  assert.equal(maskQueryLiterals(`UPDATE app.users SET email = 'jane@example.com', score = 42.5 WHERE id = 7`), 'UPDATE app.users SET email = ?, score = ? WHERE id = ?');
  assert.equal(maskQueryLiterals(`SELECT * FROM "public"."t 1" WHERE "col2" >= $1 AND c3 <= $2`), `SELECT * FROM "public"."t 1" WHERE "col2" >= $1 AND c3 <= $2`);
  assert.equal(maskQueryLiterals(`INSERT INTO t2 VALUES (-1e-3, .5, 'it''s', E'a\\'b', $$dollar$$, $x$tagged$x$)`), 'INSERT INTO t2 VALUES (-?, ?, ?, ?, ?, ?)');
  assert.equal(maskQueryLiterals(`SELECT B'1010', X'ff', U&'d\\0061t', N'x', '2024-01-01'::date`), 'SELECT ?, ?, ?, ?, ?::date');
  assert.equal(maskQueryLiterals(`SELECT 'cut in the middle of a sec`), 'SELECT ?', 'a string cut by the 200-character limit is masked to its end');
  assert.equal(maskQueryLiterals(`SELECT "a""b", x FROM t`), `SELECT "a""b", x FROM t`);
});

test('the connector\'s chunk reads are still told apart after masking', () => {
  const query = maskQueryLiterals(`SELECT * FROM "app"."orders" WHERE "id" >= $1 AND NOT ("id" = $2) AND "id" <= $3`);
  assert.deepEqual(tablesBeingRead([{ pid: 1, application: 'x', backendType: 'client backend', state: 'active', waitEvent: null, query }]), ['app.orders']);
});
