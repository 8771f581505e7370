import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkFilterMatches, excludeOption, uncapturableReason } from '../../src/catalog/connector-names.js';

// Which names Flink CDC 3.4.0 and 3.5.0 misread was found by running each printable ASCII character
// (and Unicode blanks) through the connector's own code paths, and by snapshot runs (test/cli/run-odd-names).
test('the seven names of issue 17: three the connector cannot capture, each with its reason', () => {
  assert.equal(uncapturableReason('Sales.EU', 'Order.Items'), undefined, 'a dot matches itself');
  assert.equal(uncapturableReason('public', 'ünïcødé_表'), undefined);
  assert.equal(uncapturableReason('public', 'orders'), undefined);
  assert.equal(uncapturableReason('public', 'orders2'), undefined);
  assert.match(uncapturableReason('public', 'a,b')!, /comma, where Flink CDC splits the table list/);
  assert.match(uncapturableReason('public', 'Mixed Case')!, /a space, at which Flink CDC splits a chunk's table id/);
  assert.match(uncapturableReason('public', 'price$|(usd)+')!, /holds "\$", "\|", "\(", "\)", "\+", which Flink CDC reads as a regular expression/);
});

test('the rest of what the connector misreads, and what it reads', () => {
  for (const c of ['\\', '^', '$', '|', '(', ')', '[', '{', '*', '+', '?']) assert.ok(uncapturableReason('public', `a${c}b`), c);
  for (const c of [']', '}', '-', '#', '@', ':', ';', '/', "'", '"', '`', '\u00a0']) assert.equal(uncapturableReason('public', `a${c}b`), undefined, c);
  assert.match(uncapturableReason('public', 'tab\there')!, /U\+0009/);
  assert.match(uncapturableReason('public', 'x\u3000y')!, /U\+3000/);
  assert.match(uncapturableReason('we ird', 't')!, /a space/, 'in the schema too');
  assert.match(uncapturableReason('public', '"quoted')!, /begins with "/);
  assert.match(uncapturableReason('public', "'q")!, /begins with '/);
  assert.match(uncapturableReason('public', '.x')!, /a dot begins or ends/);
  assert.match(uncapturableReason('s.', 'x')!, /a dot begins or ends/);
});

test('the way out is an --exclude a shell passes through as it stands', () => {
  assert.equal(excludeOption([{ schema: 'public', name: 'orders' }]), '--exclude public.orders');
  assert.equal(excludeOption([{ schema: 'public', name: 'a,b' }, { schema: 'public', name: 'Mixed Case' }]), `--exclude 'public."a,b",public."Mixed Case"'`);
  assert.equal(excludeOption([{ schema: 'public', name: "it's" }]), `--exclude 'public."it'\\''s"'`);
});

test('a chunk filter matches look-alikes as Java would: ASCII case folded, a dot any character but a line end', () => {
  const m = (a: string, b: string) => chunkFilterMatches({ schema: 'public', name: a }, { schema: 'public', name: b });
  assert.equal(m('orders', 'ORDERS'), true);
  assert.equal(m('orders', 'orders2'), false, 'the whole name');
  assert.equal(m('a.b', 'aXb'), true);
  assert.equal(m('a.b', 'a\nb'), false);
  assert.equal(m('ünï', 'ÜNÏ'), false, 'non-ASCII letters are not folded');
  assert.equal(m('表.x', '表yx'), true, 'a dot is one character, whatever its width');
  assert.equal(chunkFilterMatches({ schema: 'Sales.EU', name: 'Order.Items' }, { schema: 'Sales', name: 'EU.Order.Items' }), true, 'the schema part is compared too (the job\'s schema list then decides)');
});
