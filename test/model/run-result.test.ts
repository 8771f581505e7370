import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runResultJsonSchema, runResultSchema } from '../../src/model/run-result.js';

test('the committed JSON Schema is the one the zod schema generates (npm run schema)', () => {
  assert.deepEqual(JSON.parse(readFileSync('schemas/run-result.schema.json', 'utf8')), JSON.parse(JSON.stringify(runResultJsonSchema())));
});

test('the schema refuses a result of another version or kind', () => {
  const base = { schemaVersion: 1, kind: 'run', createdAt: 'x', environment: { cdcSizer: '0', postgres: '18', cores: 2, memoryBytes: 1, node: 'v20', provider: 'embedded', sink: 'discard' }, scenario: { name: 's', hash: 'h', scale: 1, tables: 0, rows: 0, diskBytes: 0 }, points: [] };
  assert.ok(runResultSchema.safeParse(base).success);
  assert.ok(!runResultSchema.safeParse({ ...base, schemaVersion: 2 }).success);
  assert.ok(!runResultSchema.safeParse({ ...base, kind: 'estimate' }).success);
});
