package dev.cdcsizer.job;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the rows handed to a sink that keeps no accumulators of its own (the StarRocks
 * connector's): {@code sinkRows:<table>}. The connector commits them
 * at its flushes and at the end of input, before the job can finish, so for a finished job the
 * job's end bounds the last commit.
 */
final class SinkHandOff extends RichMapFunction<CdcRecord, CdcRecord> {

    private static final long serialVersionUID = 1L;

    private transient Map<String, LongCounter> rows;

    @Override
    public void open(OpenContext context) {
        rows = new HashMap<>();
    }

    @Override
    public CdcRecord map(CdcRecord record) {
        if (record.sinkColumns == null) return record;
        LongCounter c = rows.get(record.table);
        if (c == null) {
            c = new LongCounter();
            rows.put(record.table, c);
            getRuntimeContext().addAccumulator("sinkRows:" + record.table, c);
        }
        c.add(1);
        return record;
    }
}
