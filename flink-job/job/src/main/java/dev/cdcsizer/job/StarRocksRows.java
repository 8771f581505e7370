package dev.cdcsizer.job;

import org.apache.flink.api.common.serialization.SerializationSchema;

import com.starrocks.connector.flink.table.data.DefaultStarRocksRowData;
import com.starrocks.connector.flink.table.data.StarRocksRowData;
import com.starrocks.connector.flink.table.sink.v2.RecordSerializationSchema;
import com.starrocks.connector.flink.table.sink.v2.StarRocksSinkContext;

import java.util.List;
import java.util.Map;

/**
 * A record as the StarRocks connector's multi-table Stream Load takes it: the row's database and
 * table (so one sink serves every table, each row routed by them) and the row as a JSON object of
 * its columns plus {@code __op} (0 upsert, 1 delete), which a primary-key table applies by key.
 * Values are rendered from SinkValues: numbers and booleans as JSON, arrays as JSON arrays,
 * zoned timestamps in UTC (StarRocks' DATETIME has no zone), bytes as hex text, intervals as
 * microseconds. Not run against a StarRocks server (none runs where cdc-sizer is built).
 */
final class StarRocksRows implements RecordSerializationSchema<CdcRecord> {

    private static final long serialVersionUID = 1L;

    private final String database;
    private final Map<String, TableName> tables;
    private transient DefaultStarRocksRowData reused;

    StarRocksRows(String database, Map<String, TableName> tables) {
        this.database = database;
        this.tables = tables;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, StarRocksSinkContext sinkContext) {
        reused = new DefaultStarRocksRowData();
    }

    @Override
    public StarRocksRowData serialize(CdcRecord record) {
        if (record.sinkColumns == null) return null;
        reused.setDatabase(database);
        reused.setTable(tables.get(record.table).table);
        reused.setRow(json(record));
        return reused;
    }

    static String json(CdcRecord record) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < record.sinkColumns.length; i++) {
            b.append(SinkValues.jsonString(record.sinkColumns[i])).append(':').append(value(record.sinkValues[i])).append(',');
        }
        return b.append("\"__op\":").append(record.sinkDelete ? 1 : 0).append('}').toString();
    }

    private static String value(Object v) {
        if (v instanceof SinkValues.Micros) return Long.toString(((SinkValues.Micros) v).micros);
        if (v instanceof String && looksZoned((String) v)) return SinkValues.jsonString(SinkValues.utcDateTime((String) v));
        if (v instanceof List || v == null || v instanceof Boolean || v instanceof Long || v instanceof Double || v instanceof Float || v instanceof byte[]) return SinkDialect.MySql.json(v);
        return SinkValues.jsonString(v.toString());
    }

    /** Debezium's ZonedTimestamp text: 2024-01-02T03:04:05.123456Z or with an offset. */
    private static boolean looksZoned(String s) {
        return s.length() >= 20 && s.charAt(10) == 'T' && (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$"));
    }

    @Override
    public void close() {}
}
