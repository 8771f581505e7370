import { z } from 'zod';

/**
 * result.json of `run`: the schema is the definition (TypeScript types are inferred from it, and
 * schemas/run-result.schema.json is generated from it by `npm run schema`). Bump the version on
 * any breaking change; `estimate` results will share the envelope with another `kind`.
 */
export const RESULT_SCHEMA_VERSION = 1;

const seconds = z.number().nonnegative();

const environment = z.object({
  cdcSizer: z.string(),
  postgres: z.string(),
  flink: z.string().optional(),
  flinkCdc: z.string().optional().describe('connector version(s) measured, comma-separated; each flink-cdc point names its own'),
  cores: z.number().int().positive(),
  memoryBytes: z.number().nonnegative(),
  node: z.string(),
  provider: z.string().describe('embedded | external | testcontainers'),
  containerImages: z
    .object({ set: z.string().describe('official | local'), byRole: z.record(z.string(), z.string()).describe('role (postgres, flink, mariadb, starrocks) → image:tag') })
    .optional()
    .describe('--infra testcontainers: the images the stack ran (StarRocks absent when its image could not be had)'),
  sink: z.enum(['discard', 'jdbc', 'starrocks']).describe('discard: the counting sink only; jdbc or starrocks: a database sink beside it (see sinkTarget)'),
});

const pointSettings = z.object({
  engine: z.enum(['flink-cdc', 'raw-copy']),
  parallelism: z.number().int().positive(),
  chunkSize: z.number().int().positive(),
  sourceOptions: z.record(z.string(), z.string()).describe('connector builder options and debezium.* properties'),
  connectorVersion: z.string().optional().describe('flink-cdc: the Flink CDC connector version of this point'),
  excludedTables: z.array(z.string()).optional().describe('flink-cdc: tables left out of this point because a job over them alone failed (see fidelity.failedTables)'),
});

const tableTiming = z.object({
  table: z.string().describe('schema.table'),
  rows: z.number().int().nonnegative().describe('records the engine delivered'),
  bytes: z.number().nonnegative().describe('Debezium JSON bytes (flink-cdc) or COPY text bytes (raw-copy)'),
  splitQueryMillis: z.number().nonnegative().optional().describe("flink-cdc: server time of the enumerator's boundary queries on this table (pg_stat_statements)"),
  seconds: seconds.optional().describe('the table\'s reading span: raw-copy, first chunk start to last chunk end; flink-cdc, first to last record at the sink'),
  keyFingerprint: z.string().optional().describe('flink-cdc: sum mod 2^64 of FNV-1a 64 over each record\'s key columns\' text (joined by U+001F), 16 hex digits'),
  cycles: z.number().int().nonnegative().optional().describe("flink-cdc: the readers' chunk cycles (see readers) whose pause ended with a record of this table: its chunks' query and backfill; absent from jobs built before the sink counted them"),
  cycleSeconds: seconds.optional().describe('flink-cdc: their summed lengths (what this table\'s chunks cost the readers; sampled sizing fits the cost of a chunk\'s bytes on them)'),
});

const leftovers = z.object({
  slots: z.array(z.object({ name: z.string(), active: z.boolean(), walRetainedBytes: z.number() })),
  publications: z.array(z.string()),
});

const cleanupFailure = z.object({
  what: z.enum(['slot', 'publication', 'job', 'jar', 'cluster', 'server', 'containers', 'sink', 'cleanup']).describe('what could not be removed or stopped: a replication slot, a publication, a Flink job (cancel), a job jar on the Flink cluster, the local Flink cluster, the embedded PostgreSQL server, the containers and network of a --infra testcontainers stack, a database, schema or table the run created at the sink, or another cleanup step'),
  name: z.string().describe('its name: slot or publication name, job id, jar id, process id'),
  database: z.string().optional().describe('slot and publication: the database it is in'),
  error: z.string().describe('why removing it failed'),
  remedy: z.string().describe('the exact SQL or command that removes it'),
});

