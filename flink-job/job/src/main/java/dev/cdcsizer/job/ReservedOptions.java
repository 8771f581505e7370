package dev.cdcsizer.job;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Source options the harness owns: the run's slot and publication, the connection, the captured
 * tables, the bounded incremental snapshot and the record keys it fingerprints. The harness
 * refuses them before anything starts (src/engines/flink-cdc/reserved-options.ts keeps the same
 * table); the job refuses them again, so that a reserved key that reaches it another way can never
 * point the connector at a slot or publication the run does not own (the connector rewrites the
 * publication it is given with ALTER PUBLICATION ... SET TABLE).
 */
final class ReservedOptions {

    private static final class Entry {
        final List<String> options;
        /** Debezium property names, without the debezium. prefix. */
        final List<String> debezium;
        /** Also every Debezium property that starts with one of {@link #debezium} and a dot. */
        final boolean prefix;
        final String reason;

        Entry(List<String> options, List<String> debezium, boolean prefix, String reason) {
            this.options = options;
            this.debezium = debezium;
            this.prefix = prefix;
            this.reason = reason;
        }
    }

    private static final String CONNECTION = "the connection is the one cdc-sizer connects with";
    private static final String TABLES = "cdc-sizer sets the captured tables and schemas itself";
    private static final String SNAPSHOT =
            "cdc-sizer measures the bounded incremental snapshot (scan.startup.mode=snapshot)";

    private static final List<Entry> ALL =
            List.of(
                    new Entry(List.of("slot.name"), List.of("slot.name"), false,
                            "the run names its own replication slot and drops it afterwards"),
                    new Entry(List.of(), List.of("publication.name"), false,
                            "the run names its own publication and drops it afterwards; the"
                                    + " connector rewrites the publication it is given"),
                    new Entry(List.of(), List.of("publication.autocreate.mode"), false,
                            "the run's publication is created for the measured tables only"),
                    new Entry(List.of(), List.of("publish.via.partition.root"), false,
                            "the run creates its own publication"),
                    new Entry(List.of("decoding.plugin.name"), List.of("plugin.name"), false,
                            "the run's slot uses the pgoutput plugin"),
                    new Entry(List.of(), List.of("slot.drop.on.stop"), false,
                            "the run drops its own slots itself"),
                    new Entry(List.of(), List.of("slot.stream.params"), false,
                            "the slot streams the run's own publication"),
                    new Entry(List.of("scan.startup.mode"), List.of("snapshot.mode"), true, SNAPSHOT),
                    new Entry(
                            List.of("scan.startup.timestamp-millis",
                                    "scan.startup.specific-offset.file",
                                    "scan.startup.specific-offset.pos",
                                    "scan.startup.specific-offset.skip-events",
                                    "scan.startup.specific-offset.skip-rows"),
                            List.of(), false, SNAPSHOT),
                    new Entry(List.of("scan.incremental.snapshot.enabled"), List.of(), false, SNAPSHOT),
                    new Entry(List.of("hostname"), List.of("database.hostname"), false, CONNECTION),
                    new Entry(List.of("port"), List.of("database.port"), false, CONNECTION),
                    new Entry(List.of("database-name"), List.of("database.dbname"), false, CONNECTION),
                    new Entry(List.of("username"), List.of("database.user"), false, CONNECTION),
                    new Entry(List.of("password"), List.of("database.password"), false, CONNECTION),
                    new Entry(List.of(), List.of("database"), true, CONNECTION),
                    new Entry(List.of("table-name"),
                            List.of("table.include.list", "table.exclude.list",
                                    "table.whitelist", "table.blacklist"),
                            false, TABLES),
                    new Entry(List.of("schema-name"),
                            List.of("schema.include.list", "schema.exclude.list",
                                    "schema.whitelist", "schema.blacklist"),
                            false, TABLES),
                    new Entry(List.of(),
                            List.of("column.include.list", "column.exclude.list",
                                    "column.whitelist", "column.blacklist"),
                            false, "cdc-sizer reads every column of the measured tables"),
                    new Entry(List.of(),
                            List.of("snapshot.select.statement.overrides",
                                    "snapshot.include.collection.list"),
                            false, "cdc-sizer reads every row of the measured tables"),
                    new Entry(List.of(SourceOptions.CHUNK_KEY_COLUMN), List.of("message.key.columns"),
                            false, "cdc-sizer chooses each table's chunk key (--chunk-key-column)"),
                    new Entry(List.of(), List.of("connector.class"), false,
                            "cdc-sizer measures the PostgreSQL connector"));

    private ReservedOptions() {}

    /** Why a source option key is reserved, or null when it is not. */
    static String reason(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        String property = k.startsWith(SourceOptions.DEBEZIUM_PREFIX)
                ? k.substring(SourceOptions.DEBEZIUM_PREFIX.length()) : null;
        String name = property != null ? property : k;
        for (Entry e : ALL) {
            if (property == null && e.options.contains(k)) return e.reason;
            for (String d : e.debezium) {
                if (name.equals(d) || (e.prefix && name.startsWith(d + "."))) return e.reason;
            }
        }
        return null;
    }

    /** Fails on the first reserved key, naming it (never its value: it may be a password). */
    static void refuse(Map<String, String> options) {
        for (String key : options.keySet()) {
            String reason = reason(key);
            if (reason != null) {
                throw new IllegalArgumentException(
                        "source option " + key + " cannot be set: " + reason);
            }
        }
    }
}
