/**
 * Flink CDC versions the StarRocks rules know, and where each rule was read. A YAML pipeline from
 * PostgreSQL exists from 3.5.0 on (flink-cdc-pipeline-connector-postgres first ships in 3.5.0); older
 * versions reach StarRocks only through the DataStream or SQL source and the StarRocks Flink connector.
 */
export const PIPELINE_VERSIONS = ['3.5.0', '3.6.0'] as const;
export type PipelineVersion = (typeof PIPELINE_VERSIONS)[number];

/** Released versions without a PostgreSQL pipeline source. */
export const VERSIONS_WITHOUT_PIPELINE = ['3.1.0', '3.1.1', '3.2.0', '3.2.1', '3.3.0', '3.4.0'] as const;

export const isPipelineVersion = (v: string): v is PipelineVersion => (PIPELINE_VERSIONS as readonly string[]).includes(v);

/** Where a rule comes from: a file of apache/flink-cdc at a release tag, and the jar it was checked against. */
export interface RuleSource {
  file: string;
  /** The release tag the file was read at, e.g. release-3.5.0. */
  tag: string;
  /**
   * The connector jar from Maven Central whose real classes a test runs this rule through
   * (test/targets/starrocks-rules-check.test.ts); absent where no jar of that code is served.
   */
  checkedAgainst?: string;
}

const POSTGRES_TYPES = 'flink-cdc-connect/flink-cdc-pipeline-connectors/flink-cdc-pipeline-connector-postgres/src/main/java/org/apache/flink/cdc/connectors/postgres/utils/PostgresTypeUtils.java';
const STARROCKS_TYPES = 'flink-cdc-connect/flink-cdc-pipeline-connectors/flink-cdc-pipeline-connector-starrocks/src/main/java/org/apache/flink/cdc/connectors/starrocks/sink/StarRocksUtils.java';

/** The PostgreSQL pipeline source's half; no version of its jar is on Maven Central (2026-12-06), so it is read, not run. */
export const postgresRule = (v: PipelineVersion): RuleSource => ({ file: POSTGRES_TYPES, tag: `release-${v}` });

/**
 * The StarRocks pipeline sink's half. Its type transformer (CdcDataTypeTransformer) is the same in
 * 3.2.0 and 3.5.0 (git diff release-3.2.0 release-3.5.0 touches only default values and the DATE
 * getter), and 3.2.0 is on Maven Central: every rule of 3.5.0, and every 3.6.0 rule for a type 3.6.0
 * did not add (TIME, BINARY, VARBINARY), is run through that jar's own class.
 */
export const starRocksRule = (v: PipelineVersion, addedIn36: boolean): RuleSource => ({
  file: STARROCKS_TYPES,
  tag: `release-${v}`,
  ...(v === '3.6.0' && addedIn36 ? {} : { checkedAgainst: 'org.apache.flink:flink-cdc-pipeline-connector-starrocks:3.2.0' }),
});