const observationPoint = z.object({
  t: seconds.describe('seconds since the run started'),
  slots: z.array(z.object({ slot: z.string(), active: z.boolean(), walRetainedBytes: z.number() })),
  connections: z.array(z.object({ pid: z.number(), application: z.string(), backendType: z.string(), state: z.string().nullable(), waitEvent: z.string().nullable(), query: z.string().describe('its first 200 characters; constants replaced by ? when the result\'s valuesMasked') })),
  locks: z.array(z.object({ table: z.string(), mode: z.string(), holders: z.number() })),
});

const observations = z.object({
  points: z.array(observationPoint),
  maxWalRetainedBytes: z.number().nonnegative(),
  maxConnections: z.number().int().nonnegative(),
  strongestLock: z.string().optional(),
});

const changeCounts = z.object({ insert: z.number().int().nonnegative(), update: z.number().int().nonnegative(), delete: z.number().int().nonnegative() });

const syncRecord = z.object({
  until: z.literal('caught-up'),
  snapshotSeconds: seconds.optional().describe("submit to the snapshot's last row at the sink"),
  catchUpSeconds: seconds.optional().describe("the snapshot's end to the arrival of the workload's final change: the stream reader's catch-up, with the workload still writing for --workload-after"),
  totalSeconds: seconds.optional().describe("submit to the workload's final change at the sink: the whole sync"),
  caughtUp: z.boolean(),
  catchUpChangesPerSecond: z.number().nonnegative().optional().describe('changes delivered during the catch-up over its seconds'),
  catchUpWalMBPerSecond: z.number().nonnegative().optional().describe('WAL the stream reader got through during the catch-up (its delivered position at the snapshot\'s end to the final change) over its seconds'),
  maxLagSeconds: seconds.optional().describe("the largest delay of a change's arrival at the sink behind its commit on the source"),
  walRetainedPeakBytes: z.number().nonnegative().describe("the most WAL the run's slots held back at once"),
  walProjectedBytes: z.number().nonnegative().optional().describe("what estimate projects the slot to hold at its peak, from this run's own figures: the server's WAL rate during the sync × the whole sync's time; beside the measured peak, a check of that projection"),
  workload: z
    .object({
      targetPerSecond: z.number().nonnegative(),
      achievedPerSecond: z.number().nonnegative(),
      heldShare: z.number().nonnegative().describe('row changes committed over those the schedule asked for by the stop'),
      behind: z.boolean().describe('the schedule fell behind by more than 5 %: the source (or the generator) could not take the rate'),
      seconds,
      committed: z.number().int().nonnegative(),
      rolledBack: z.number().int().nonnegative().describe('transactions a deadlock or serialization failure rolled back (not counted)'),
    })
    .optional(),
  tables: z.array(
    z.object({
      table: z.string(),
      committed: changeCounts.describe('row changes the workload committed'),
      committedAfterSnapshot: changeCounts.describe('of those, in transactions begun after the snapshot ended: each must arrive as a change'),
      delivered: changeCounts.describe('changes that reached the sink from the stream (a change made before a chunk was read arrives inside the snapshot, not as a change)'),
    }),
  ),
  idle: z
    .object({
      seconds,
      otherWalBytes: z.number().nonnegative().describe('WAL another database on the server wrote meanwhile'),
      retainedAtStartBytes: z.number().nonnegative(),
      retainedAtEndBytes: z.number().nonnegative(),
      peakRetainedBytes: z.number().nonnegative().describe('the most WAL the slot held during the idle time'),
      peakUnconfirmedBytes: z.number().nonnegative().optional().describe("the most WAL between the server's position and the slot's confirmed_flush_lsn"),
      confirmedMoved: z.boolean().describe("the connector confirmed a later position to the slot during the idle time (its heartbeat did): without that the slot's WAL grows for as long as its tables stay idle"),
      verdict: z.enum(['bounded', 'growing']).describe('growing: the confirmed position never moved while WAL was written elsewhere; bounded: it moved, and the peak says by how much the slot held'),
    })
    .optional()
    .describe('--idle-after: once caught up, the captured tables idle while another database was written to'),
  ddl: z
    .array(
      z.object({
        step: z.number().int().positive(),
        action: z.enum(['addColumn', 'dropColumn', 'alterType', 'renameColumn', 'createTable', 'addPartition']),
        table: z.string().describe('the captured table the step changed (createTable: the table the new one is like)'),
        at: z.string().describe('when it was due'),
        late: z.boolean().optional().describe('due at a share of the snapshot that was never reported: run when the snapshot ended'),
        sql: z.string(),
        appliedSeconds: seconds.optional().describe("the job's submit to the DDL's commit"),
        sourceError: z.string().optional().describe('the DDL failed on the source'),
        jobSurvived: z.boolean().optional().describe('the job ran on after the step (absent: it had ended before)'),
        changesAfter: z.enum(['arrived', 'none', 'not-made']).describe('arrived: a change of the table committed after the DDL reached the sink'),
        delivered: z.string().describe('what reached the sink, judged against what the DDL changed'),
        columnsBefore: z.array(z.string()).optional().describe('the columns (name and Kafka Connect type) the sink saw just before the step'),
        columnsAfter: z.array(z.string()).optional().describe('the columns of the first changes at or past the step'),
        log: z.array(z.string()).describe('warnings, errors and connector lines naming the table, logged between this step and the next'),
      }),
    )
    .optional()
    .describe('DDL steps made during the sync and what each did'),
  verification: z.object({
    ok: z.boolean(),
    atLeastOnce: z.boolean().describe('the options give up exactly-once for changes during the snapshot (scan.incremental.snapshot.backfill.skip): duplicates are reported, not failed'),
    problems: z.array(z.string()).describe('one line each: a table whose end state, or whose change count, is not what the source committed'),
  }),
  timeline: z
    .array(
      z.object({
        t: seconds,
        phase: z.enum(['snapshot', 'stream', 'idle']),
        behindBytes: z.number().nonnegative().describe("the server's WAL position minus the furthest change the sink received"),
        unconfirmedBytes: z.number().nonnegative().optional().describe("the server's position minus the slot's confirmed_flush_lsn"),
        retainedBytes: z.number().nonnegative().describe("WAL held back by the run's slots"),
        slots: z.number().int().nonnegative(),
        changesDelivered: z.number().int().nonnegative(),
      }),
    )
    .describe('about one reading a second'),
});

