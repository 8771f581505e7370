package dev.cdcsizer.job;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Discards records and counts snapshot rows per table in accumulators ({@code records:<schema>.<table>},
 * {@code bytes:<schema>.<table>}, UTF-8 bytes of the JSON), with the wall-clock milliseconds of the
 * table's first and last record ({@code firstMs:}, {@code lastMs:}; merged as min and max over the
 * subtasks), which give each table's reading span, and {@code keyHash:<schema>.<table>}, the sum of
 * the records' key hashes (mod 2^64, see KeyHash), which the harness compares with the same sum over
 * the source's keys. Accumulators are exact and outlive the job on the REST API
 * (/jobs/:id/accumulators); operator metrics of a source chained with its sink report 0 records
 * there, and the metric store lags the job by its fetch interval.
 *
 * <p>Sampled rows for the type-fidelity check go to {@code sample:<table>} (the rows with the
 * smallest key hashes, at most {@code sampleRows} per subtask, as {@code <hash hex>:<Base64 row>})
 * and {@code schema:<table>} (Base64), so that the list's REST form, {@code [a, b]}, splits without
 * ambiguity; the harness keeps the smallest over all subtasks.
 *
 * <p>Per reader (sink subtask i, chained to source reader i): {@code readerFirstMs:i} and
 * {@code readerLastMs:i}, its first and last record, and its chunk cycles as the records show them:
 * a chunk's records reach the sink together once its backfill has ended, and nothing arrives while
 * the reader queries and backfills the next one, so a pause of {@link #PAUSE_MS} or more starts a
 * cycle. {@code readerCycles:i}, {@code readerCycleMs:i} and {@code readerCycleSqMs:i} count them
 * and sum their lengths and squares: how much one chunk's cost varies, which tells the harness how
 * far a short job's cadence can be trusted. {@code readerEarlyCycles:i} and {@code readerEarlyCycleMs:i}
 * count and sum its first {@link #EARLY_CYCLES} cycles apart: a job's first cycles run dearer than
 * its later ones, and a sample's jobs are little else. Each cycle is also counted for the table of the record
 * that ends its pause ({@code cycles:<schema>.<table>}, {@code cycleMs:<schema>.<table>}, summed over
 * the readers): the pause was that chunk's query and backfill, so a table of wide chunks shows its
 * dearer cycles, and the harness can fit what a chunk's bytes add to its cost.
 *
 * <p>Changes read from the stream (after the snapshot, or during it with the backfill skipped) are
 * counted apart: {@code inserts:}, {@code updates:}, {@code deletes:}, {@code changeBytes:} and
 * {@code changeKeyHash:<table>} (inserted keys' hashes minus deleted ones'), and over all tables
 * {@code streamMaxLsn}, {@code streamFirstMs}, {@code streamLastMs} and {@code streamMaxLagMs}
 * (arrival minus the source's commit time).
 *
 * <p>Each row's shape (its columns and their types, RowShape) is counted per table and per kind
 * ({@code r} snapshot rows, {@code c} changes): {@code shapeRecords:<kind><id>:<table>} with the
 * first and last arrival ({@code shapeFirstMs:}, {@code shapeLastMs:}), the changes' first and last
 * WAL position ({@code shapeFirstLsn:}, {@code shapeLastLsn:}) and the shape's text once
 * ({@code shapeText:}, Base64); {@code <id>} is the text's FNV-1a hash in hex. A DDL step during
 * a sync shows as a new shape from its position on, or as none when the connector missed it.
 *
 * <p>A SinkFunction, deprecated in Flink 1.20, because Sink V2 writers get no RuntimeContext and
 * so cannot add accumulators.
 */
@SuppressWarnings("deprecation")
final class CountingDiscardSink extends RichSinkFunction<CdcRecord> {

    private static final long serialVersionUID = 1L;

    private final List<String> tables;
    private final int sampleRows;
    /**
     * Records of one chunk arrive milliseconds apart; between chunks the reader is silent for the
     * next chunk's query and backfill (0.5–1.3 s at the connector's default poll interval, measured).
     */
    static final long PAUSE_MS = 100;
    /**
     * A reader's first cycles, counted apart: over the first ten of a job's cycles on the project's
     * machine the mean was 0.86–0.92 s, over the ten after 0.68–0.72 s and from the 21st on
     * 0.64–0.68 s (jobs of 69 and 140 chunks; docs/benchmarks.md).
     */
    static final int EARLY_CYCLES = 10;

    private transient Map<String, TableAccumulators> counters;
    private transient ReaderCadence cadence;
    private transient StreamAccumulators stream;

    CountingDiscardSink(List<String> tables, int sampleRows) {
        this.tables = tables;
        this.sampleRows = sampleRows;
    }

    @Override
    public void open(OpenContext context) {
        counters = new HashMap<>();
        // Registered up front so an empty (or never-read) table shows as 0, not as missing.
        for (String table : tables) register(table);
        cadence = new ReaderCadence();
        stream = new StreamAccumulators();
        getRuntimeContext().addAccumulator("streamMaxLsn", stream.maxLsn);
        getRuntimeContext().addAccumulator("streamFirstMs", stream.firstMs);
        getRuntimeContext().addAccumulator("streamLastMs", stream.lastMs);
        getRuntimeContext().addAccumulator("streamMaxLagMs", stream.maxLagMs);
        String reader = String.valueOf(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        getRuntimeContext().addAccumulator("readerFirstMs:" + reader, cadence.firstMs);
        getRuntimeContext().addAccumulator("readerLastMs:" + reader, cadence.lastMs);
        getRuntimeContext().addAccumulator("readerCycles:" + reader, cadence.cycles);
        getRuntimeContext().addAccumulator("readerCycleMs:" + reader, cadence.cycleMs);
        getRuntimeContext().addAccumulator("readerCycleSqMs:" + reader, cadence.cycleSqMs);
        getRuntimeContext().addAccumulator("readerEarlyCycles:" + reader, cadence.earlyCycles);
        getRuntimeContext().addAccumulator("readerEarlyCycleMs:" + reader, cadence.earlyCycleMs);
    }

    @Override
    public void invoke(CdcRecord record, Context context) {
        TableAccumulators c = counters.get(record.table);
        if (c == null) c = register(record.table);
        long now = System.currentTimeMillis();
        if (record.shape != null) shape(c, record, now);
        if (!record.isSnapshotRow()) {
            change(c, record, now);
            return;
        }
        long cycle = cadence.record(now);
        if (cycle >= 0) {
            c.cycles.add(1);
            c.cycleMs.add(cycle);
        }
        c.records.add(1);
        c.bytes.add(record.json.getBytes(StandardCharsets.UTF_8).length);
        c.firstMs.add(now);
        c.lastMs.add(now);
        c.keyHash.add(record.keyHash);
        if (record.sample != null) keep(c, record);
    }

    /**
     * A change from the stream: counted by op per table, and its key added to (insert) or taken
     * from (delete) the table's change fingerprint, so that snapshot rows plus inserts minus
     * deletes give the end state's count and key sum, which the harness compares with the source.
     * The stream's furthest WAL position, the time it arrived and its lag behind its commit tell
     * the harness when the stream has caught up.
     */
    private void change(TableAccumulators c, CdcRecord record, long now) {
        c.changeBytes.add(record.json.getBytes(StandardCharsets.UTF_8).length);
        switch (record.op) {
            case "c":
                c.inserts.add(1);
                c.changeKeyHash.add(record.keyHash);
                break;
            case "d":
                c.deletes.add(1);
                c.changeKeyHash.add(-record.keyHash);
                break;
            default:
                c.updates.add(1);
        }
        stream.maxLsn.add(record.lsn);
        stream.firstMs.add(now);
        stream.lastMs.add(now);
        if (record.sourceTsMs > 0) stream.maxLagMs.add(now - record.sourceTsMs);
    }

    /** Counts the record under its table's shape of its kind, registering the shape's accumulators when it is new. */
    private void shape(TableAccumulators c, CdcRecord record, long now) {
        boolean change = !record.isSnapshotRow();
        // Per record: a table's rows keep one shape (one String object) until a DDL, so the last one is compared first, by identity.
        ShapeAccumulators a = change ? (record.shape == c.lastChangeShape ? c.lastChangeAcc : null) : (record.shape == c.lastRowShape ? c.lastRowAcc : null);
        if (a == null) a = shapeAccumulators(c, record, change);
        a.records.add(1);
        a.firstMs.add(now);
        a.lastMs.add(now);
        if (change) {
            a.firstLsn.add(record.lsn);
            a.lastLsn.add(record.lsn);
        }
    }

    /** The accumulators of the record's shape, registered when the shape is new; remembered as the table's last. */
    private ShapeAccumulators shapeAccumulators(TableAccumulators c, CdcRecord record, boolean change) {
        Map<String, ShapeAccumulators> shapes = change ? c.changeShapes : c.rowShapes;
        ShapeAccumulators a = shapes.get(record.shape);
        if (a == null) {
            a = new ShapeAccumulators();
            String id = (change ? "c" : "r") + Long.toHexString(fnv(record.shape)) + ":" + record.table;
            getRuntimeContext().addAccumulator("shapeRecords:" + id, a.records);
            getRuntimeContext().addAccumulator("shapeFirstMs:" + id, a.firstMs);
            getRuntimeContext().addAccumulator("shapeLastMs:" + id, a.lastMs);
            getRuntimeContext().addAccumulator("shapeFirstLsn:" + id, a.firstLsn);
            getRuntimeContext().addAccumulator("shapeLastLsn:" + id, a.lastLsn);
            getRuntimeContext().addAccumulator("shapeText:" + id, a.text);
            a.text.add(base64(record.shape));
            shapes.put(record.shape, a);
        }
        if (change) {
            c.lastChangeShape = record.shape;
            c.lastChangeAcc = a;
        } else {
            c.lastRowShape = record.shape;
            c.lastRowAcc = a;
        }
        return a;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Keeps the rows with the smallest key hashes; the accumulator mirrors them. */
    private void keep(TableAccumulators c, CdcRecord record) {
        if (c.samples == null) {
            c.samples = new ListAccumulator<>();
            c.schema = new ListAccumulator<>();
            c.byHash = new TreeMap<>();
            getRuntimeContext().addAccumulator("sample:" + record.table, c.samples);
            getRuntimeContext().addAccumulator("schema:" + record.table, c.schema);
        }
        c.byHash.put(record.sampleHash, Long.toHexString(record.sampleHash) + ":" + base64(record.sample));
        if (c.byHash.size() > sampleRows) c.byHash.pollLastEntry();
        ArrayList<String> list = c.samples.getLocalValue();
        list.clear();
        list.addAll(c.byHash.values());
        if (record.schema != null && c.schema.getLocalValue().isEmpty()) c.schema.add(base64(record.schema));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private TableAccumulators register(String table) {
        TableAccumulators c = new TableAccumulators();
        getRuntimeContext().addAccumulator("records:" + table, c.records);
        getRuntimeContext().addAccumulator("bytes:" + table, c.bytes);
        getRuntimeContext().addAccumulator("firstMs:" + table, c.firstMs);
        getRuntimeContext().addAccumulator("lastMs:" + table, c.lastMs);
        getRuntimeContext().addAccumulator("keyHash:" + table, c.keyHash);
        getRuntimeContext().addAccumulator("cycles:" + table, c.cycles);
        getRuntimeContext().addAccumulator("cycleMs:" + table, c.cycleMs);
        getRuntimeContext().addAccumulator("inserts:" + table, c.inserts);
        getRuntimeContext().addAccumulator("updates:" + table, c.updates);
        getRuntimeContext().addAccumulator("deletes:" + table, c.deletes);
        getRuntimeContext().addAccumulator("changeKeyHash:" + table, c.changeKeyHash);
        getRuntimeContext().addAccumulator("changeBytes:" + table, c.changeBytes);
        counters.put(table, c);
        return c;
    }

    /** One reader's records over time: first, last, and the cycles between pauses. */
    private static final class ReaderCadence {
        final LongMinimum firstMs = new LongMinimum();
        final LongMaximum lastMs = new LongMaximum();
        final LongCounter cycles = new LongCounter();
        final LongCounter cycleMs = new LongCounter();
        final LongCounter cycleSqMs = new LongCounter();
        final LongCounter earlyCycles = new LongCounter();
        final LongCounter earlyCycleMs = new LongCounter();
        private long previousMs = -1;
        private long cycleStartMs = -1;

        /** The length of the cycle this record ends (its pause started a new burst), else -1. */
        long record(long now) {
            long cycle = -1;
            if (previousMs < 0) {
                cycleStartMs = now;
                firstMs.add(now);
            } else if (now - previousMs >= PAUSE_MS) {
                cycle = now - cycleStartMs;
                cycles.add(1);
                cycleMs.add(cycle);
                cycleSqMs.add(cycle * cycle);
                if (earlyCycles.getLocalValue() < EARLY_CYCLES) {
                    earlyCycles.add(1);
                    earlyCycleMs.add(cycle);
                }
                cycleStartMs = now;
            }
            previousMs = now;
            lastMs.add(now);
            return cycle;
        }
    }

    /** The stream's changes over all tables (this subtask's; merged as max and min over subtasks). */
    private static final class StreamAccumulators {
        final LongMaximum maxLsn = new LongMaximum();
        final LongMinimum firstMs = new LongMinimum();
        final LongMaximum lastMs = new LongMaximum();
        final LongMaximum maxLagMs = new LongMaximum();
    }

    /** One shape of one table's rows or changes (this subtask's). */
    private static final class ShapeAccumulators {
        final LongCounter records = new LongCounter();
        final LongMinimum firstMs = new LongMinimum();
        final LongMaximum lastMs = new LongMaximum();
        final LongMinimum firstLsn = new LongMinimum();
        final LongMaximum lastLsn = new LongMaximum();
        final ListAccumulator<String> text = new ListAccumulator<>();
    }

    /** A table never read keeps firstMs at Long.MAX_VALUE and lastMs at Long.MIN_VALUE. */
    private static final class TableAccumulators {
        final LongCounter records = new LongCounter();
        final LongCounter bytes = new LongCounter();
        final LongMinimum firstMs = new LongMinimum();
        final LongMaximum lastMs = new LongMaximum();
        final LongCounter keyHash = new LongCounter();
        final LongCounter cycles = new LongCounter();
        final LongCounter cycleMs = new LongCounter();
        final LongCounter inserts = new LongCounter();
        final LongCounter updates = new LongCounter();
        final LongCounter deletes = new LongCounter();
        final LongCounter changeKeyHash = new LongCounter();
        final LongCounter changeBytes = new LongCounter();
        ListAccumulator<String> samples;
        ListAccumulator<String> schema;
        TreeMap<Long, String> byHash;
        final Map<String, ShapeAccumulators> rowShapes = new HashMap<>();
        final Map<String, ShapeAccumulators> changeShapes = new HashMap<>();
        String lastRowShape;
        ShapeAccumulators lastRowAcc;
        String lastChangeShape;
        ShapeAccumulators lastChangeAcc;
    }
}
