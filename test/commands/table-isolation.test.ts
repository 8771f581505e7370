import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectorSample, type ConnectorJobs, type GridRun } from '../../src/commands/measure-grid.js';
import type { FlinkSession } from '../../src/commands/flink-session.js';
import { isolateTables, MAX_PROBES, type ProbeOutcome } from '../../src/commands/table-isolation.js';
import type { SourceTable } from '../../src/engines/source-table.js';
import { FidelityTally } from '../../src/fidelity/fidelity-tally.js';
import type { Endpoints } from '../../src/infra/endpoints.js';
import type { RunPoint, RunSample } from '../../src/model/run-result.js';

const tables = (n: number): SourceTable[] => Array.from({ length: n }, (_, i) => ({ schema: 's', name: `t${String(i).padStart(2, '0')}`, key: [{ name: 'id', type: 'bigint' }] }));
const id = (t: SourceTable) => `${t.schema}.${t.name}`;

/** A failure no subset reproduces: any two tables together fail, each alone reads. */
const failsTogether = async (set: SourceTable[]): Promise<ProbeOutcome> => (set.length > 1 ? { failure: 'java.io.IOException: Stream closed' } : { read: true });

test('isolation finds the tables that fail alone, and clears the rest', async () => {
  const bad = new Set(['s.t03', 's.t11']);
  const probe = async (set: SourceTable[]): Promise<ProbeOutcome> => (set.some((t) => bad.has(id(t))) ? { failure: `cannot read ${set.find((t) => bad.has(id(t)))!.name}` } : { read: true });
  const found = await isolateTables(tables(16), probe, () => undefined);
  assert.deepEqual(found.failing.map((f) => f.table), ['s.t03', 's.t11']);
  assert.deepEqual(found.notCleared, []);
  assert.equal(found.stoppedBy, undefined);
});

test('isolation that runs out of probes says so: how many, and which tables it never cleared', async () => {
  const cleared = new Set<string>();
  const probe = async (set: SourceTable[]) => {
    const outcome = await failsTogether(set);
    if ('read' in outcome) set.forEach((t) => cleared.add(id(t)));
    return outcome;
  };
  const all = tables(40);
  const found = await isolateTables(all, probe, () => undefined);
  assert.equal(found.stoppedBy, 'probe-budget');
  assert.equal(found.probes, MAX_PROBES);
  assert.deepEqual(found.failing, []);
  assert.ok(found.notCleared.length > 0);
  assert.deepEqual(found.notCleared.sort(), all.map(id).filter((t) => !cleared.has(t)).sort(), 'not cleared = every table no probe read');
});

test('a probe stopped by --max-job-time stops the search: its tables and the unprobed are not cleared', async () => {
  const probe = async (set: SourceTable[]): Promise<ProbeOutcome> => (set.length === 4 ? { stopped: true } : { failure: 'x' });
  const found = await isolateTables(tables(8), probe, () => undefined);
  assert.equal(found.stoppedBy, 'max-job-time');
  assert.equal(found.probes, 1);
  assert.deepEqual(found.notCleared, tables(8).map(id));
});

/** A grid run whose connector jobs are fakes: the first sample fails, any later one succeeds. */
function fakeRun(n: number, probeSet: (set: SourceTable[]) => Promise<ProbeOutcome>) {
  const log: string[] = [];
  let samples = 0;
  const sample: ConnectorJobs['sample'] = async (_e, _subject, _tables, _s, repeat) => {
    const ok = samples++ > 0;
    const s: RunSample = { repeat, ok, finished: ok, ...(ok ? {} : { failure: 'java.io.IOException: Stream closed' }), wallSeconds: 10, rows: 0, bytes: 0, rowsPerSecond: 0, mbPerSecond: 0, tables: [], countMismatches: [] };
    return { sample: s, emitted: [] };
  };
  const flink = { target: () => ({ rest: undefined, jarId: 'j.jar' }), jobStarting: () => undefined, fresh: async () => undefined } as unknown as FlinkSession;
  const run: GridRun = { e: {} as Endpoints, subject: { name: 'x', schemas: ['s'], expected: new Map(), verify: async () => undefined, describe: async () => ({}) as never }, tables: tables(n), grid: [], repeat: 1, sampleRows: 0, flink, jobs: { sample, probe: async (_e, set) => probeSet(set) }, log: (l) => log.push(l) };
  const point: RunPoint = { settings: { engine: 'flink-cdc', parallelism: 2, chunkSize: 8096, sourceOptions: {}, connectorVersion: '3.5.0' }, samples: [] };
  return { run, point, log, samples: () => samples };
}

test('a failed job whose isolation ran out of probes is recorded as that, never as a transient failure', async () => {
  const { run, point, log, samples } = fakeRun(40, failsTogether);
  const s = await connectorSample(run, point.settings, 1, 'cdcsizer_x_1', new FidelityTally(0), new Map());
  assert.equal(s.ok, false);
  assert.equal(s.transientFailure, undefined, 'an unfinished search proves nothing passing');
  assert.equal(s.failure, 'java.io.IOException: Stream closed', 'the failure stays the job\'s own');
  assert.equal(s.isolationStopped?.reason, 'probe-budget');
  assert.equal(s.isolationStopped?.probes, MAX_PROBES);
  assert.ok(s.isolationStopped!.notCleared.length > 0);
  assert.equal(samples(), 1, 'the sample is not taken again as if the failure had passed');
  assert.ok(log.some((l) => new RegExp(`^  isolation stopped after ${MAX_PROBES} probes \\(the probe budget\\); tables not cleared: s\\.t`).test(l)), log.join('\n'));
  assert.ok(!log.some((l) => /every table reads on its own/.test(l)));
});

test('a failed job whose tables all read on their own is taken again, and the passing failure is recorded', async () => {
  const { run, point, samples } = fakeRun(4, failsTogether);
  const s = await connectorSample(run, point.settings, 1, 'cdcsizer_x_1', new FidelityTally(0), new Map());
  assert.equal(s.ok, true);
  assert.equal(s.transientFailure, 'java.io.IOException: Stream closed');
  assert.equal(s.isolationStopped, undefined);
  assert.equal(samples(), 2);
});

test('a job stopped by --max-job-time is not searched for unreadable tables', async () => {
  const { run, point } = fakeRun(4, async () => assert.fail('no probe for a job that was stopped'));
  run.jobs!.sample = async (_e, _subject, _tables, _s, repeat) => ({ sample: { repeat, ok: false, finished: false, stoppedBy: 'max-job-time', failure: 'stopped by --max-job-time (90m): the job was cancelled, it did not fail', wallSeconds: 5400, rows: 0, bytes: 0, rowsPerSecond: 0, mbPerSecond: 0, tables: [], countMismatches: [] }, emitted: [] });
  const s = await connectorSample(run, point.settings, 1, 'cdcsizer_x_1', new FidelityTally(0), new Map());
  assert.equal(s.stoppedBy, 'max-job-time');
  assert.equal(s.transientFailure, undefined);
});
