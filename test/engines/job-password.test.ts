import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobArguments } from '../../src/engines/flink-cdc/flink-cdc-engine.js';
import { PASSWORD_VARIABLE, passwordArguments } from '../../src/engines/flink-cdc/job-password.js';
import type { PgEndpoint } from '../../src/infra/endpoints.js';

const pg: PgEndpoint = { host: 'db', port: 5432, user: 'alice', password: 'pw-secret', database: 'shop', url: '', display: '' };
const tables = [{ schema: 'app', name: 'items', key: [{ name: 'id', type: 'bigint' }] }];
const names = { slot: 'cdcsizer_x', publication: 'cdcsizer_x', jobName: 'x' };

test('the local cluster holds the password: the job is told the variable, not the password', () => {
  const args = jobArguments(pg, tables, { parallelism: 1, chunkSize: 100, sourceOptions: {}, passwordChannel: 'cluster-environment' }, names);
  assert.ok(!args.includes('pw-secret'));
  assert.ok(!args.includes('--password'));
  assert.deepEqual(args.slice(args.indexOf('--password-env'), args.indexOf('--password-env') + 2), ['--password-env', PASSWORD_VARIABLE]);
});

test('a cluster of the user\'s gets it as an argument, the only channel a jar-run request has', () => {
  const args = jobArguments(pg, tables, { parallelism: 1, chunkSize: 100, sourceOptions: {} }, names);
  assert.deepEqual(args.slice(args.indexOf('--password'), args.indexOf('--password') + 2), ['--password', 'pw-secret']);
  assert.ok(!args.includes('--password-env'));
});

test('no password (trust or peer authentication): no password argument at all', () => {
  assert.deepEqual(passwordArguments(undefined, 'program-argument'), []);
  assert.deepEqual(passwordArguments('', 'cluster-environment'), []);
  const args = jobArguments({ ...pg, password: undefined }, tables, { parallelism: 1, chunkSize: 100, sourceOptions: {}, passwordChannel: 'cluster-environment' }, names);
  assert.ok(!args.some((a) => a.startsWith('--password')));
});
