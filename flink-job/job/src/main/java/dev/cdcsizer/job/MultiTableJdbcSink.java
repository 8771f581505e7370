package dev.cdcsizer.job;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes every captured table into its sink table over one JDBC connection per subtask: upserts
 * by the sink table's primary key, deletes by it, buffered per table and flushed as JDBC batches
 * in one transaction when {@code sink.buffer-flush.max-rows} rows wait, every
 * {@code sink.buffer-flush.interval-ms}, at each checkpoint and at the end of input.
 *
 * <p>Why our own writer and not flink-connector-jdbc's JdbcSink: JdbcSink binds one SQL statement
 * per sink, so hundreds of tables would need hundreds of sinks (each with its own connections and
 * buffers) and a job graph that grows with the catalog. Here one operator holds a statement pair
 * per table, built from the sink table's own columns and key, read from the sink when the table's
 * first row arrives.
 *
 * <p>Delivery: flushing at every checkpoint before it completes makes the writes at-least-once;
 * since every write is an upsert or a delete by key, a row written twice ends the same, so the
 * sink's end state is what exactly-once would give.
 *
 * <p>A batch the sink refuses is rolled back and its rows written one by one: a row the sink
 * rejects (a value out of its column's range, a type it cannot read) is counted
 * ({@code sinkRejected:<table>}; in {@code sinkError:<table>} up to 200 of them as
 * {@code <sample hash hex>:<Base64 message>}, the hash naming the row as the fidelity sample does) and the
 * job goes on, as the rows' fidelity is the question; an error of the connection itself (SQLSTATE
 * class 08) fails the job. Rows committed are counted in {@code sinkRows:<table>}, the last
 * commit's wall-clock time in {@code sinkLastCommitMs}.
 */
