package dev.cdcsizer.job;

import org.apache.flink.configuration.Configuration;

import com.starrocks.connector.flink.table.sink.SinkFunctionFactory;
import com.starrocks.connector.flink.table.sink.StarRocksSinkOptions;
import com.starrocks.connector.flink.table.sink.v2.StarRocksSink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The StarRocks Flink connector's sink (Stream Load over the FE's HTTP port), configured for every
 * captured table at once: database and table "*" let each row name its own (StarRocksRows), JSON
 * rows with {@code __op} for primary-key tables, at-least-once (upserts by key make the end state
 * exact). The run's --sink-option values are the connector's own option names (buffer and flush
 * sizes and intervals, timeouts, retries, sink.properties.*).
 */
final class StarRocksSinks {

    private StarRocksSinks() {}

    static StarRocksSink<CdcRecord> create(SinkArguments sink) {
        return SinkFunctionFactory.createSink(options(sink), new StarRocksRows(sink.database, sink.tables));
    }

    static StarRocksSinkOptions options(SinkArguments sink) {
        Configuration conf = new Configuration();
        Map<String, String> streamLoad = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sink.options.entrySet()) {
            if (e.getKey().startsWith(SinkArguments.STARROCKS_PROPERTIES)) streamLoad.put(e.getKey(), e.getValue());
            else conf.setString(e.getKey(), e.getValue());
        }
        conf.set(StarRocksSinkOptions.JDBC_URL, sink.jdbcUrl);
        conf.set(StarRocksSinkOptions.LOAD_URL, java.util.List.of(sink.loadUrl));
        conf.set(StarRocksSinkOptions.USERNAME, sink.user);
        conf.set(StarRocksSinkOptions.PASSWORD, sink.password);
        conf.set(StarRocksSinkOptions.DATABASE_NAME, "*");
        conf.set(StarRocksSinkOptions.TABLE_NAME, "*");
        conf.set(StarRocksSinkOptions.SINK_USE_NEW_SINK_API, true);
        conf.set(StarRocksSinkOptions.SINK_SEMANTIC, "at-least-once");
        streamLoad.put("sink.properties.format", "json");
        streamLoad.put("sink.properties.strip_outer_array", "true");
        streamLoad.put("sink.properties.ignore_json_size", "true");
        return new StarRocksSinkOptions(conf, streamLoad);
    }
}
