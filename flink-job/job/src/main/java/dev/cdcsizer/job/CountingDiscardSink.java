package dev.cdcsizer.job;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Discards records and counts them per table in accumulators ({@code records:<schema>.<table>},
 * {@code bytes:<schema>.<table>}, UTF-8 bytes of the JSON), with the wall-clock milliseconds of the
 * table's first and last record ({@code firstMs:}, {@code lastMs:}; merged as min and max over the
 * subtasks), which give each table's reading span. Accumulators are exact and outlive the job on the
 * REST API (/jobs/:id/accumulators); operator metrics of a source chained with its sink report 0
 * records there, and the metric store lags the job by its fetch interval.
 *
 * <p>A SinkFunction, deprecated in Flink 1.20, because Sink V2 writers get no RuntimeContext and
 * so cannot add accumulators.
 */
@SuppressWarnings("deprecation")
final class CountingDiscardSink extends RichSinkFunction<Tuple2<String, String>> {

    private static final long serialVersionUID = 1L;

    private final List<String> tables;
    private transient Map<String, TableAccumulators> counters;

    CountingDiscardSink(List<String> tables) {
        this.tables = tables;
    }

    @Override
    public void open(OpenContext context) {
        counters = new HashMap<>();
        // Registered up front so an empty (or never-read) table shows as 0, not as missing.
        for (String table : tables) register(table);
    }

    @Override
    public void invoke(Tuple2<String, String> record, Context context) {
        TableAccumulators c = counters.get(record.f0);
        if (c == null) c = register(record.f0);
        long now = System.currentTimeMillis();
        c.records.add(1);
        c.bytes.add(record.f1.getBytes(StandardCharsets.UTF_8).length);
        c.firstMs.add(now);
        c.lastMs.add(now);
    }

    private TableAccumulators register(String table) {
        TableAccumulators c = new TableAccumulators();
        getRuntimeContext().addAccumulator("records:" + table, c.records);
        getRuntimeContext().addAccumulator("bytes:" + table, c.bytes);
        getRuntimeContext().addAccumulator("firstMs:" + table, c.firstMs);
        getRuntimeContext().addAccumulator("lastMs:" + table, c.lastMs);
        counters.put(table, c);
        return c;
    }

    /** A table never read keeps firstMs at Long.MAX_VALUE and lastMs at Long.MIN_VALUE. */
    private static final class TableAccumulators {
        final LongCounter records = new LongCounter();
        final LongCounter bytes = new LongCounter();
        final LongMinimum firstMs = new LongMinimum();
        final LongMaximum lastMs = new LongMaximum();
    }
}
