package dev.cdcsizer.job;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a database sink writes (--sink jdbc|starrocks): the harness created the database and its
 * tables before the job, and names each captured table's sink table ({@code --sink-table
 * "schema"."table"="sink name"}; MySQL and StarRocks have no schemas, so there it is one name,
 * PostgreSQL keeps the schema). The job never creates or drops anything at the sink.
 */
final class SinkArguments implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Our own JDBC writer's options (MultiTableJdbcSink), named as Flink's JDBC connector names its own. */
    static final String MAX_ROWS = "sink.buffer-flush.max-rows";
    static final String INTERVAL_MS = "sink.buffer-flush.interval-ms";
    static final Set<String> JDBC_OPTIONS = Set.of(MAX_ROWS, INTERVAL_MS);

    /**
     * The StarRocks connector's options a run may set: its buffering, flushing, timeouts, retries
     * and Stream Load properties. Where it writes, who it is and its format are the run's own.
     */
    static final Set<String> STARROCKS_OPTIONS = Set.of(
            "sink.buffer-flush.max-bytes", "sink.buffer-flush.max-rows", "sink.buffer-flush.interval-ms",
            "sink.buffer-flush.enqueue-timeout-ms", "sink.io.thread-count", "sink.connect.timeout-ms",
            "sink.socket.timeout-ms", "sink.wait-for-continue.timeout-ms", "sink.label-prefix",
            "sink.max-retries", "sink.retry.interval-ms", "sink.scan-frequency.ms", "sink.chunk-limit",
            "sink.at-least-once.use-transaction-stream-load", "sink.metric.histogram-window-size");
    static final String STARROCKS_PROPERTIES = "sink.properties.";
    /** Stream Load properties the job sets itself (JSON rows with __op, see StarRocksRows). */
    static final Set<String> STARROCKS_FIXED_PROPERTIES = Set.of("sink.properties.format", "sink.properties.strip_outer_array", "sink.properties.columns", "sink.properties.ignore_json_size");

    /** jdbc or starrocks. */
    final String kind;
    /** jdbc: mysql or postgres (the SQL dialect of upserts and quoting). */
    final String dialect;
    /** jdbc: the database's JDBC URL; starrocks: the FE's MySQL-protocol JDBC URL. */
    final String jdbcUrl;
    /** starrocks: the FE's HTTP address for Stream Load (host:port). */
    final String loadUrl;
    final String user;
    final String password;
    final String database;
    final Map<String, String> options;
    /** Source table id (schema.table) to its sink table. */
    final Map<String, TableName> tables;

    SinkArguments(Map<String, String> single, List<String> options, List<String> tables, List<TableName> captured) {
        kind = single.get("sink");
        if (!kind.equals("jdbc") && !kind.equals("starrocks")) throw new IllegalArgumentException("--sink must be jdbc or starrocks, got '" + kind + "'");
        dialect = kind.equals("starrocks") ? "starrocks" : single.getOrDefault("sink-dialect", "");
        if (kind.equals("jdbc") && !dialect.equals("mysql") && !dialect.equals("postgres")) throw new IllegalArgumentException("--sink-dialect must be mysql or postgres, got '" + dialect + "'");
        jdbcUrl = required(single, "sink-jdbc-url");
        loadUrl = kind.equals("starrocks") ? required(single, "sink-load-url") : null;
        user = single.getOrDefault("sink-user", "root");
        password = single.getOrDefault("sink-password", "");
        database = required(single, "sink-database");
        this.options = new LinkedHashMap<>();
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--sink-option needs key=value, got '" + kv + "'");
            String key = kv.substring(0, eq).trim();
            refuseUnknown(key);
            this.options.put(key, kv.substring(eq + 1).trim());
        }
        this.tables = new LinkedHashMap<>();
        for (String kv : tables) {
            Map.Entry<TableName, String> e = TableName.parseAssignment(kv, "public");
            if (!captured.contains(e.getKey())) throw new IllegalArgumentException("--sink-table names " + e.getKey().quoted() + ", which is not in --tables");
            List<TableName> target = TableName.parseList(e.getValue(), null);
            if (target.size() != 1) throw new IllegalArgumentException("--sink-table: one sink table per source table, got '" + e.getValue() + "'");
            this.tables.put(e.getKey().id(), target.get(0));
        }
        for (TableName t : captured) if (!this.tables.containsKey(t.id())) throw new IllegalArgumentException("--sink-table is missing for " + t.quoted());
    }

    private void refuseUnknown(String key) {
        boolean known = kind.equals("jdbc")
                ? JDBC_OPTIONS.contains(key)
                : STARROCKS_OPTIONS.contains(key) || (key.startsWith(STARROCKS_PROPERTIES) && !STARROCKS_FIXED_PROPERTIES.contains(key));
        if (!known) {
            Set<String> allowed = kind.equals("jdbc") ? JDBC_OPTIONS : STARROCKS_OPTIONS;
            throw new IllegalArgumentException("--sink-option " + key + " is not an option of the " + kind + " sink; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + (kind.equals("starrocks") ? " and sink.properties.* (Stream Load properties other than format, strip_outer_array, columns, ignore_json_size)" : ""));
        }
    }

    long longOption(String key, long fallback) {
        String v = options.get(key);
        if (v == null) return fallback;
        try {
            long n = Long.parseLong(v);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sink-option " + key + " must be a positive whole number, got '" + v + "'");
        }
    }

    private static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required with --sink");
        return v;
    }
}