/** A job's database sink: what it wrote, what it refused, and when its last row was committed. */
const sinkSample = z.object({
  rows: z.number().int().nonnegative().describe('rows the sink committed (upserts and deletes; StarRocks: rows handed to the connector)'),
  rejected: z.number().int().nonnegative().describe('rows the sink refused (each written alone after its batch failed), counted, not retried'),
  readSeconds: seconds.optional().describe("the source's reading time: its first record to its last at the counting sink (recordSpanSeconds)"),
  flushSeconds: seconds.optional().describe("sink flush: the source's last record read to the last row committed at the sink (JDBC: its last commit; StarRocks: the job's end, which its final flush precedes)"),
  lastCommit: z.enum(['commit', 'job-end']).optional().describe('what flushSeconds ends at: the JDBC sink\'s own last commit, or the job\'s end (StarRocks, whose connector reports no commit time)'),
  flushMillisTotal: z.number().nonnegative().optional().describe('JDBC: time the sink spent in its flushes, summed over its subtasks'),
  tables: z.array(
    z.object({
      table: z.string().describe('schema.table at the source'),
      rows: z.number().int().nonnegative(),
      rejected: z.number().int().nonnegative(),
      atSink: z.number().int().nonnegative().optional().describe('count(*) of the sink table after the job'),
      error: z.string().optional().describe("the sink's first rejection message for this table"),
    }),
  ),
  countMismatches: z.array(z.object({ table: z.string(), expected: z.number(), atSink: z.number() })).describe('tables whose sink holds a different number of rows than the source gave'),
});

