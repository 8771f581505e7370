package dev.cdcsizer.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The job's named arguments ({@code --name value}). Each mistake is reported by name, because the
 * message travels back through Flink's REST API to a person reading one line.
 */
final class JobArguments {

    private static final Set<String> SINGLE =
            Set.of(
                    "hostname", "port", "database", "username", "password", "password-env",
                    "schema", "tables",
                    "slot-name", "publication", "chunk-size", "fetch-size",
                    "checkpoint-interval-ms", "job-name", "sample-rows", "startup",
                    "publication-mode",
                    "sink", "sink-dialect", "sink-jdbc-url", "sink-load-url", "sink-user", "sink-password", "sink-database");
    private static final Set<String> REPEATABLE = Set.of("source-option", "chunk-key-column", "sink-option", "sink-table");

    // PostgreSQL's rule for slot names; publications are held to it too so both stay unquoted.
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,50}");

    final String hostname;
    final int port;
    final String database;
    final String username;
    final String password;
    /** In the order given ({@code --tables "schema"."table",…}, see TableName). */
    final List<TableName> tables;
    final String slotName;
    final String publication;
    final long checkpointIntervalMs;
    final String jobName;
    /** Rows per table (and reader) kept for the type-fidelity check; 0 keeps none. */
    final int sampleRows;
    /** snapshot: the job ends with the snapshot; initial: the snapshot, then the stream, until cancelled. */
    final String startup;
    /**
     * filtered: the connector creates the run's publication for the captured tables (and its
     * backfill tasks narrow it to one table at a time); existing: the harness created it and the
     * connector uses it as it is (Debezium's {@code publication.autocreate.mode=disabled}).
     */
    final String publicationMode;
    /** Source options as given, in order; dedicated arguments such as --chunk-size land here too. */
    final Map<String, String> sourceOptions;
    /** Per-table chunk key columns ({@code --chunk-key-column "schema"."table"=column}). */
    final Map<TableName, String> chunkKeyColumns;
    /** The database sink beside the counting one (--sink jdbc|starrocks), or null: discard only. */
    final SinkArguments sink;

    private JobArguments(Map<String, String> single, Map<String, List<String>> repeated) {
        hostname = single.getOrDefault("hostname", "127.0.0.1");
        port = intArg(single, "port", 5432);
        database = required(single, "database");
        username = required(single, "username");
        password = password(single);
        String schema = single.getOrDefault("schema", "public");
        String tableList = required(single, "tables");
        tables = parsed("tables", () -> TableName.parseList(tableList, schema));
        if (tables.isEmpty()) throw new IllegalArgumentException("--tables lists no table");
        slotName = name(single, "slot-name");
        publication = name(single, "publication");
        checkpointIntervalMs = intArg(single, "checkpoint-interval-ms", 1000);
        if (checkpointIntervalMs < 10) {
            throw new IllegalArgumentException("--checkpoint-interval-ms must be at least 10");
        }
        jobName = single.getOrDefault("job-name", "snapshot");
        sampleRows = intArg(single, "sample-rows", 0);
        if (sampleRows < 0 || sampleRows > 1000) {
            throw new IllegalArgumentException("--sample-rows must be between 0 and 1000");
        }

        startup = single.getOrDefault("startup", "snapshot");
        if (!startup.equals("snapshot") && !startup.equals("initial")) {
            throw new IllegalArgumentException("--startup must be snapshot or initial, got '" + startup + "'");
        }

        publicationMode = single.getOrDefault("publication-mode", "filtered");
        if (!publicationMode.equals("filtered") && !publicationMode.equals("existing")) {
            throw new IllegalArgumentException("--publication-mode must be filtered or existing, got '" + publicationMode + "'");
        }

        sourceOptions = new LinkedHashMap<>();
        if (single.containsKey("chunk-size")) {
            sourceOptions.put(SourceOptions.CHUNK_SIZE, single.get("chunk-size"));
        }
        if (single.containsKey("fetch-size")) {
            sourceOptions.put(SourceOptions.FETCH_SIZE, single.get("fetch-size"));
        }
        for (String kv : repeated.getOrDefault("source-option", List.of())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--source-option needs key=value, got '" + kv + "'");
            }
            sourceOptions.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        ReservedOptions.refuse(sourceOptions);

        chunkKeyColumns = new LinkedHashMap<>();
        for (String kv : repeated.getOrDefault("chunk-key-column", List.of())) {
            Map.Entry<TableName, String> e = parsed("chunk-key-column", () -> TableName.parseAssignment(kv, schema));
            if (!tables.contains(e.getKey())) {
                throw new IllegalArgumentException(
                        "--chunk-key-column names " + e.getKey().quoted() + ", which is not in --tables");
            }
            chunkKeyColumns.put(e.getKey(), e.getValue());
        }

        boolean sinkArgs = single.keySet().stream().anyMatch(k -> k.startsWith("sink-")) || repeated.containsKey("sink-option") || repeated.containsKey("sink-table");
        if (single.containsKey("sink") && !"discard".equals(single.get("sink"))) {
            sink = new SinkArguments(single, repeated.getOrDefault("sink-option", List.of()), repeated.getOrDefault("sink-table", List.of()), tables);
        } else if (sinkArgs) {
            throw new IllegalArgumentException("--sink-* arguments need --sink jdbc or --sink starrocks");
        } else {
            sink = null;
        }
    }

    static JobArguments parse(String[] argv) {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'" + usage());
            }
            String name = arg.substring(2);
            if (!SINGLE.contains(name) && !REPEATABLE.contains(name)) {
                throw new IllegalArgumentException("unknown argument --" + name + usage());
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            String value = argv[++i];
            if (REPEATABLE.contains(name)) {
                repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (single.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return new JobArguments(single, repeated);
    }

    /**
     * The local cluster cdc-sizer starts gets the password in an environment variable of its JVM
     * (--password-env NAME), so that it is on no command line and in no request; a cluster of the
     * user's can only be given it as an argument (--password). Neither is ever echoed.
     */
    private static String password(Map<String, String> args) {
        String variable = args.get("password-env");
        if (variable == null) return args.getOrDefault("password", "");
        if (args.containsKey("password")) {
            throw new IllegalArgumentException("give --password or --password-env, not both");
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalArgumentException(
                    "--password-env names " + variable + ", which is not set in this Flink JVM;"
                            + " it is for the local cluster cdc-sizer starts, give --password elsewhere");
        }
        return value;
    }

    private static String usage() {
        return "; arguments: --" + String.join(", --", new TreeSet<>(SINGLE))
                + " and the repeatable --source-option key=value, --chunk-key-column \"schema\".\"table\"=column";
    }

    /** A name list's mistake, said with the argument it is in. */
    private static <T> T parsed(String arg, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + arg + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }

    /** The harness names slots and publications; the connector's defaults are never used. */
    private static String name(Map<String, String> args, String arg) {
        String v = required(args, arg);
        if (!SLOT_NAME.matcher(v).matches()) {
            throw new IllegalArgumentException(
                    "--" + arg + " '" + v + "' must be 1-50 lower-case letters, digits or _");
        }
        return v;
    }

    private static int intArg(Map<String, String> args, String name, int fallback) {
        String v = args.get(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }
}
