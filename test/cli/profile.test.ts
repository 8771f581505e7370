import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { catalogSchema } from '../../src/catalog/catalog.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-cli-profile-'));
const cli = cliRunner(path.join(dir, 'state'));

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
before(async () => {
  pg = await startTestPostgres();
  const c = await connectPg(pg.server.pg);
  await c.query(`
    CREATE SCHEMA app;
    CREATE TABLE app.orders (id bigint PRIMARY KEY, note text, total numeric(12,2));
    INSERT INTO app.orders SELECT g, 'n' || g, g FROM generate_series(1, 3000) g;
    CREATE TABLE app.events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), at timestamptz) PARTITION BY HASH (id);
    CREATE TABLE app.events_0 PARTITION OF app.events FOR VALUES WITH (MODULUS 2, REMAINDER 0);
    CREATE TABLE app.events_1 PARTITION OF app.events FOR VALUES WITH (MODULUS 2, REMAINDER 1);
    INSERT INTO app.events (at) SELECT now() FROM generate_series(1, 500);
    CREATE TABLE app.log (msg text);
    ANALYZE;`);
  await c.end();
});
after(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('profile writes catalog.json and a scenario that validates, prints a summary, never the password', () => {
  const out = path.join(dir, 'catalog.json');
  const scenario = path.join(dir, 'shape.yaml');
  const r = cli('profile', '--pg-url', pg.server.pg.url, '--schemas', 'app', '--sample-seconds', '1', '--out', out, '--emit-scenario', scenario, '--scale', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /PostgreSQL \d+/);
  assert.match(r.stdout, /wal_level=logical/);
  assert.match(r.stdout, /cores unknown/);
  assert.match(r.stdout, /app\.events \(2 partitions\)/);
  assert.match(r.stdout, /│ 3,000\s+│/);
  assert.match(r.stdout, /1 table has no primary key/);
  assert.match(r.stdout, new RegExp(`catalog: ${out}\\nscenario: ${scenario}`));
  const catalog = catalogSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  assert.equal(catalog.tables.length, 5);
  assert.deepEqual(catalog.schemas, ['app']);
  const password = pg.server.pg.password!;
  for (const text of [r.stdout, r.stderr, readFileSync(out, 'utf8'), readFileSync(scenario, 'utf8')]) assert.ok(!text.includes(password), 'password printed');

  const v = cli('validate', scenario, '--json');
  assert.equal(v.status, 0, v.stderr);
  const summary = JSON.parse(v.stdout) as { tables: number; rows: number };
  assert.equal(summary.tables, 3);
  assert.equal(summary.rows, (3000 + 500 + 0) * 2);
});

test('--json prints the catalog to stdout', () => {
  const r = cli('profile', '--pg-url', pg.server.pg.url, '--sample-seconds', '0.2', '--out', path.join(dir, 'c2.json'), '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(catalogSchema.parse(JSON.parse(r.stdout)).kind, 'catalog');
});

test('an unreachable server: one line, exit 3; a bad URL: one line, exit 2', () => {
  assertOneLine(cli('profile', '--pg-url', 'postgres://someone:hunter2@127.0.0.1:9/db', '--sample-seconds', '1'), 3, /cannot reach PostgreSQL at 127\.0\.0\.1:9: connection refused/);
  const r = cli('profile', '--pg-url', 'not a url');
  assertOneLine(r, 2, /--pg-url is not a URL/);
  const e = pg.server.pg;
  const wrong = cli('profile', '--pg-url', `postgres://${e.user}:wrong-secret@${e.host}:${e.port}/${e.database}`);
  assertOneLine(wrong, 3, /rejected the password/);
  assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-secret/);
});

test('usage mistakes: one line, exit 2', () => {
  assertOneLine(cli('profile', '--pg-url', pg.server.pg.url, '--scale', '2'), 2, /--scale applies to the emitted scenario; add --emit-scenario FILE/);
  assertOneLine(cli('profile', '--pg-url', pg.server.pg.url, '--schemas', 'app,nope'), 2, /--schemas: no schema "nope" in database "cdcsizer"; it has app, public/);
  assertOneLine(cli('profile', '--pg-url', pg.server.pg.url, '--sample-seconds', '0'), 2, /--sample-seconds.*positive number/);
  assertOneLine(cli('profile'), 2, /required option '--pg-url <url>'/);
});
