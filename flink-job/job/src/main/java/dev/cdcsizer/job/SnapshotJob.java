package dev.cdcsizer.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * cdc-sizer's Flink job: the Flink CDC PostgreSQL incremental snapshot of the given tables into a
 * sink that counts and discards. Submitted over REST (/jars/:id/run) with named arguments; the
 * parallelism comes from the run request.
 */
public final class SnapshotJob {

    private SnapshotJob() {}

    public static void main(String[] argv) throws Exception {
        Properties versions = versions();
        String cdcVersion = versions.getProperty("cdc.version", "unknown");
        JobArguments args = JobArguments.parse(argv);

        Configuration conf = new Configuration();
        // A failed snapshot must end the job as FAILED; with checkpointing on, Flink would
        // otherwise restart it forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Snapshot-only at parallelism > 1 ends only after a completed checkpoint: the split
        // assigner waits for one before it reports itself finished.
        env.enableCheckpointing(args.checkpointIntervalMs);
        env.getConfig().setGlobalJobParameters(describe(args, versions));

        SnapshotSource source = new PostgresSnapshotSource(args, cdcVersion);
        org.apache.flink.streaming.api.datastream.DataStream<CdcRecord> records = source.attach(env);
        // The counting sink stays whatever the sink: its accumulators are what the harness measures by.
        records.addSink(new CountingDiscardSink(ids(args.tables), args.sampleRows))
                .name("counting discard sink")
                .uid("counting-discard-sink");
        // A database sink reads the same stream beside it (chained to the source, as the counting one).
        if (args.sink != null && args.sink.kind.equals("jdbc")) {
            records.addSink(new MultiTableJdbcSink(args.sink)).name("jdbc sink (" + args.sink.dialect + ")").uid("jdbc-sink");
        } else if (args.sink != null) {
            records.map(new SinkHandOff()).name("starrocks hand-off counter").uid("starrocks-hand-off")
                    .sinkTo(StarRocksSinks.create(args.sink)).name("starrocks sink").uid("starrocks-sink");
        }

        env.execute("cdc-sizer " + args.jobName + " (flink-cdc " + cdcVersion + ")");
    }

    /** Shown by GET /jobs/:id/config under user-config, so a result can say what ran. No password. */
    private static Configuration describe(JobArguments args, Properties versions) {
        Configuration c = new Configuration();
        c.setString("cdc-sizer.cdc-version", versions.getProperty("cdc.version", "unknown"));
        c.setString("cdc-sizer.flink-version-built", versions.getProperty("flink.version", "unknown"));
        c.setString("cdc-sizer.tables", String.join(",", quoted(args.tables)));
        c.setString("cdc-sizer.slot-name", args.slotName);
        c.setString("cdc-sizer.publication", args.publication);
        for (Map.Entry<String, String> e : args.sourceOptions.entrySet()) {
            boolean secret = e.getKey().toLowerCase().contains("password");
            c.setString("cdc-sizer.source-option." + e.getKey(), secret ? "******" : e.getValue());
        }
        args.chunkKeyColumns.forEach((t, col) -> c.setString("cdc-sizer.chunk-key-column." + t.quoted(), col));
        if (args.sink != null) {
            c.setString("cdc-sizer.sink", args.sink.kind + " " + args.sink.dialect);
            c.setString("cdc-sizer.sink-database", args.sink.database);
            args.sink.options.forEach((k, v) -> c.setString("cdc-sizer.sink-option." + k, v));
        }
        return c;
    }

    /** The names records and accumulators carry ({@code schema.table}). */
    private static java.util.List<String> ids(java.util.List<TableName> tables) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (TableName t : tables) out.add(t.id());
        return out;
    }

    private static java.util.List<String> quoted(java.util.List<TableName> tables) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (TableName t : tables) out.add(t.quoted());
        return out;
    }

    private static Properties versions() throws IOException {
        Properties p = new Properties();
        try (InputStream in = SnapshotJob.class.getResourceAsStream("/cdc-sizer-job.properties")) {
            if (in != null) p.load(in);
        }
        return p;
    }
}
