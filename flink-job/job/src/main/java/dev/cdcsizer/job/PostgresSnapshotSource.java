package dev.cdcsizer.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Flink CDC's PostgreSQL incremental (chunked, lock-free) snapshot, bounded: the job ends when the
 * snapshot does; with {@code --startup initial} the snapshot and then the stream of changes from
 * the slot, unbounded: the harness cancels the job once it has caught up.
 *
 * <p>The connector takes a single chunk key column for all of a source's tables, so tables are
 * grouped by the chunk key they need (none: the primary key) and each group gets its own source,
 * slot and publication: the first group uses the names given, group i > 0 appends {@code _k<i>}
 * (never {@code _<digit>}, which the connector uses for its per-reader backfill slots).
 */
final class PostgresSnapshotSource implements SnapshotSource {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshotSource.class);

    private final JobArguments args;

    PostgresSnapshotSource(JobArguments args, String cdcVersion) {
        SourceOptions.validate(args.sourceOptions, cdcVersion);
        this.args = args;
    }

    @Override
    public DataStream<CdcRecord> attach(StreamExecutionEnvironment env) {
        DataStream<CdcRecord> all = null;
        int group = 0;
        for (Map.Entry<String, List<TableName>> e : tablesByChunkKey().entrySet()) {
            String suffix = group == 0 ? "" : "_k" + group;
            String slot = args.slotName + suffix;
            String publication = args.publication + suffix;
            LOG.info("cdc-sizer source {}: tables {} chunk key {} slot {} publication {}",
                    group, e.getValue(), e.getKey().isEmpty() ? "(primary key)" : e.getKey(),
                    slot, publication);
            PostgresIncrementalSource<CdcRecord> source =
                    build(e.getValue(), e.getKey(), slot, publication);
            DataStream<CdcRecord> stream =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(),
                                    "postgres-cdc snapshot " + slot)
                            .uid("postgres-cdc-" + group);
            all = all == null ? stream : all.union(stream);
            group++;
        }
        return all;
    }

    /** Chunk key column ("" for the primary key) to tables, in the order tables were given. */
    private Map<String, List<TableName>> tablesByChunkKey() {
        String shared = args.sourceOptions.getOrDefault(SourceOptions.CHUNK_KEY_COLUMN, "");
        Map<String, List<TableName>> groups = new LinkedHashMap<>();
        for (TableName table : args.tables) {
            String key = args.chunkKeyColumns.getOrDefault(table, shared);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(table);
        }
        return groups;
    }

    private PostgresIncrementalSource<CdcRecord> build(
            List<TableName> tables, String chunkKey, String slot, String publication) {
        // Both lists are regular expressions to the connector: each name is written as a literal.
        LinkedHashSet<String> schemas = new LinkedHashSet<>();
        List<String> tableList = new ArrayList<>();
        for (TableName t : tables) {
            schemas.add(TableName.schemaPattern(t.schema));
            tableList.add(t.includePattern());
        }

        // The user's properties first, the run's own names last: whatever got past the
        // ReservedOptions check, the connector works on the publication the run owns.
        Properties debezium = SourceOptions.debezium(args.sourceOptions);
        debezium.setProperty("publication.name", publication);
        // "filtered" creates the publication FOR TABLE the captured tables only (Debezium's
        // default, all_tables, would publish every table of the database). Its backfill tasks
        // then set the publication to the one table they backfill, and pgoutput drops the
        // changes to every other table meanwhile: a sync uses a publication the harness created
        // ("disabled": used as it is).
        debezium.setProperty("publication.autocreate.mode", "existing".equals(args.publicationMode) ? "disabled" : "filtered");

        PostgresSourceBuilder<CdcRecord> builder =
                PostgresIncrementalSource.<CdcRecord>builder()
                        .hostname(args.hostname)
                        .port(args.port)
                        .database(args.database)
                        .username(args.username)
                        .password(args.password)
                        .schemaList(schemas.toArray(new String[0]))
                        .tableList(tableList.toArray(new String[0]))
                        .slotName(slot)
                        .decodingPluginName("pgoutput")
                        .startupOptions("initial".equals(args.startup) ? StartupOptions.initial() : StartupOptions.snapshot())
                        .debeziumProperties(debezium)
                        .deserializer(new TableRecordDeserializer(args.sampleRows, chunkKey.isEmpty() ? null : chunkKey, args.sink != null));
        SourceOptions.apply(args.sourceOptions, builder);
        if (!chunkKey.isEmpty()) builder.chunkKeyColumn(chunkKey);
        return builder.build();
    }
}
