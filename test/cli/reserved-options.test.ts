import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';

/**
 * A source option that would redirect the run onto objects it does not own (another publication,
 * another slot, another connection) is refused before anything starts: one line, exit 2, nothing
 * generated, no server or Flink started, nothing created or altered on the source.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-reserved-'));
const stateDir = path.join(dir, 'state');
const cli = cliRunner(stateDir);
after(() => rmSync(dir, { recursive: true, force: true }));

// A user's publication of one table: the connector would rewrite it with ALTER PUBLICATION … SET TABLE.
const db = existingDatabase(`CREATE SCHEMA app;
CREATE TABLE app.a (id integer PRIMARY KEY); CREATE TABLE app.b (id integer PRIMARY KEY);
INSERT INTO app.a SELECT generate_series(1, 100); INSERT INTO app.b SELECT generate_series(1, 100);
CREATE PUBLICATION users_pub FOR TABLE app.a`);

const publishedBy = async (pub: string) => (await db.admin.query<{ t: string }>('SELECT schemaname || \'.\' || tablename AS t FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1', [pub])).rows.map((r) => r.t);

test('run --pg-url … --source-option debezium.publication.name=users_pub: one line, exit 2, the user\'s publication untouched, nothing created', async () => {
  const before = await footprint(db.admin);
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.*', '--source-option', 'debezium.publication.name=users_pub');
  assertOneLine(r, 2, /^cdc-sizer: --source-option debezium\.publication\.name cannot be set: the run names its own publication .*ALTER PUBLICATION/);
  assert.equal(r.stdout, '');
  assert.deepEqual(await footprint(db.admin), before);
  assert.deepEqual(await publishedBy('users_pub'), ['app.a']);
});

test('each spelling and each flag is refused the same way, before a scenario is generated or a server started', () => {
  for (const args of [
    ['--source-option', 'slot.name=users_slot'],
    ['--source-option', 'debezium.slot.name=users_slot'],
    ['--option-set', 'debezium.poll.interval.ms=50,debezium.publication.autocreate.mode=all_tables'],
    ['--option-set', 'scan.startup.mode=initial'],
    ['--source-option', 'debezium.database.hostname=elsewhere'],
    ['--source-option', 'debezium.table.include.list=app.secret'],
  ]) {
    const key = args[1]!.split(',').at(-1)!.split('=')[0]!;
    assertOneLine(cli('run', 'scenarios/smoke.yaml', ...args), 2, new RegExp(`^cdc-sizer: ${args[0]} ${key.replace(/\./g, '\\.')} cannot be set: `));
  }
  assert.equal(existsSync(stateDir), false, 'no embedded server was started (its state folder was never made)');
});
