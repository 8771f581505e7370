package dev.cdcsizer.job;

import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;
import org.apache.flink.util.TimeUtils;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Source options by their Flink SQL connector names (what users of postgres-cdc already know),
 * applied to the DataStream builder. Options are looked up on the builder of the connector that
 * is actually on the classpath, so a jar built with -Dcdc.version=3.4.0 rejects an option that only
 * 3.5.0 has, naming what this version allows. Keys starting with {@code debezium.} go to Debezium.
 */
final class SourceOptions {

    static final String CHUNK_SIZE = "scan.incremental.snapshot.chunk.size";
    static final String FETCH_SIZE = "scan.snapshot.fetch.size";
    /** Handled by {@link PostgresSnapshotSource}: the connector takes one column for all tables. */
    static final String CHUNK_KEY_COLUMN = "scan.incremental.snapshot.chunk.key-column";
    static final String DEBEZIUM_PREFIX = "debezium.";

    private static final class Option {
        final String builderMethod;
        final Class<?> type;
        final Function<String, Object> parse;

        Option(String builderMethod, Class<?> type, Function<String, Object> parse) {
            this.builderMethod = builderMethod;
            this.type = type;
            this.parse = parse;
        }
    }

    private static final Map<String, Option> ALL = new LinkedHashMap<>();

    static {
        option(CHUNK_SIZE, "splitSize", int.class, Integer::parseInt);
        option(FETCH_SIZE, "fetchSize", int.class, Integer::parseInt);
        option("chunk-meta.group.size", "splitMetaGroupSize", int.class, Integer::parseInt);
        option("chunk-key.even-distribution.factor.upper-bound", "distributionFactorUpper",
                double.class, Double::parseDouble);
        option("chunk-key.even-distribution.factor.lower-bound", "distributionFactorLower",
                double.class, Double::parseDouble);
        option("scan.incremental.snapshot.unbounded-chunk-first.enabled",
                "assignUnboundedChunkFirst", boolean.class, SourceOptions::bool);
        option("scan.incremental.snapshot.backfill.skip", "skipSnapshotBackfill",
                boolean.class, SourceOptions::bool);
        option("scan.incremental.close-idle-reader.enabled", "closeIdleReaders",
                boolean.class, SourceOptions::bool);
        option("scan.include-partitioned-tables.enabled", "includePartitionedTables",
                boolean.class, SourceOptions::bool);
        option("scan.lsn-commit.checkpoints-num-delay", "lsnCommitCheckpointsDelay",
                int.class, Integer::parseInt);
        option("connect.timeout", "connectTimeout", Duration.class, TimeUtils::parseDuration);
        option("connect.max-retries", "connectMaxRetries", int.class, Integer::parseInt);
        option("connection.pool.size", "connectionPoolSize", int.class, Integer::parseInt);
        option("heartbeat.interval.ms", "heartbeatInterval", Duration.class,
                TimeUtils::parseDuration);
        option("server-time-zone", "serverTimeZone", String.class, s -> s);
        option("decoding.plugin.name", "decodingPluginName", String.class, s -> s);
    }

    private static void option(
            String key, String method, Class<?> type, Function<String, Object> parse) {
        ALL.put(key, new Option(method, type, parse));
    }

    private SourceOptions() {}

    /** Option keys a user may set on the connector on the classpath, besides debezium.*. */
    static TreeSet<String> supported() {
        TreeSet<String> keys = new TreeSet<>();
        for (Map.Entry<String, Option> e : ALL.entrySet()) {
            if (method(e.getValue()) != null && ReservedOptions.reason(e.getKey()) == null) {
                keys.add(e.getKey());
            }
        }
        return keys;
    }

    /** Fails on the first option this connector version does not know or whose value is bad. */
    static void validate(Map<String, String> options, String cdcVersion) {
        ReservedOptions.refuse(options);
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(DEBEZIUM_PREFIX) || key.equals(CHUNK_KEY_COLUMN)) continue;
            Option option = ALL.get(key);
            if (option == null || method(option) == null) {
                throw new IllegalArgumentException(
                        "unknown source option '" + key + "' for Flink CDC " + cdcVersion
                                + " (postgres-cdc); allowed: " + String.join(", ", supported())
                                + ", or debezium.<property> for Debezium");
            }
            parse(key, option, e.getValue());
        }
    }

    /** Applies every builder option; chunk key and debezium.* are left to the caller. */
    static void apply(Map<String, String> options, PostgresSourceBuilder<?> builder) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            Option option = ALL.get(e.getKey());
            if (option == null) continue;
            try {
                method(option).invoke(builder, parse(e.getKey(), option, e.getValue()));
            } catch (IllegalAccessException | InvocationTargetException ex) {
                throw new IllegalStateException("could not set source option " + e.getKey(), ex);
            }
        }
    }

    /** debezium.* options with the prefix removed. */
    static Properties debezium(Map<String, String> options) {
        Properties props = new Properties();
        options.forEach(
                (k, v) -> {
                    if (k.startsWith(DEBEZIUM_PREFIX)) {
                        props.setProperty(k.substring(DEBEZIUM_PREFIX.length()), v);
                    }
                });
        return props;
    }

    private static Method method(Option option) {
        try {
            return PostgresSourceBuilder.class.getMethod(option.builderMethod, option.type);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object parse(String key, Option option, String value) {
        try {
            return option.parse.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "source option " + key + " has a bad value '" + value + "' (expected "
                            + option.type.getSimpleName() + ")");
        }
    }

    private static Object bool(String s) {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) return Boolean.valueOf(s);
        throw new IllegalArgumentException(s);
    }
}
