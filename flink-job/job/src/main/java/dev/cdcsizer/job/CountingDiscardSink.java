package dev.cdcsizer.job;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Discards records and counts them per table in accumulators ({@code records:<schema>.<table>},
 * {@code bytes:<schema>.<table>}, UTF-8 bytes of the JSON). Accumulators are exact and outlive the
 * job on the REST API (/jobs/:id/accumulators); operator metrics of a source chained with its sink
 * report 0 records there.
 *
 * <p>A SinkFunction, deprecated in Flink 1.20, because Sink V2 writers get no RuntimeContext and
 * so cannot add accumulators.
 */
@SuppressWarnings("deprecation")
final class CountingDiscardSink extends RichSinkFunction<Tuple2<String, String>> {

    private static final long serialVersionUID = 1L;

    private final List<String> tables;
    private transient Map<String, LongCounter[]> counters;

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
        LongCounter[] c = counters.get(record.f0);
        if (c == null) c = register(record.f0);
        c[0].add(1);
        c[1].add(record.f1.getBytes(StandardCharsets.UTF_8).length);
    }

    private LongCounter[] register(String table) {
        LongCounter records = new LongCounter();
        LongCounter bytes = new LongCounter();
        getRuntimeContext().addAccumulator("records:" + table, records);
        getRuntimeContext().addAccumulator("bytes:" + table, bytes);
        LongCounter[] c = {records, bytes};
        counters.put(table, c);
        return c;
    }
}
