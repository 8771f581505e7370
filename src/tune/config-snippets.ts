import { stringify } from 'yaml';
import { BUILDER_METHODS, DEBEZIUM_PREFIX } from './builder-options.js';
import type { Candidate } from './search-space.js';

/** Where the source is, for the snippets; the password never appears (a placeholder does). */
export interface SnippetSource {
  hostname: string;
  port: number;
  database: string;
  username: string;
  /** The job's tables, schema.table. */
  tables: string[];
  /** Names the job's slot apart from the others' when the tables are split into jobs. */
  job?: number;
}

const SECRET = '${POSTGRES_PASSWORD}';

/** Each job of a split needs its own replication slot. */
const slot = (base: string, src: SnippetSource): string => (src.job !== undefined ? `${base}_${src.job}` : base);

/** The recommended settings as ready-to-paste configuration: a pipeline YAML source block, Flink SQL, DataStream builder calls. */
export function configSnippets(c: Candidate, src: SnippetSource): { pipelineYaml: string; flinkSql: string; dataStream: string } {
  return { pipelineYaml: pipelineYaml(c, src), flinkSql: flinkSql(c, src), dataStream: dataStream(c, src) };
}

/** All options in connector-key form, chunk size first (the connector's key for it). */
function connectorOptions(c: Candidate): [string, string][] {
  return [['scan.incremental.snapshot.chunk.size', String(c.chunkSize)], ...Object.entries(c.options).sort(([a], [b]) => a.localeCompare(b))];
}

function pipelineYaml(c: Candidate, src: SnippetSource): string {
  const source: Record<string, string | number> = { type: 'postgres', hostname: src.hostname, port: src.port, username: src.username, password: SECRET, tables: src.tables.map((t) => `${src.database}.${t}`).join(','), 'slot.name': slot('flink_cdc_pipeline', src), 'decoding.plugin.name': 'pgoutput' };
  for (const [k, v] of connectorOptions(c)) source[k] = v;
  return stringify({ source, pipeline: { parallelism: c.parallelism } });
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function flinkSql(c: Candidate, src: SnippetSource): string {
  const options: [string, string][] = [
    ['connector', 'postgres-cdc'],
    ['hostname', src.hostname],
    ['port', String(src.port)],
    ['username', src.username],
    ['password', SECRET],
    ['database-name', src.database],
    ['schema-name', [...new Set(src.tables.map((t) => t.split('.')[0]!))].join('|')],
    ['table-name', src.tables.map((t) => t.split('.').slice(1).join('.')).join('|')],
    ['slot.name', slot('flink_cdc_sql', src)],
    ['decoding.plugin.name', 'pgoutput'],
    ['scan.incremental.snapshot.enabled', 'true'],
    ...connectorOptions(c),
  ];
  return [`SET 'parallelism.default' = '${c.parallelism}';`, `CREATE TABLE source_table (\n  -- the table's columns and PRIMARY KEY (...) NOT ENFORCED\n) WITH (\n${options.map(([k, v]) => `  ${sqlString(k)} = ${sqlString(v)}`).join(',\n')}\n);`].join('\n');
}

const javaString = (s: string): string => JSON.stringify(s);

function dataStream(c: Candidate, src: SnippetSource): string {
  const debezium = Object.entries(c.options).filter(([k]) => k.startsWith(DEBEZIUM_PREFIX));
  const builder = connectorOptions(c).filter(([k]) => !k.startsWith(DEBEZIUM_PREFIX)).map(([k, v]) => `        .${BUILDER_METHODS[k]}(${builderValue(k, v)})`);
  return [
    'Properties debezium = new Properties();',
    ...debezium.map(([k, v]) => `debezium.setProperty(${javaString(k.slice(DEBEZIUM_PREFIX.length))}, ${javaString(v)});`),
    'PostgresIncrementalSource<String> source =',
    '    PostgresSourceBuilder.PostgresIncrementalSource.<String>builder()',
    `        .hostname(${javaString(src.hostname)})`,
    `        .port(${src.port})`,
    `        .database(${javaString(src.database)})`,
    `        .schemaList(${[...new Set(src.tables.map((t) => t.split('.')[0]!))].map(javaString).join(', ')})`,
    `        .tableList(${src.tables.map(javaString).join(', ')})`,
    `        .username(${javaString(src.username)})`,
    '        .password(System.getenv("POSTGRES_PASSWORD"))',
    `        .slotName(${javaString(slot('flink_cdc_datastream', src))})`,
    '        .decodingPluginName("pgoutput")',
    ...builder,
    '        .debeziumProperties(debezium)',
    '        .deserializer(new JsonDebeziumDeserializationSchema())',
    '        .build();',
    `env.fromSource(source, WatermarkStrategy.noWatermarks(), "postgres-cdc").setParallelism(${c.parallelism});`,
  ].join('\n');
}

/** Booleans and numbers as Java literals; durations (connect.timeout…) as Duration.parse-able text would need more: given as strings. */
function builderValue(key: string, v: string): string {
  if (v === 'true' || v === 'false' || /^-?\d+(\.\d+)?$/.test(v)) return v;
  return key === 'connect.timeout' || key === 'heartbeat.interval.ms' ? `TimeUtils.parseDuration(${javaString(v)})` : javaString(v);
}