const runSample = z.object({
  repeat: z.number().int().positive(),
  ok: z.boolean().describe('false when the job failed or any table count differs from the source'),
  failure: z.string().optional(),
  coldJvm: z.boolean().optional().describe('flink-cdc on the local cluster: the job was the first on its JVM (a sampled run\'s later points of a round run on the JVM the first warmed); absent on a remote cluster'),
  transientFailure: z.string().optional().describe('flink-cdc: what a first attempt failed with although every table then read on its own, one job each; this sample is the second attempt'),
  finished: z.boolean().optional().describe('the engine read to the end (the Flink job FINISHED, the COPYs done); with ok false, verification failed: the time is real, the rows are not all there. Absent from results written before it'),
  stoppedBy: z.enum(['max-job-time']).optional().describe('flink-cdc: the job ran past --max-job-time and was cancelled; neither finished nor failed by the connector'),
  isolationStopped: z
    .object({
      probes: z.number().int().nonnegative(),
      reason: z.enum(['probe-budget', 'max-job-time']).describe('probe-budget: the probe jobs allowed per isolation were spent; max-job-time: a probe ran past --max-job-time'),
      notCleared: z.array(z.string()).describe('tables neither read by a probe that finished nor failed on their own: the cause of the failure may be among them'),
    })
    .optional()
    .describe('flink-cdc: after the job failed, isolating the tables it cannot read stopped before every table was cleared; the failure is the job\'s own, not a passing one'),
  wallSeconds: seconds.describe('as the harness saw it: submit to end (flink-cdc), split + read (raw-copy)'),
  jobSeconds: seconds.optional().describe("the Flink job's own duration from REST"),
  startupSeconds: seconds.optional().describe('job start until its source vertex ran'),
  splitSeconds: seconds.optional().describe('chunk splitting: raw-copy, the key-boundary queries before reading; flink-cdc, the server time of the enumerator\'s MIN/MAX and next-boundary queries (pg_stat_statements), which overlap reading except for the first table'),
  readSeconds: seconds.optional().describe('raw-copy: the chunk COPYs; flink-cdc: job duration after start-up'),
  chunks: z.number().int().nonnegative().optional().describe('key-range chunks read (flink-cdc: the enumerators\' numSnapshotSplitsProcessed)'),
  chunksUnknown: z.string().optional().describe('flink-cdc: why chunks is absent (the enumerators\' metric could not be read); estimate says it could not use this sample'),
  statementsUnknown: z.string().optional().describe("flink-cdc: why the connector's statement times (splitSeconds, chunkQueryMillisMean, the tables' splitQueryMillis) are absent: pg_stat_statements not installed or not readable, reset or evicting entries during the job"),
  chunkMillisMedian: z.number().nonnegative().optional().describe('raw-copy: median time of one chunk COPY'),
  chunkQueryMillisMean: z.number().nonnegative().optional().describe("flink-cdc: mean server time of one chunk's SELECT (pg_stat_statements, statements that completed)"),
  chunkCycleMillis: z.number().nonnegative().optional().describe('flink-cdc: reading time × parallelism / chunks: the whole cost of a chunk, query included'),
  recordSpanSeconds: seconds.optional().describe("flink-cdc: the first record to the last at the sink, over all tables: the reading time without the readers' start-up and the job's wind-down"),
  readers: z
    .array(
      z.object({
        spanSeconds: seconds.describe('its first record to its last at the sink'),
        cycles: z.number().int().nonnegative().describe('chunk cycles told apart by pauses in its records (the first chunk has none before it)'),
        cycleSeconds: seconds.describe('their summed lengths'),
        cycleSquaredSeconds: z.number().nonnegative().describe('their summed squares (s²): how much one chunk varies'),
        earlyCycles: z.number().int().nonnegative().optional().describe('of those, its first ones (up to 10), counted apart: a job\'s first cycles run dearer than its later ones (docs/benchmarks.md); absent from jobs before the sink counted them'),
        earlyCycleSeconds: seconds.optional().describe('their summed lengths'),
      }),
    )
    .optional()
    .describe('flink-cdc: per reader that read a record, its records\' cadence at the sink'),
  rows: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  rowsPerSecond: z.number().nonnegative(),
  mbPerSecond: z.number().nonnegative(),
  tables: z.array(tableTiming),
  countMismatches: z.array(z.object({ table: z.string(), expected: z.number(), actual: z.number() })),
  fingerprintMismatches: z.array(z.object({ table: z.string(), expected: z.string(), actual: z.string() })).optional().describe('tables whose counts match but whose key fingerprints differ: rows lost and others duplicated'),
  changedTables: z.array(z.string()).optional().describe('existing database: tables written to since the expected counts were read whose count or fingerprint differed: not judged'),
  leftBehind: leftovers.optional().describe('slots and publications of this run still present after it ended (then dropped)'),
  observations: observations.optional(),
  sync: syncRecord.optional().describe('run --until caught-up: the snapshot, then the stream until the workload\'s every change arrived'),
  sink: sinkSample.optional().describe('flink-cdc with --sink jdbc|starrocks: what the database sink wrote'),
});

