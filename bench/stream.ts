/**
 * bench:stream — the whole sync's figures on this machine: a sync at p = 1 and 2 under the
 * live-writes workload (snapshot, catch-up, total, WAL retained, verified), the same sync with
 * the connector creating its own publication (`--publication filtered`: the changes Flink CDC
 * 3.5.0 loses that way), the stream capacity of the connector against the stream ceiling, and
 * the ddl-during-sync scenario with Flink CDC 3.4.0 and 3.5.0 (what each DDL step did).
 * Every step goes through the CLI on the embedded server, as a user would run it.
 *
 *   npm run bench:stream -- [--scale 4] [--workload-after 10] [--step-seconds 15]
 */
import { parseArgs } from 'node:util';
import { runResultSchema, type RunResult } from '../src/model/run-result.js';
import { streamCapacityResultSchema } from '../src/model/stream-capacity.js';
import { capacityText } from '../src/commands/stream-capacity.js';
import { cli, log } from './bench-cli.js';

const { values: args } = parseArgs({ options: { scale: { type: 'string', default: '4' }, 'workload-after': { type: 'string', default: '10' }, 'step-seconds': { type: 'string', default: '15' } } });
function syncLines(label: string, r: RunResult): string[] {
  return r.points.flatMap((p) =>
    p.samples.map((s) => {
      const x = s.sync!;
      const lost = x.tables.reduce((a, t) => a + Math.max(0, t.committedAfterSnapshot.insert - t.delivered.insert), 0);
      return `${label} p=${p.settings.parallelism}: snapshot ${x.snapshotSeconds?.toFixed(1)} s, catch-up ${x.catchUpSeconds?.toFixed(1)} s, total ${x.totalSeconds?.toFixed(1)} s; workload ${Math.round(x.workload?.achievedPerSecond ?? 0)} of ${Math.round(x.workload?.targetPerSecond ?? 0)} changes/s; catch-up ${Math.round(x.catchUpChangesPerSecond ?? 0)} changes/s; peak WAL retained ${(x.walRetainedPeakBytes / 1e6).toFixed(1)} MB${x.walProjectedBytes !== undefined ? ` of ${(x.walProjectedBytes / 1e6).toFixed(1)} MB projected (${Math.round((100 * x.walRetainedPeakBytes) / x.walProjectedBytes)} %)` : ''}; ${x.verification.ok ? 'verified' : `NOT verified: ${x.verification.problems.length} problems, first: ${x.verification.problems[0]}`}${lost ? ` (${lost} inserts after the snapshot never arrived)` : ''}`;
    }),
  );
}

function ddlLines(r: RunResult): string[] {
  const version = r.points[0]!.settings.connectorVersion;
  const s = r.points[0]!.samples[0]!;
  return (s.sync?.ddl ?? []).map((d) => `Flink CDC ${version} ddl step ${d.step} (${d.at}) ${d.action} ${d.table}: job ${d.jobSurvived === undefined ? 'had ended' : d.jobSurvived ? 'survived' : 'FAILED'}, changes after ${d.changesAfter}; ${d.delivered}`);
}

async function main(): Promise<void> {
  const sync = ['run', 'scenarios/live-writes.yaml', '--scale', args.scale!, '--until', 'caught-up', '--parallelism', '1,2', '--workload-after', args['workload-after']!, '--fidelity-rows', '0', '--json'];
  const precreated = runResultSchema.parse(JSON.parse((await cli(sync, [0, 1])).out));
  const filtered = runResultSchema.parse(JSON.parse((await cli([...sync, '--publication', 'filtered'], [0, 1])).out));
  const capacity = streamCapacityResultSchema.parse(JSON.parse((await cli(['stream-capacity', 'scenarios/live-writes.yaml', '--scale', args.scale!, '--step-seconds', args['step-seconds']!, '--json'])).out));
  const ddl = [];
  for (const version of ['3.4.0', '3.5.0']) ddl.push(runResultSchema.parse(JSON.parse((await cli(['run', 'scenarios/ddl-during-sync.yaml', '--until', 'caught-up', '--parallelism', '1', '--workload-after', '5', '--connector-version', version, '--fidelity-rows', '0', '--json'], [0, 1])).out)));
  process.stdout.write([...syncLines('publication precreated', precreated), ...syncLines('publication filtered', filtered), capacityText(capacity), ...ddl.flatMap((r) => [...syncLines(`ddl-during-sync ${r.points[0]!.settings.connectorVersion}`, r), ...ddlLines(r)])].join('\n') + '\n');
}

main().catch((err: unknown) => {
  log(`bench:stream: ${(err as Error).message}`);
  process.exit(1);
});
