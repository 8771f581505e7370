import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FLINK_MODULE } from '../../src/infra/flink/maven-build.js';
import { pipelineCdcType } from '../../src/targets/starrocks/cdc-types.js';
import { PIPELINE_VERSIONS, starRocksRule } from '../../src/targets/starrocks/pipeline-versions.js';
import { pipelineStarRocksType } from '../../src/targets/starrocks/sink-types.js';
import type { SourceColumn } from '../../src/targets/starrocks/source-column.js';

/**
 * The rule table against the real connector: every Flink CDC type the PostgreSQL rules produce, as a
 * key and as a column, goes through StarRocksUtils.toStarRocksDataType of the StarRocks pipeline sink
 * jar on Maven Central (flink-job/starrocks-rules-check), and the StarRocks type it builds (or its
 * failure) must be the one the table says.
 */
const MODULE = path.join(FLINK_MODULE, 'starrocks-rules-check');

const numericMod = (p: number, s: number) => ((p << 16) | s) + 4;
const col = (typname: string, extra: Partial<SourceColumn> = {}): SourceColumn => ({ table: 't', name: 'c', declared: typname, typname, typtype: 'b', typmod: -1, key: false, notNull: false, ...extra });

/** One column of every type family the rules know, several modifiers where they matter. */
const CORPUS: SourceColumn[] = [
  col('bool'), col('bit', { typmod: 1 }), col('bit', { typmod: 12 }), col('varbit'), col('bytea'),
  col('int2'), col('int4'), col('int8'), col('oid'), col('interval'), col('float4'), col('float8'),
  col('numeric'), col('numeric', { typmod: numericMod(12, 2) }), col('numeric', { typmod: numericMod(5, 0) }), col('numeric', { typmod: numericMod(38, 38) }), col('numeric', { typmod: numericMod(60, 20) }),
  col('money'), col('char'), col('bpchar', { typmod: 5 }), col('bpchar', { typmod: 89 }), col('bpchar', { typmod: 90 }), col('varchar', { typmod: 44 }), col('varchar'),
  col('text'), col('uuid'), col('json'), col('jsonb'), col('xml'), col('inet'), col('hstore'), col('int4range', { typtype: 'r' }),
  col('timestamp'), col('timestamp', { typmod: 0 }), col('timestamp', { typmod: 3 }), col('timestamptz'), col('time'), col('time', { typmod: 0 }), col('date'),
  col('mood', { typtype: 'e' }),
  ...['int4', 'text', 'numeric', 'timestamp', 'bool', 'uuid'].map((e) => col(`_${e}`, { element: { typname: e, typtype: 'b' } })),
];

test('the StarRocks sink rules match the connector class on Maven Central, type by type', { timeout: 600_000 }, () => {
  execFileSync('mvn', ['-q', '-B', '-f', path.join(MODULE, 'pom.xml'), 'package'], { stdio: 'inherit' });
  const expected = new Map<string, string>();
  for (const version of PIPELINE_VERSIONS) {
    for (const c of CORPUS.flatMap((c) => [c, { ...c, key: true }])) {
      const cdc = pipelineCdcType(c, version);
      if ('fails' in cdc) continue;
      const sink = pipelineStarRocksType(cdc.type, c.key, version);
      if (!starRocksRule(version, sink.addedIn36 === true).checkedAgainst) continue;
      const line = `${cdc.type}\t${c.key ? 'key' : 'column'}`;
      const want = 'fails' in sink ? 'FAILS' : sink.type;
      const before = expected.get(line);
      assert.ok(before === undefined || before === want, `${line}: the table says ${before} for one version and ${want} for another, yet both are checked against the same jar`);
      expected.set(line, want);
    }
  }
  assert.ok(expected.size >= 40, `the corpus reaches ${expected.size} type × key pairs`);
  const classpath = `${path.join(MODULE, 'target', 'classes')}:${readFileSync(path.join(MODULE, 'target', 'classpath.txt'), 'utf8').trim()}`;
  const output = execFileSync('java', ['-cp', classpath, 'dev.cdcsizer.rulescheck.StarRocksRulesCheck'], { input: [...expected.keys()].join('\n'), encoding: 'utf8' });
  const actual = new Map(output.trim().split('\n').map((l) => {
    const [type, role, result] = l.split('\t');
    return [`${type}\t${role}`, result!.startsWith('FAILS') ? 'FAILS' : result!];
  }));
  const wrong = [...expected].filter(([line, want]) => actual.get(line) !== want).map(([line, want]) => `${line.replace('\t', ' as ')}: table ${want}, connector ${actual.get(line)}`);
  assert.deepEqual(wrong, [], `rules that disagree with the connector:\n${wrong.join('\n')}`);
});