const fidelityVerdict = z.enum(['exact', 'changed', 'dropped', 'job-failed']);

/** Fidelity verdicts from best to worst: a column whose verdict moves right has regressed. */
export const FIDELITY_VERDICTS: readonly FidelityVerdict[] = fidelityVerdict.options;

/** Whether `b` is worse than `a`. */
export const worseVerdict = (a: FidelityVerdict, b: FidelityVerdict): boolean => FIDELITY_VERDICTS.indexOf(b) > FIDELITY_VERDICTS.indexOf(a);

const fidelityColumn = z.object({
  table: z.string().describe('schema.table'),
  column: z.string(),
  pgType: z.string().describe('format_type of the column; user-defined types by kind: enum, composite, domain over <base>, arrays of them with []'),
  verdict: fidelityVerdict.describe('exact: every sampled value decoded by its declared schema equals the source; changed: at least one differs; dropped: the column is missing from the emitted record; job-failed: no job over the table finished'),
  compared: z.number().int().nonnegative().describe('sampled rows compared with the source'),
  nonNull: z.number().int().nonnegative().describe('of them, rows whose source value is not NULL'),
  emittedType: z.string().optional().describe('the declared Kafka Connect schema of the emitted field, e.g. "bytes org.apache.kafka.connect.data.Decimal scale=2"'),
  example: z
    .object({
      key: z.string(),
      source: z.string().nullable(),
      emitted: z.string(),
      change: z.string().optional().describe('how the emitted text differs from the source\'s, in positions and lengths only'),
      masked: z.literal(true).optional().describe('key, source and emitted show only their shape: letters x (upper case X), digits 9 (a --pg-url run without --show-values)'),
    })
    .optional()
    .describe('changed: the first differing value (source canonical text → emitted value as decoded)'),
});

const sinkVerdict = z.enum(['exact', 'changed', 'missing', 'sink-rejected', 'job-failed']);

/** Verdicts through a sink from best to worst. */
export const SINK_VERDICTS: readonly SinkVerdict[] = sinkVerdict.options;

const sinkFidelityColumn = fidelityColumn.omit({ verdict: true, emittedType: true }).extend({
  verdict: sinkVerdict.describe('exact: every sampled row read back from the sink, in canonical form, equals the source; changed: one differs; missing: the row is not at the sink; sink-rejected: the sink refused the row (the table\'s first message in sinkRejection); job-failed: no job over the table finished'),
  sinkType: z.string().optional().describe("the sink column's type as the sink reports it (MySQL column_type, PostgreSQL format_type)"),
  sinkRejection: z.string().optional().describe("sink-rejected: the sink's first rejection message for the table"),
});

const sinkFidelity = z.object({
  sink: z.string().describe('what the rows were written into: kind and server, e.g. "mysql (MariaDB 10.11.19) mysql://root@127.0.0.1:3306"'),
  connectorVersion: z.string(),
  sampledRows: z.number().int().nonnegative(),
  columns: z.array(sinkFidelityColumn),
});

const sinkTarget = z.object({
  sink: z.enum(['jdbc', 'starrocks']),
  kind: z.enum(['mysql', 'postgres', 'starrocks']),
  server: z.string().describe('kind://user@host:port, no password'),
  version: z.string(),
  database: z.string(),
  createdDatabase: z.boolean().describe('the run created the database (and dropped it afterwards unless kept)'),
  kept: z.boolean().describe('--keep-sink: what the run created was left in place'),
  options: z.record(z.string(), z.string()).describe('--sink-option values'),
  tables: z.array(z.object({ table: z.string(), sinkTable: z.string(), columns: z.array(z.object({ name: z.string(), sinkType: z.string() })) })),
});

