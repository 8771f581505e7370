/**
 * The connector builder options the job accepts (flink-job/.../SourceOptions.java) with the
 * PostgresSourceBuilder method each one calls: what the tune space may name besides debezium.*,
 * and what the DataStream snippet writes. test/tune/builder-options.test.ts holds this list to the
 * Java one.
 */
export const BUILDER_METHODS: Readonly<Record<string, string>> = {
  'scan.incremental.snapshot.chunk.size': 'splitSize',
  'scan.snapshot.fetch.size': 'fetchSize',
  'chunk-meta.group.size': 'splitMetaGroupSize',
  'chunk-key.even-distribution.factor.upper-bound': 'distributionFactorUpper',
  'chunk-key.even-distribution.factor.lower-bound': 'distributionFactorLower',
  'scan.incremental.snapshot.unbounded-chunk-first.enabled': 'assignUnboundedChunkFirst',
  'scan.incremental.snapshot.backfill.skip': 'skipSnapshotBackfill',
  'scan.incremental.close-idle-reader.enabled': 'closeIdleReaders',
  'scan.include-partitioned-tables.enabled': 'includePartitionedTables',
  'scan.lsn-commit.checkpoints-num-delay': 'lsnCommitCheckpointsDelay',
  'connect.timeout': 'connectTimeout',
  'connect.max-retries': 'connectMaxRetries',
  'connection.pool.size': 'connectionPoolSize',
  'heartbeat.interval.ms': 'heartbeatInterval',
  'server-time-zone': 'serverTimeZone',
  'decoding.plugin.name': 'decodingPluginName',
};

export const DEBEZIUM_PREFIX = 'debezium.';

export const isKnownOption = (key: string): boolean => key.startsWith(DEBEZIUM_PREFIX) ? key.length > DEBEZIUM_PREFIX.length : key in BUILDER_METHODS;
