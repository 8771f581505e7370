import { pipelineCdcType } from './cdc-types.js';
import { CONNECTOR_ARTIFACT, connectorStarRocksType } from './connector-types.js';
import { isPipelineVersion, postgresRule, starRocksRule, type PipelineVersion, type RuleSource } from './pipeline-versions.js';
import { pipelineStarRocksType } from './sink-types.js';
import type { SourceColumn } from './source-column.js';

/** kept: the value arrives as it was; changed: it arrives, altered (the note says how); fails: the pipeline stops on it. */
export type Verdict = 'kept' | 'changed' | 'fails';

/** What one route to StarRocks does to one column. */
export interface ColumnVerdict {
  /** e.g. `pipeline 3.5.0`, or `connector` for the StarRocks Flink connector with tables cdc-sizer creates. */
  route: string;
  /** The Flink CDC type in between (pipeline routes). */
  cdcType?: string;
  /** The StarRocks column created; absent when the route fails before creating one. */
  starRocksType?: string;
  verdict: Verdict;
  note?: string;
  sources: RuleSource[];
}

export const CONNECTOR_ROUTE = 'connector';

/** The YAML pipeline (PostgreSQL source → StarRocks sink) of one Flink CDC version. */
export function pipelineVerdict(c: SourceColumn, version: PipelineVersion): ColumnVerdict {
  const route = `pipeline ${version}`;
  const source = pipelineCdcType(c, version);
  if ('fails' in source) return { route, verdict: 'fails', note: source.fails, sources: [postgresRule(version)] };
  const sink = pipelineStarRocksType(source.type, c.key, version);
  const sources = [postgresRule(version), starRocksRule(version, sink.addedIn36 === true)];
  if ('fails' in sink) return { route, cdcType: source.type, verdict: 'fails', note: sink.fails, sources };
  const notes = [source.change, sink.change].filter((n): n is string => n !== undefined);
  return { route, cdcType: source.type, starRocksType: sink.type, verdict: notes.length > 0 ? 'changed' : 'kept', ...(notes.length > 0 ? { note: notes.join('; ') } : {}), sources };
}

/** The StarRocks Flink connector fed by the DataStream source, into tables cdc-sizer creates (`--sink starrocks`). */
export function connectorVerdict(c: SourceColumn): ColumnVerdict {
  const sources: RuleSource[] = [{ file: 'src/targets/starrocks/connector-types.ts', tag: `cdc-sizer, for ${CONNECTOR_ARTIFACT}` }];
  const t = connectorStarRocksType(c);
  if ('fails' in t) return { route: CONNECTOR_ROUTE, verdict: 'fails', note: t.fails, sources };
  return { route: CONNECTOR_ROUTE, starRocksType: t.type, verdict: t.change ? 'changed' : 'kept', ...(t.change ? { note: t.change } : {}), sources };
}

/** Every route a connector version offers: its pipeline where it has one, and the connector route always. */
export function columnVerdicts(c: SourceColumn, versions: readonly string[]): ColumnVerdict[] {
  return [...versions.filter(isPipelineVersion).map((v) => pipelineVerdict(c, v)), connectorVerdict(c)];
}
