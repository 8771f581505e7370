package dev.cdcsizer.job;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The seam between the job and the connector it measures: today the DataStream incremental
 * source; a YAML-pipeline source can be added where its artifacts exist, without touching the sink.
 */
interface SnapshotSource {

    /** Adds the bounded snapshot source(s); records are (schema.table, Debezium JSON). */
    DataStream<Tuple2<String, String>> attach(StreamExecutionEnvironment env);
}