@SuppressWarnings("deprecation")
final class MultiTableJdbcSink extends RichSinkFunction<CdcRecord> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final long DEFAULT_MAX_ROWS = 1000;
    private static final long DEFAULT_INTERVAL_MS = 1000;
    /** Rejected rows remembered per table and subtask, with their message. */
    private static final int MAX_REJECTIONS_KEPT = 200;

    private final SinkArguments sink;
    private final SinkDialect dialect;
    private final long maxRows;
    private final long intervalMs;

    private transient Connection connection;
    private transient Map<String, TableWriter> writers;
    private transient int pending;
    private transient ScheduledExecutorService timer;
    private transient volatile Exception timerFailure;
    private transient LongMaximum lastCommitMs;
    private transient LongCounter flushMs;

    MultiTableJdbcSink(SinkArguments sink) {
        this.sink = sink;
        this.dialect = SinkDialect.of(sink.dialect);
        // Checked here, on the client, so a bad value fails the submission with its name.
        this.maxRows = sink.longOption(SinkArguments.MAX_ROWS, DEFAULT_MAX_ROWS);
        this.intervalMs = sink.longOption(SinkArguments.INTERVAL_MS, DEFAULT_INTERVAL_MS);
    }

    @Override
    public void open(OpenContext context) throws Exception {
        connection = connect();
        writers = new HashMap<>();
        lastCommitMs = new LongMaximum();
        flushMs = new LongCounter();
        getRuntimeContext().addAccumulator("sinkLastCommitMs", lastCommitMs);
        getRuntimeContext().addAccumulator("sinkFlushMs", flushMs);
        for (String table : sink.tables.keySet()) writer(table);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdc-sizer sink flush");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (Exception e) {
                timerFailure = e;
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The driver is in the job jar: asked directly, since DriverManager does not see a user class loader's drivers. */
    private Connection connect() throws SQLException {
        Driver driver = "postgres".equals(sink.dialect) ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        Properties p = new Properties();
        p.setProperty("user", sink.user);
        if (!sink.password.isEmpty()) p.setProperty("password", sink.password);
        Connection c = driver.connect(sink.jdbcUrl, p);
        if (c == null) throw new SQLException("the " + sink.dialect + " driver does not take the URL " + sink.jdbcUrl.replaceAll("//[^@/]*@", "//"));
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public void invoke(CdcRecord record, Context context) throws Exception {
        if (timerFailure != null) throw timerFailure;
        if (record.sinkColumns == null) return;
        boolean full;
        synchronized (this) {
            writer(record.table).add(record);
            full = ++pending >= maxRows;
        }
        if (full) flush();
    }

    private TableWriter writer(String table) {
        TableWriter w = writers.get(table);
        if (w == null) {
            TableName target = sink.tables.get(table);
            if (target == null) throw new IllegalStateException("no sink table for " + table);
            w = new TableWriter(table, target);
            writers.put(table, w);
            getRuntimeContext().addAccumulator("sinkRows:" + table, w.rows);
            getRuntimeContext().addAccumulator("sinkRejected:" + table, w.rejected);
            getRuntimeContext().addAccumulator("sinkError:" + table, w.error);
        }
        return w;
    }

    /** Every table's waiting rows, in one transaction; the commit's time is the sink's last write so far. */
    synchronized void flush() throws SQLException {
        if (pending == 0) return;
        long started = System.currentTimeMillis();
        try {
            for (TableWriter w : writers.values()) w.writeBatches();
            connection.commit();
            for (TableWriter w : writers.values()) w.committed();
        } catch (SQLException e) {
            if (isConnectionLoss(e)) throw e;
            connection.rollback();
            // One refused row must not sink the others: they are written one by one, each committed.
            for (TableWriter w : writers.values()) w.writeOneByOne();
        }
        for (TableWriter w : writers.values()) w.pending.clear();
        pending = 0;
        long now = System.currentTimeMillis();
        lastCommitMs.add(now);
        flushMs.add(now - started);
    }

    private static boolean isConnectionLoss(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        flush();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // Nothing to restore: the buffer is flushed before every checkpoint completes.
    }

    @Override
    public void finish() throws Exception {
        flush();
    }

    @Override
    public void close() throws Exception {
        if (timer != null) timer.shutdownNow();
        if (connection != null) connection.close();
    }

    /** One sink table: its statements, its waiting rows and its counters. */
    private final class TableWriter {
        final String source;
        final String qualified;
        final TableName target;
        final LongCounter rows = new LongCounter();
        final LongCounter rejected = new LongCounter();
        final ListAccumulator<String> error = new ListAccumulator<>();
        final List<CdcRecord> pending = new ArrayList<>();
        long uncommitted;
        SinkDialect.TableShape shape;
        PreparedStatement upsert;
        PreparedStatement delete;
        /** The record column order last seen and where each sink column is in it. */
        String[] lastColumns;
        int[] positions;
        /** Where each key column sits in the sink table's columns, found once. */
        int[] keyColumns;

        TableWriter(String source, TableName target) {
            this.source = source;
            this.target = target;
            this.qualified = dialect.qualified(sink.database, target);
        }

        void add(CdcRecord r) {
            pending.add(r);
        }

        private void prepare() throws SQLException {
            if (shape != null) return;
            shape = dialect.shape(connection, sink.database, target);
            if (shape.columns.isEmpty()) throw new SQLException("the sink table " + qualified + " is not there (the harness creates it before the job)");
            if (shape.key.isEmpty()) throw new SQLException("the sink table " + qualified + " has no primary key: upserts and deletes need one");
            keyColumns = new int[shape.key.size()];
            for (int k = 0; k < keyColumns.length; k++) keyColumns[k] = shape.columns.indexOf(shape.key.get(k));
            upsert = connection.prepareStatement(dialect.upsert(qualified, shape.columns, shape.key));
            delete = connection.prepareStatement(dialect.delete(qualified, shape.key));
        }

        /** Consecutive upserts and deletes as batches, in arrival order, so a key's last change wins. */
        void writeBatches() throws SQLException {
            if (pending.isEmpty()) return;
            prepare();
            Boolean batching = null;
            for (CdcRecord r : pending) {
                if (batching != null && batching != r.sinkDelete) execute(batching);
                batching = r.sinkDelete;
                bind(r);
                (r.sinkDelete ? delete : upsert).addBatch();
            }
            execute(batching);
            uncommitted = pending.size();
        }

        private void execute(boolean deletes) throws SQLException {
            (deletes ? delete : upsert).executeBatch();
        }

        void committed() {
            rows.add(uncommitted);
            uncommitted = 0;
        }

        void writeOneByOne() throws SQLException {
            if (pending.isEmpty()) return;
            prepare(); // a sink table that is not there fails the job: no row of it could be written
            upsert.clearBatch();
            delete.clearBatch();
            uncommitted = 0;
            for (CdcRecord r : pending) {
                try {
                    bind(r);
                    (r.sinkDelete ? delete : upsert).executeUpdate();
                    connection.commit();
                    rows.add(1);
                } catch (SQLException e) {
                    if (isConnectionLoss(e)) throw e;
                    connection.rollback();
                    rejected.add(1);
                    // The row's sample hash (as the fidelity sample names its rows) and why: the harness tells a refused sampled row's column by it.
                    if (error.getLocalValue().size() < MAX_REJECTIONS_KEPT) error.add(Long.toHexString(KeyHash.spread(r.keyHash)) + ":" + SinkDialect.base64(firstLine(e)));
                }
            }
        }

        private void bind(CdcRecord r) throws SQLException {
            // The same array object for every row of one schema (TableRecordDeserializer): identity first.
            if (lastColumns != r.sinkColumns && (lastColumns == null || !Arrays.equals(lastColumns, r.sinkColumns))) {
                Map<String, Integer> at = new LinkedHashMap<>();
                for (int i = 0; i < r.sinkColumns.length; i++) at.put(r.sinkColumns[i], i);
                positions = new int[shape.columns.size()];
                for (int i = 0; i < positions.length; i++) positions[i] = at.getOrDefault(shape.columns.get(i), -1);
                lastColumns = r.sinkColumns;
            }
            if (r.sinkDelete) {
                for (int k = 0; k < keyColumns.length; k++) dialect.bind(delete, k + 1, valueAt(r, keyColumns[k]), shape.types.get(keyColumns[k]));
                return;
            }
            for (int i = 0; i < positions.length; i++) dialect.bind(upsert, i + 1, valueAt(r, i), shape.types.get(i));
        }

        private Object valueAt(CdcRecord r, int column) {
            int p = positions[column];
            return p < 0 ? null : r.sinkValues[p];
        }
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
