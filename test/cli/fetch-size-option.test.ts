import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { embeddedCliState } from '../support/cli.js';

/**
 * Which fetch-size option the PostgreSQL source really applies, on the connector versions built:
 * with a fetch size of 100, the chunk SELECT's portal is read 100 rows at a time, and the server
 * logs each further read as "execute fetch from". scan.snapshot.fetch.size (the builder's
 * fetchSize) reaches only JdbcSourceConfig; debezium.snapshot.fetch.size is what the reader
 * (PostgresScanFetchTask) passes to the statement. tune searches the second for that reason.
 */
const { dir, cli } = embeddedCliState('cdc-sizer-fetch-size-');

async function logStatements(on: boolean): Promise<void> {
  const meta = JSON.parse(readFileSync(path.join(dir, 'state', 'embedded-postgres.json'), 'utf8')) as { port: number; password: string };
  const c = await connectPg({ host: '127.0.0.1', port: meta.port, user: 'postgres', password: meta.password, database: 'cdcsizer', url: '', display: '' });
  await c.query(on ? "ALTER SYSTEM SET log_statement = 'all'" : 'ALTER SYSTEM RESET log_statement');
  await c.query('SELECT pg_reload_conf()');
  await c.end();
}

const logText = () => readFileSync(path.join(dir, 'state', 'postgres.log'), 'utf8');

/** Portal reads after the first of the chunk SELECTs on the scenario's tables, during one run. */
function fetchesDuring(args: string[]): number {
  const before = logText().length;
  const r = cli('run', 'scenarios/chunk-cost.yaml', '--scale', '0.1', '--parallelism', '1', '--fidelity-rows', '0', ...args);
  assert.equal(r.status, 0, r.stderr);
  return logText().slice(before).split('\n').filter((l) => /execute fetch from .*FROM "public"\."(accounts|events|sparse|texty)"/.test(l)).length;
}

test('debezium.snapshot.fetch.size is the fetch size the PostgreSQL source applies; scan.snapshot.fetch.size is ignored (3.4.0 and 3.5.0)', { timeout: 900_000 }, async () => {
  assert.equal(cli('generate', 'scenarios/chunk-cost.yaml', '--scale', '0.1').status, 0);
  await logStatements(true);
  try {
    for (const version of ['3.4.0', '3.5.0']) {
      const ignored = fetchesDuring(['--connector-version', version, '--source-option', 'scan.snapshot.fetch.size=100']);
      const applied = fetchesDuring(['--connector-version', version, '--source-option', 'debezium.snapshot.fetch.size=100']);
      // 8,000 rows in four tables read 100 at a time: at least 70 further reads; one chunk each read whole: none.
      assert.equal(ignored, 0, `${version}: scan.snapshot.fetch.size=100 split ${ignored} reads`);
      assert.ok(applied >= 70, `${version}: debezium.snapshot.fetch.size=100 gave only ${applied} further reads`);
    }
  } finally {
    await logStatements(false);
  }
});
