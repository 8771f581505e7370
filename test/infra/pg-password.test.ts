import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pgEndpointFromUrl } from '../../src/infra/endpoints.js';
import { passwordFromLines, resolvePassword } from '../../src/infra/pg-password.js';

const at = { host: 'db.example', port: 5433, database: 'shop', user: 'alice' };
const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-pgpass-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function passFile(name: string, text: string, mode = 0o600): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

test('the URL\'s password first, then PGPASSWORD, then the password file', () => {
  const file = passFile('order', 'db.example:5433:shop:alice:from-file\n');
  assert.deepEqual(resolvePassword('from-url', at, { PGPASSWORD: 'from-env', PGPASSFILE: file }), { password: 'from-url', source: 'url' });
  assert.deepEqual(resolvePassword(undefined, at, { PGPASSWORD: 'from-env', PGPASSFILE: file }), { password: 'from-env', source: 'PGPASSWORD' });
  assert.deepEqual(resolvePassword(undefined, at, { PGPASSWORD: '', PGPASSFILE: file }), { password: 'from-file', source: 'pgpass' });
  assert.deepEqual(resolvePassword(undefined, at, { PGPASSFILE: path.join(dir, 'absent') }), {});
});

test('without PGPASSFILE the file is ~/.pgpass', () => {
  passFile('.pgpass', '*:*:*:alice:home-file\n');
  assert.deepEqual(resolvePassword(undefined, at, { HOME: dir }), { password: 'home-file', source: 'pgpass' });
});

test('a password file readable by group or others is not read, as libpq does, and the reason is kept', () => {
  const file = passFile('open', 'db.example:5433:shop:alice:secret\n', 0o644);
  const r = resolvePassword(undefined, at, { PGPASSFILE: file });
  assert.equal(r.password, undefined);
  assert.match(r.ignoredFile!, /group or world access and was not read \(chmod 0600 /);
  assert.match(resolvePassword(undefined, at, { PGPASSFILE: dir }).ignoredFile!, /not a plain file/);
});

test('the first matching line wins; * matches any field; comments and short lines are skipped', () => {
  const text = ['# db.example:5433:shop:alice:commented', 'other:5433:shop:alice:wrong-host', 'db.example:5432:shop:alice:wrong-port', 'db.example:5433', 'db.example:*:shop:*:star', 'db.example:5433:shop:alice:later'].join('\n');
  assert.equal(passwordFromLines(text, at), 'star');
  assert.equal(passwordFromLines('*:*:*:*:any\r\n', at), 'any');
  assert.equal(passwordFromLines('*:*:other:*:x', at), undefined);
});

test('\\: and \\\\ stand for : and \\ in every field; \\* is a literal star; an unescaped colon ends the password', () => {
  const colon = { ...at, host: 'h:x', user: 'a\\b' };
  assert.equal(passwordFromLines('h\\:x:5433:shop:a\\\\b:p\\:w\\\\d', colon), 'p:w\\d');
  assert.equal(passwordFromLines('\\*:5433:shop:alice:literal', at), undefined);
  assert.equal(passwordFromLines('\\*:5433:shop:alice:literal', { ...at, host: '*' }), 'literal');
  assert.equal(passwordFromLines('*:*:*:*:pass:trailing', at), 'pass');
});

test('a --pg-url without a password gets it from PGPASSWORD; its display never shows one', () => {
  const saved = process.env.PGPASSWORD;
  process.env.PGPASSWORD = 'env-secret';
  try {
    const e = pgEndpointFromUrl('postgres://alice@db.example:5433/shop');
    assert.equal(e.password, 'env-secret');
    assert.equal(e.passwordSource, 'PGPASSWORD');
    assert.doesNotMatch(e.display, /env-secret/);
    const withUrl = pgEndpointFromUrl('postgres://alice:p%40ss@db.example:5433/shop');
    assert.equal(withUrl.password, 'p@ss');
    assert.equal(withUrl.passwordSource, 'url');
  } finally {
    if (saved === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = saved;
  }
});
