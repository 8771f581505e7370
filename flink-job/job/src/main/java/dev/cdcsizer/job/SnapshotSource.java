package dev.cdcsizer.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The seam between the job and the connector it measures: today the DataStream incremental
 * source; a YAML-pipeline source can be added where its artifacts exist, without touching the sink.
 */
interface SnapshotSource {

    /** Adds the bounded snapshot source(s); records carry their table and Debezium JSON. */
    DataStream<CdcRecord> attach(StreamExecutionEnvironment env);
}
