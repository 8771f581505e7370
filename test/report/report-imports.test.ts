import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

test('report/ renders results only: nothing in it imports from datagen/ or engines/', () => {
  const offending = files('src/report').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${f}: ${m[1]}`)).filter((line) => /\/(datagen|engines)\//.test(line));
  assert.deepEqual(offending, []);
});