const fidelity = z.object({
  connectorVersion: z.string(),
  sampledRows: z.number().int().nonnegative().describe('rows compared per table at most'),
  columns: z.array(fidelityColumn),
  failedTables: z.array(z.object({ table: z.string(), failure: z.string() })).describe('tables on which a job failed on its own: left out of the timed points'),
});

const starRocksColumns = z.object({
  routes: z.array(z.string()).describe('pipeline <version>: the Flink CDC YAML pipeline (PostgreSQL source, StarRocks sink) of a measured connector version that has one; connector: the DataStream source into the StarRocks Flink connector, tables as --sink starrocks creates them'),
  types: z.array(z.object({
    declared: z.string().describe('format_type of the source columns'),
    key: z.boolean().describe('primary-key columns (StarRocks keys take fewer types)'),
    columns: z.number().int().positive(),
    examples: z.array(z.string()).describe('the first few columns, schema.table.column'),
    verdicts: z.array(z.object({
      route: z.string(),
      starRocksType: z.string().optional().describe('the column StarRocks gets; absent when the route fails first'),
      verdict: z.enum(['kept', 'changed', 'fails']).describe('kept: the value arrives as it was; changed: altered as the note says; fails: the route stops on this column'),
      note: z.string().optional(),
    })),
  })).describe('one entry per source type and key role, worst first'),
  tablesWithoutKey: z.array(z.string()).describe('StarRocks primary-key tables cannot be created for these'),
  rules: z.array(z.object({ file: z.string(), tag: z.string(), checkedAgainst: z.string().optional() })).describe('where the rules were read (apache/flink-cdc file at a release tag) and the Maven Central jar a test runs them through'),
}).describe('what StarRocks will do to each source column, from the rules of preflight --target starrocks (no StarRocks was needed)');

const sourceTable = z.object({
  table: z.string().describe('schema.table'),
  keyColumns: z.array(z.string()).describe('the columns the snapshot chunks by, in key order: the primary key or the chunk key column'),
  chunkKeyColumn: z.string().optional().describe('the table has no primary key and was chunked by this column (--chunk-key-column)'),
  keyShape: z.string().describe('bigint-sequential | bigint-sparse | uuid | text | composite | other | none, as profile classifies the primary key'),
  rows: z.number().int().nonnegative().describe('count(*) in the REPEATABLE READ snapshot read right before the first point'),
  keyFingerprint: z.string().optional().describe('the source side of the key fingerprint, read in the same snapshot'),
  fingerprintNote: z.string().optional().describe('why the table has no key fingerprint'),
});

const chunkProbe = z.object({
  table: z.string().describe('schema.table as the connector reads it (a leaf partition of a partitioned table)'),
  chunkSize: z.number().int().positive(),
  splitColumn: z.string(),
  method: z.enum(['single', 'even', 'uneven']).describe('even: cut arithmetically after MIN/MAX; uneven: one boundary query per chunk'),
  chunks: z.number().int().positive(),
  queries: z.number().int().nonnegative(),
  millis: z.number().nonnegative().describe('wall time of the boundary queries, one after another'),
  complete: z.boolean().describe('false: the time budget ran out and the chunks are extrapolated from rows / chunk size'),
});

