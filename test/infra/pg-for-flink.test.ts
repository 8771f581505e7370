import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoints, PgEndpoint } from '../../src/infra/endpoints.js';
import { pgForFlink } from '../../src/infra/endpoints.js';
import { jobArguments } from '../../src/engines/flink-cdc/flink-cdc-engine.js';

const pg: PgEndpoint = { host: '127.0.0.1', port: 32806, socketDir: '/tmp/sock', user: 'postgres', password: 'pw', database: 'cdcsizer', url: 'postgres://…', display: 'postgres://…' };
const endpoints = (over: Partial<Endpoints>): Endpoints => ({ provider: 'testcontainers', pg, release: async () => undefined, ...over });

test('the job reaches the source at pgFromFlink (a container network alias) when the provider gives one, and at pg otherwise', () => {
  const inContainers = pgForFlink(endpoints({ pgFromFlink: { host: 'postgres', port: 5432 } }));
  assert.equal(inContainers.host, 'postgres');
  assert.equal(inContainers.port, 5432);
  assert.equal(inContainers.socketDir, undefined, 'a socket on this machine is not the job\'s');
  assert.equal(inContainers.database, 'cdcsizer');
  assert.equal(pgForFlink(endpoints({ provider: 'embedded' })), pg);
  const args = jobArguments(inContainers, [{ schema: 'public', name: 't', key: [] }], { parallelism: 1, chunkSize: 8096, sourceOptions: {} }, { slot: 's', publication: 'p', jobName: 'j' });
  assert.deepEqual(args.slice(0, 4), ['--hostname', 'postgres', '--port', '5432']);
});
