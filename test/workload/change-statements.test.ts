import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/scenario/rng.js';
import { deleteStatement, FreshKeys, insertStatement, updateStatement } from '../../src/workload/change-statements.js';
import type { WriteTarget } from '../../src/workload/write-target.js';

const target: WriteTarget = {
  schema: 'Sales.EU',
  name: 'order "lines"',
  key: [{ name: 'tenant', type: 'text', typmod: -1 }, { name: 'id', type: 'bigint', typmod: -1 }],
  copied: ['qty', 'body'],
  narrow: 'qty',
  wide: { column: 'body', rewrite: `"body" || ''` },
  otherUnique: [],
  counterStart: 41n,
  fresh: { column: 1, kind: 'counter' },
};

test('updates, deletes and inserts name the table quoted and find rows by the whole key, with typed parameters', () => {
  const u = updateStatement(target, ['acme', '7'], false);
  assert.equal(u.text, `UPDATE "Sales.EU"."order ""lines""" SET "qty" = "qty" WHERE "tenant" = $1::text AND "id" = $2::bigint`);
  assert.deepEqual(u.values, ['acme', '7']);
  assert.match(updateStatement(target, ['acme', '7'], true).text, /SET "qty" = "qty", "body" = "body" \|\| ''/);
  assert.equal(deleteStatement(target, ['acme', '7']).text, `DELETE FROM "Sales.EU"."order ""lines""" WHERE "tenant" = $1::text AND "id" = $2::bigint`);
  const fresh = new FreshKeys(target, new Rng(1));
  const i = insertStatement(target, ['acme', '7'], fresh.next());
  assert.deepEqual(i.key, ['acme', '42'], 'the counter starts past the table\'s max');
  assert.match(i.statement.text, /^INSERT INTO "Sales.EU"."order ""lines""" \("tenant", "id", "qty", "body"\) OVERRIDING SYSTEM VALUE SELECT \$1::text, \$2::bigint, "qty", "body" FROM .* WHERE "tenant" = \$3::text AND "id" = \$4::bigint LIMIT 1$/);
  assert.deepEqual(i.statement.values, ['acme', '42', 'acme', '7']);
});

test('a table whose only other column is the wide one rewrites just that on a wide update', () => {
  const t: WriteTarget = { ...target, narrow: 'body', copied: ['body'] };
  assert.match(updateStatement(t, ['a', '1'], true).text, /SET "body" = "body" \|\| '' WHERE/);
});

test('fresh text keys fit a varchar(n) key column; uuid keys are uuids', () => {
  const text = new FreshKeys({ ...target, key: [{ name: 'slug', type: 'character varying(10)', typmod: 14 }], fresh: { column: 0, kind: 'text' } }, new Rng(2));
  const a = text.next();
  assert.equal(a.length, 10);
  assert.notEqual(a, text.next());
  assert.match(new FreshKeys({ ...target, fresh: { column: 1, kind: 'uuid' } }, new Rng(3)).next(), /^[0-9a-f-]{36}$/);
});