/** --sample: which tables the connector read, and what stands for the others. */
const sampleRecord = z.object({
  spec: z.string().describe('--sample as given: N tables or P% of them'),
  selectedTables: z.array(z.string()).describe('every table of the selection (roots of partitioned tables), which the estimate covers'),
  measuredTables: z.array(z.string()).describe('tables the connector read in this run'),
  largestTables: z.array(z.string()).describe('the largest tables: not read; their chunk boundaries probed'),
  chunkProbes: z.array(chunkProbe).describe("the connector's splitting queries run by the harness on every table of two chunks or more by rows and on the largest (read-only, timed)"),
  classes: z.array(z.object({ dimension: z.enum(['size', 'width', 'key', 'types']), value: z.string(), tables: z.number().int().nonnegative(), measuredBy: z.string().nullable() })).describe('the strata and the measured table standing for each (null: not covered)'),
  catalog: z.string().describe('catalog of the whole selection, written beside result.json (estimate --catalog)'),
  sourceScaling: z
    .array(z.object({ parallelism: z.number().int().positive(), chunks: z.number().int().nonnegative(), readSeconds: seconds.describe('COPY of every chunk by p connections, splitting excluded'), splitSeconds: seconds }))
    .optional()
    .describe("the source's own scaling: raw-copy of the sample's tables at p = 1, 2, 4, 8 (read-only); estimate bounds the connector's speedup by it and does not extrapolate the source beyond the highest p"),
  schemaReads: z
    .object({
      capturedTables: z.number().int().nonnegative().describe('tables the full job captures (leaf partitions)'),
      points: z.array(z.object({ tables: z.number().int().positive(), seconds: seconds.describe("T(n): the connector's PostgresDialect.queryTableSchema with the first n captured tables captured, the fastest of its calls after the first") })),
      fixedSeconds: seconds,
      perTableSeconds: seconds,
    })
    .optional()
    .describe("the connector's schema reads, measured read-only with its own code: Flink CDC 3.5.0's enumerator reads every captured table's schema (JDBC getTables, getColumns, getPrimaryKeys) before splitting each table, so a table costs it T(N) with N captured (the point at N, else the line fixedSeconds + perTableSeconds · N through the others), one table after another"),
  partialReads: z
    .array(
      z.object({
        table: z.string().describe('schema.table (a partitioned table as its root)'),
        chunkSize: z.number().int().positive(),
        rows: z.number().int().nonnegative().describe('rows the job delivered before it was stopped'),
        cycles: z.number().int().positive().describe("the reader's chunk cycles that ended with this table's records"),
        cycleSeconds: seconds.describe('their summed length'),
        wallSeconds: seconds.describe('submission to the stop'),
        earlyCycles: z.number().int().nonnegative().optional().describe("of the cycles, those among the reader's first ten (a job's first cycles run dearer); absent from a jar that did not count them"),
        earlyCycleSeconds: seconds.optional(),
      }),
    )
    .optional()
    .describe('tables the sample does not read whole that hold a quarter or more of the chunks or bytes, of chunks narrower or wider than every full chunk the sample reads, read in part: one job each at p = 1, the first connector point\'s settings, stopped once its first chunks (20, or as many as 256 MB hold and at least 5) were handed out; its later cycles (after the first ten) cost its chunks in the estimate, its first ones join the per-GB line (model/sample-costs.ts)'),
});

/** The snapshot the expectations were read in: what the run held open on the user's database. */
const verification = z.object({
  method: z.enum(['keys', 'counts']).describe('keys: counts and key fingerprints (--verify keys); counts: counts only (--verify counts), equal counts are necessary, not sufficient'),
  isolation: z.literal('repeatable read'),
  snapshotSeconds: seconds.describe('how long the one REPEATABLE READ snapshot was held (it holds back vacuum that long)'),
  timeoutSeconds: z.number().positive().optional().describe('--verify-timeout: the longest the snapshot may be held; absent: no limit'),
});

/** Where the measured tables came from: a generated scenario, or an existing database's tables as they are. */
const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scenario') }),
  z.object({
    kind: z.literal('existing'),
    server: z.string().describe('host:port'),
    database: z.string(),
    include: z.array(z.string()).describe('--tables patterns (empty: every table outside the system schemas)'),
    exclude: z.array(z.string()).describe('--exclude patterns'),
    noKey: z.enum(['skip', 'stop']).describe('what was done with tables without a primary key and no --chunk-key-column'),
    skippedTables: z.array(z.object({ table: z.string(), reason: z.string() })),
    tables: z.array(sourceTable),
    changedTables: z.array(z.string()).describe('tables written to during the run (pg_stat_all_tables n_tup_ins + n_tup_upd + n_tup_del moved) whose delivered count or fingerprint then differed from the snapshot: reported, not judged'),
    sample: sampleRecord.optional().describe('--sample: a sampled sizing; absent when every selected table was measured'),
    verification: verification.optional().describe('how the expected counts (and key fingerprints) were read; absent in results written before --verify'),
  }),
]);

