import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { runFlinkSnapshot } from '../../src/engines/flink-cdc/flink-cdc-engine.js';
import { FlinkRest, JobTimeLimitError } from '../../src/engines/flink-cdc/flink-rest.js';
import type { SourceTable } from '../../src/engines/source-table.js';
import { NO_RETRY, type RetryPolicy } from '../../src/engines/flink-cdc/transient-retry.js';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { InfraError } from '../../src/infra/infra-error.js';

/** Responses recorded from a real Flink 1.20.3 local cluster running the cdc-sizer job. */
const fixture = (name: string): string => readFileSync(`test/fixtures/flink-rest/${name}.json`, 'utf8');
const jobId = (JSON.parse(fixture('jars-run-cancel')) as { jobid: string }).jobid;

/** Short waits, so a test rides out an outage in milliseconds; the shape (doubling, a bound) is the real one. */
const quick: RetryPolicy = { firstDelayMs: 10, maxDelayMs: 40, giveUpAfterMs: 2000 };

type Answer = 'reset' | [number, string];

/** A local HTTP server that answers each request with the next of `answers` (the last one repeats). */
async function flinkServer(answers: Answer[]): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    const answer = answers[Math.min(n++, answers.length - 1)]!;
    if (answer === 'reset') req.socket.destroy();
    else res.writeHead(answer[0], { 'content-type': 'application/json' }).end(answer[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests: () => n, close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

test('polling a job rides out connection resets and a 503, says so once when the cluster goes and once when it is back', async () => {
  const unavailable: Answer = [503, JSON.stringify({ errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'] })];
  const flink = await flinkServer([[200, fixture('job-running-cancel')], 'reset', 'reset', unavailable, 'reset', [200, fixture('job-running-cancel')], [200, fixture('job-canceled-cancel')]]);
  try {
    const notices: string[] = [];
    const job = await new FlinkRest(flink.url).waitForEnd(jobId, { pollMs: 1, retry: quick, onNotice: (l) => notices.push(l) });
    assert.equal(job.state, 'CANCELED');
    assert.equal(flink.requests(), 7, 'every failed poll was retried');
    assert.equal(notices.length, 2, notices.join('\n'));
    assert.match(notices[0]!, new RegExp(`^Flink at ${flink.url} did not answer a poll of job ${jobId} \\(.+\\); retrying for up to 2 s$`));
    assert.match(notices[1]!, new RegExp(`^Flink at ${flink.url} answers again after \\d+ s; job ${jobId} is still watched$`));
  } finally {
    await flink.close();
  }
});

test('a cluster that stays unreachable beyond the bound fails the run: an InfraError naming the URL and the job', async () => {
  // A port nobody listens on: connection refused, every time.
  const gone = await flinkServer([]);
  await gone.close();
  const notices: string[] = [];
  const started = Date.now();
  const err = await new FlinkRest(gone.url).waitForEnd(jobId, { retry: { ...quick, giveUpAfterMs: 150 }, onNotice: (l) => notices.push(l) }).catch((e: unknown) => e);
  assert.ok(err instanceof InfraError, String(err));
  assert.match((err as Error).message, new RegExp(`^Flink's REST API at ${gone.url} did not answer for \\d+ s while job ${jobId} ran \\(ECONNREFUSED\\)`));
  assert.match((err as Error).message, new RegExp(`curl -X PATCH '${gone.url}/jobs/${jobId}\\?mode=cancel'`));
  assert.ok(Date.now() - started >= 150, 'it kept trying until the bound');
  assert.equal(notices.length, 1, 'the outage is said once, not once per attempt');
});

test('the counts read after the job ended ride out an outage too; teardown (NO_RETRY) tries once', async () => {
  const flink = await flinkServer(['reset', [502, 'Bad Gateway'], [200, fixture('job-accumulators-canceled-cancel')]]);
  try {
    const notices: string[] = [];
    const acc = await new FlinkRest(flink.url).accumulators(jobId, { retry: quick, onNotice: (l) => notices.push(l) });
    assert.ok(acc.some((a) => a.name === 'records:public.measurements'));
    assert.equal(notices.length, 2);
  } finally {
    await flink.close();
  }
  const gone = await flinkServer([]);
  await gone.close();
  const started = Date.now();
  await assert.rejects(new FlinkRest(gone.url).waitForEnd(jobId, { retry: NO_RETRY }), InfraError);
  assert.ok(Date.now() - started < 1000, 'Ctrl-C must end soon');
});

test('a 404 is an answer, not an outage: it is not retried', async () => {
  const notFound: Answer = [404, JSON.stringify({ errors: ['Job could not be found.'] })];
  const flink = await flinkServer([notFound]);
  try {
    await assert.rejects(new FlinkRest(flink.url).waitForEnd(jobId, { retry: quick }), /answered 404: Job could not be found/);
    assert.equal(flink.requests(), 1);
  } finally {
    await flink.close();
  }
});

test('no bound by default; with one, a JobTimeLimitError once the job runs past it', async () => {
  const flink = await flinkServer([[200, fixture('job-running-cancel')]]);
  try {
    const err = await new FlinkRest(flink.url).waitForEnd(jobId, { pollMs: 5, timeoutMs: 60 }).catch((e: unknown) => e);
    assert.ok(err instanceof JobTimeLimitError && err.state === 'RUNNING' && err.limitMs === 60, String(err));
    assert.ok(!(err instanceof InfraError), 'a job past its bound is not an environment failure');
  } finally {
    await flink.close();
  }
  const src = readFileSync('src/engines/flink-cdc/flink-rest.ts', 'utf8');
  assert.doesNotMatch(src, /3600_000|6 \* 3600/, 'no hidden cap on how long a job may run');
});

test('a snapshot past maxJobMs is cancelled and comes back stopped, with what it had read, not failed', async () => {
  let cancelled = false;
  const asked: string[] = [];
  const impl = (async (url: string | URL, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${new URL(String(url)).pathname}${new URL(String(url)).search}`;
    asked.push(route);
    const answer: Record<string, string> = {
      'POST /jars/j.jar/run': fixture('jars-run-cancel'),
      [`GET /jobs/${jobId}`]: fixture(cancelled ? 'job-canceled-cancel' : 'job-running-cancel'),
      [`PATCH /jobs/${jobId}?mode=cancel`]: fixture('job-cancel-202'),
      [`GET /jobs/${jobId}/accumulators`]: fixture('job-accumulators-canceled-cancel'),
    };
    if (route === `PATCH /jobs/${jobId}?mode=cancel`) cancelled = true;
    const body = answer[route];
    return body === undefined ? new Response(JSON.stringify({ errors: ['not recorded'] }), { status: 404 }) : new Response(body, { status: 200 });
  }) as typeof fetch;
  const pg: PgEndpoint = { host: 'h', port: 5432, database: 'd', user: 'u', password: 'p', url: 'postgres://u:p@h:5432/d', display: 'postgres://u:*****@h:5432/d' };
  const tables: SourceTable[] = [{ schema: 'public', name: 'misc_1', key: [{ name: 'id', type: 'bigint' }] }];
  const r = await runFlinkSnapshot(new FlinkRest('http://flink:8081', impl), 'j.jar', pg, tables, { parallelism: 1, chunkSize: 8096, sourceOptions: {}, maxJobMs: 200 }, { slot: 's', publication: 's', jobName: 'j' });
  assert.equal(r.stoppedAtLimit, true);
  assert.equal(r.state, 'CANCELED');
  assert.equal(r.failure, undefined, 'the bound ended it, not the connector');
  assert.ok(r.wallSeconds >= 0.2 && r.wallSeconds < 5, `wall ${r.wallSeconds}`);
  assert.ok(r.records > 0, 'what the job read before it was stopped is kept');
  assert.ok(asked.includes(`PATCH /jobs/${jobId}?mode=cancel`));
  assert.ok(!asked.some((a) => a.endsWith('/exceptions')), 'a cancelled job has no root cause to read');
});

test('a partial read (stopAfterChunks) is cancelled once the enumerator has handed out more chunks, and comes back stopped as asked, not failed', async () => {
  let cancelled = false;
  const metric = 'Source__postgres-cdc_snapshot_cdcsizer_proto.coordinator.enumerator.numSnapshotSplitsProcessed';
  const impl = (async (url: string | URL, init?: RequestInit) => {
    const u = new URL(String(url));
    const route = `${init?.method ?? 'GET'} ${u.pathname}${u.search}`;
    if (route === `PATCH /jobs/${jobId}?mode=cancel`) cancelled = true;
    const body = route.includes('/jm-operator-metrics')
      ? JSON.stringify(u.search ? [{ id: metric, value: '5' }] : [{ id: metric }])
      : ({
          'POST /jars/j.jar/run': fixture('jars-run-cancel'),
          [`GET /jobs/${jobId}`]: fixture(cancelled ? 'job-canceled-cancel' : 'job-running-cancel'),
          [`PATCH /jobs/${jobId}?mode=cancel`]: fixture('job-cancel-202'),
          [`GET /jobs/${jobId}/accumulators`]: fixture('job-accumulators-canceled-cancel'),
        } as Record<string, string>)[route];
    return body === undefined ? new Response(JSON.stringify({ errors: ['not recorded'] }), { status: 404 }) : new Response(body, { status: 200 });
  }) as typeof fetch;
  const pg: PgEndpoint = { host: 'h', port: 5432, database: 'd', user: 'u', password: 'p', url: 'postgres://u:p@h:5432/d', display: 'postgres://u:*****@h:5432/d' };
  const tables: SourceTable[] = [{ schema: 'public', name: 'misc_1', key: [{ name: 'id', type: 'bigint' }] }];
  const run = (stopAfterChunks: number) => runFlinkSnapshot(new FlinkRest('http://flink:8081', impl), 'j.jar', pg, tables, { parallelism: 1, chunkSize: 8096, sourceOptions: {}, stopAfterChunks, maxJobMs: 30_000 }, { slot: 's', publication: 's', jobName: 'j' });
  const r = await run(3);
  assert.equal(cancelled, true);
  assert.equal(r.stoppedAfterChunks, true);
  assert.equal(r.stoppedAtLimit, undefined, 'not --max-job-time');
  assert.equal(r.state, 'CANCELED');
  assert.equal(r.failure, undefined);
  assert.ok(r.records > 0, 'what the job read before it was stopped is kept');
});
