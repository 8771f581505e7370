package dev.cdcsizer.job;

import io.debezium.jdbc.JdbcConnection;
import io.debezium.relational.TableId;

import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfigFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;

/**
 * Times what the connector's enumerator does before it splits each table, with the connector's own
 * code: {@code PostgresDialect.queryTableSchema}, which reads the schema of every captured table
 * (Debezium's readSchema: JDBC getTables, getColumns, getPrimaryKeys, and the Java objects built
 * from them) and keeps the one asked for. Read-only: catalog queries, no slot, no publication.
 *
 * <p>Usage: {@code java -cp <job jar>:<Flink classpath> dev.cdcsizer.job.SchemaReadProbe host port
 * database user n1,n2,… c1,c2,…}, the password in {@code CDCSIZER_PG_PASSWORD}, the captured tables
 * on stdin as the harness quotes them, one per line, in the job's order. For each n_i, a dialect
 * capturing the first n_i tables reads the schema of c_i of them (the last c for the rest), one after
 * another as the enumerator does; prints one line per n: {@code n<TAB>seconds of each call,
 * comma-separated}.
 */
public final class SchemaReadProbe {

    private SchemaReadProbe() {}

    public static void main(String[] argv) throws Exception {
        String host = argv[0];
        int port = Integer.parseInt(argv[1]);
        String database = argv[2];
        String user = argv[3];
        String password = System.getenv().getOrDefault("CDCSIZER_PG_PASSWORD", "");
        String[] calls = argv[5].split(",");
        List<TableName> tables = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isEmpty()) tables.addAll(TableName.parseList(line, "public"));
            }
        }
        String[] counts = argv[4].split(",");
        for (int i = 0; i < counts.length; i++) {
            List<TableName> captured = tables.subList(0, Math.min(tables.size(), Integer.parseInt(counts[i])));
            int n = Integer.parseInt(calls[Math.min(i, calls.length - 1)]);
            System.out.println(captured.size() + "\t" + timeCalls(config(host, port, database, user, password, captured), captured, n));
            System.out.flush();
        }
    }

    private static String timeCalls(PostgresSourceConfig config, List<TableName> captured, int calls) throws Exception {
        PostgresDialect dialect = new PostgresDialect(config);
        StringBuilder out = new StringBuilder();
        // The table ids as the enumerator gets them (their catalog part must match readSchema's).
        List<TableId> ids = dialect.discoverDataCollections(config);
        try (JdbcConnection jdbc = dialect.openJdbcConnection(config)) {
            for (int i = 0; i < Math.min(calls, ids.size()); i++) {
                long started = System.nanoTime();
                dialect.queryTableSchema(jdbc, ids.get(i));
                if (out.length() > 0) out.append(',');
                out.append((System.nanoTime() - started) / 1e9);
            }
        }
        return out.toString();
    }

    /** The source's configuration as the job builds it (PostgresSnapshotSource), for these tables. */
    private static PostgresSourceConfig config(String host, int port, String database, String user, String password, List<TableName> captured) {
        LinkedHashSet<String> schemas = new LinkedHashSet<>();
        List<String> tableList = new ArrayList<>();
        for (TableName t : captured) {
            schemas.add(TableName.schemaPattern(t.schema));
            tableList.add(t.includePattern());
        }
        PostgresSourceConfigFactory f = new PostgresSourceConfigFactory();
        f.hostname(host);
        f.port(port);
        f.database(database);
        f.username(user);
        f.password(password);
        f.schemaList(schemas.toArray(new String[0]));
        f.tableList(tableList.toArray(new String[0]));
        f.slotName("cdcsizer_probe_unused");
        f.decodingPluginName("pgoutput");
        f.startupOptions(StartupOptions.snapshot());
        f.debeziumProperties(new Properties());
        return f.create(0);
    }
}