export const runResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  kind: z.literal('run'),
  createdAt: z.string().describe('ISO 8601'),
  environment,
  scenario: z.object({
    name: z.string(),
    hash: z.string(),
    scale: z.number().positive(),
    tables: z.number().int().nonnegative(),
    keyShapes: z.record(z.string(), z.string()).optional().describe('primary-key shape of each table (schema.table): bigint-sequential, bigint-sparse, uuid, text, composite, none (existing databases also other)'),
    capturedTables: z.number().int().nonnegative().optional().describe('tables the connector captures: a partitioned table counts as its leaf partitions'),
    rows: z.number().int().nonnegative(),
    diskBytes: z.number().nonnegative().describe('heap and TOAST of the scenario\'s tables (pg_table_size, indexes left out): what a snapshot reads'),
  }).describe('the measured tables in figures; for an existing database: name existing-<database>, hash of the selected tables and their keys, scale 1, the rows counted before the first point'),
  source: source.optional().describe('absent in results written before existing databases could be measured: a scenario'),
  valuesMasked: z.boolean().optional().describe('true: row values read from the --pg-url server (fidelity examples, constants in observed statements) are masked (--show-values shows them); absent: not masked'),
  points: z.array(z.object({ settings: pointSettings, samples: z.array(runSample) })),
  fidelity: z.array(fidelity).optional().describe('flink-cdc: what the connector emitted for sampled rows, column by column, per connector version'),
  starrocks: starRocksColumns.optional(),
  sinkTarget: sinkTarget.optional().describe('--sink jdbc|starrocks: the database the rows were written into'),
  sinkFidelity: z.array(sinkFidelity).optional().describe('--sink jdbc|starrocks: the sampled rows read back from the sink, column by column, per sink and connector version'),
  resources: z
    .object({
      harnessPeakRssBytes: z.number().nonnegative().describe('peak resident memory of the cdc-sizer Node process'),
      flinkPeakRssBytes: z.number().nonnegative().optional().describe("peak resident memory of the local Flink cluster's JVM (VmHWM); absent for a remote cluster"),
    })
    .optional(),
  cluster: z
    .object({
      where: z.enum(['local', 'remote']).describe('remote: --flink-url'),
      slots: z.number().int().nonnegative().describe("Flink REST /overview slots-total"),
      cores: z.number().int().nonnegative().describe("the task managers' CPU cores (/taskmanagers hardware.cpuCores, summed); the local cluster's: this machine's"),
      taskManagers: z.number().int().nonnegative(),
    })
    .optional()
    .describe('flink-cdc: the Flink cluster the jobs ran on; estimate caps parallelism at a remote cluster\'s slots'),
  cleanupFailures: z.array(cleanupFailure).optional().describe('what the run could not drop, cancel or stop, each with the command that removes it (the exit code is then 3); absent when every cleanup succeeded'),
});

export type RunResult = z.infer<typeof runResultSchema>;
export type RunPoint = RunResult['points'][number];
export type RunSample = z.infer<typeof runSample>;
export type PointSettings = z.infer<typeof pointSettings>;
export type Environment = z.infer<typeof environment>;
export type Fidelity = z.infer<typeof fidelity>;
export type StarRocksColumns = z.infer<typeof starRocksColumns>;
export type RunSource = z.infer<typeof source>;
export type SourceTableFacts = z.infer<typeof sourceTable>;
export type SampleRecord = z.infer<typeof sampleRecord>;
export type FidelityColumn = z.infer<typeof fidelityColumn>;
export type FidelityVerdict = z.infer<typeof fidelityVerdict>;
export type CleanupFailure = z.infer<typeof cleanupFailure>;
export type SinkSample = z.infer<typeof sinkSample>;
export type SinkVerdict = z.infer<typeof sinkVerdict>;
export type SinkFidelity = z.infer<typeof sinkFidelity>;
export type SinkFidelityColumn = z.infer<typeof sinkFidelityColumn>;
export type SinkTargetRecord = z.infer<typeof sinkTarget>;
export type SyncRecord = z.infer<typeof syncRecord>;

/** The JSON Schema document for result.json, as committed in schemas/. */
export function runResultJsonSchema(): object {
  return { title: 'cdc-sizer run result', ...z.toJSONSchema(runResultSchema) };
}
