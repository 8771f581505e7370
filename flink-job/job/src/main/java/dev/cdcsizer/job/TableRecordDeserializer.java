package dev.cdcsizer.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Debezium JSON, as a real pipeline pays for it, with the record's table so the sink can count per
 * table without parsing the JSON again.
 *
 * <p>With {@code sampleRows} > 0 it also picks rows for the type-fidelity check: per table the
 * {@code sampleRows} rows whose key hashes smallest (bottom-k sampling). The choice depends only on
 * the table's keys, not on the order or the reader the rows come through, so every run, every
 * parallelism and every connector version judges the same rows, spread over the whole table. Only
 * rows that may still be among the smallest pay for the extra JSON; the sink keeps the final set.
 *
 * <p>Every record also carries the hash of its key's text (KeyHash), which the sink sums per table
 * for the harness's key fingerprint.
 */
final class TableRecordDeserializer implements DebeziumDeserializationSchema<CdcRecord> {

    private static final long serialVersionUID = 1L;

    private final JsonDebeziumDeserializationSchema json = new JsonDebeziumDeserializationSchema();
    private final int sampleRows;
    /** Records carry the row a database sink writes (CdcRecord.sinkValues). */
    private final boolean sinkRows;
    /** The column a table without a primary key is chunked by (its records carry no key), or null. */
    private final String chunkKeyColumn;

    private transient Map<String, PriorityQueue<Long>> smallest;
    private transient JsonConverter rowConverter;
    private transient JsonConverter schemaConverter;
    private transient RowShape shapes;
    /** The last sink row's schema and its column names (see sinkRow). */
    private transient Schema lastSinkSchema;
    private transient String[] lastSinkColumns;

    TableRecordDeserializer(int sampleRows, String chunkKeyColumn, boolean sinkRows) {
        this.sampleRows = sampleRows;
        this.chunkKeyColumn = chunkKeyColumn;
        this.sinkRows = sinkRows;
    }

    @Override
    public void deserialize(SourceRecord record, Collector<CdcRecord> out) throws Exception {
        // A tombstone (a delete's empty follower) carries no row and no op: nothing a sink applies.
        if (record.value() == null) return;
        String table = tableOf(record);
        String op = changeOp(record);
        long keyHash = KeyHash.of(record, chunkKeyColumn);
        // Only snapshot rows are compared with the source: a change is checked by the sync's end state.
        Picked picked = sampleRows > 0 && op == null ? pick(table, record, KeyHash.spread(keyHash)) : null;
        if (shapes == null) shapes = new RowShape();
        String shape = shapes.of(record);
        json.deserialize(
                record,
                new Collector<String>() {
                    @Override
                    public void collect(String value) {
                        CdcRecord r = picked == null ? new CdcRecord(table, value, null, null, 0, keyHash) : new CdcRecord(table, value, picked.row, picked.schema, picked.hash, keyHash);
                        r.shape = shape;
                        if (sinkRows) sinkRow(record, "d".equals(op), r);
                        out.collect(op == null ? r : r.change(op, sourceLong(record, "lsn"), sourceLong(record, "ts_ms")));
                    }

                    @Override
                    public void close() {}
                });
    }

    /**
     * The image a database sink writes: {@code after}, or {@code before} for a delete. Its column
     * names are one array per row schema (Connect reuses a table version's Schema object), so the
     * sink tells a row of the same columns as the last by identity, not by comparing names per row.
     */
    private void sinkRow(SourceRecord record, boolean delete, CdcRecord r) {
        if (!(record.value() instanceof Struct)) return;
        Struct value = (Struct) record.value();
        String image = delete ? "before" : "after";
        if (value.schema().field(image) == null || value.get(image) == null) return;
        Struct row = value.getStruct(image);
        if (row.schema() != lastSinkSchema) {
            lastSinkSchema = row.schema();
            lastSinkColumns = SinkValues.names(row.schema());
        }
        r.sinkColumns = lastSinkColumns;
        r.sinkValues = SinkValues.values(row);
        r.sinkDelete = delete;
    }

    /** A stream change's op (c, u, d); null for a snapshot row. */
    private static String changeOp(SourceRecord record) {
        if (!(record.value() instanceof Struct)) return null;
        Struct value = (Struct) record.value();
        if (value.schema().field("op") == null) return null;
        String op = value.getString("op");
        return op == null || "r".equals(op) ? null : op;
    }

    /** A field of the record's {@code source} block (the change's lsn, its commit's ts_ms); 0 when absent. */
    private static long sourceLong(SourceRecord record, String field) {
        Struct value = (Struct) record.value();
        if (value.schema().field("source") == null) return 0;
        Struct source = value.getStruct("source");
        return source.schema().field(field) != null && source.get(field) != null ? source.getInt64(field) : 0;
    }

    private static final class Picked {
        final String row;
        final String schema;
        final long hash;

        Picked(String row, String schema, long hash) {
            this.row = row;
            this.schema = schema;
            this.hash = hash;
        }
    }

    /**
     * The row, when its key hash is among the table's smallest so far on this reader; else null.
     * The hash is the fingerprint's own (one hash a record), spread so sequential keys scatter.
     */
    private Picked pick(String table, SourceRecord record, long hash) {
        if (smallest == null) {
            smallest = new HashMap<>();
            rowConverter = converter(false);
            schemaConverter = converter(true);
        }
        if (!(record.value() instanceof Struct)) return null;
        Struct value = (Struct) record.value();
        Field after = value.schema().field("after");
        if (after == null || value.get(after) == null) return null;
        PriorityQueue<Long> kept = smallest.get(table);
        boolean first = kept == null;
        if (first) smallest.put(table, kept = new PriorityQueue<>(Comparator.reverseOrder()));
        if (kept.size() >= sampleRows && hash >= kept.peek()) return null;
        kept.add(hash);
        if (kept.size() > sampleRows) kept.poll();
        Schema rowSchema = after.schema();
        String row = new String(rowConverter.fromConnectData(record.topic(), rowSchema, value.get(after)), StandardCharsets.UTF_8);
        // {"schema": …, "payload": …}: the harness reads the declared type of every column from it.
        String schema = first ? new String(schemaConverter.fromConnectData(record.topic(), rowSchema, value.get(after)), StandardCharsets.UTF_8) : null;
        return new Picked(row, schema, hash);
    }

    /** Configured as Flink CDC's JsonDebeziumDeserializationSchema configures its own. */
    private static JsonConverter converter(boolean withSchema) {
        JsonConverter c = new JsonConverter();
        Map<String, Object> config = new HashMap<>();
        config.put(ConverterConfig.TYPE_CONFIG, ConverterType.VALUE.getName());
        config.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, withSchema);
        c.configure(config);
        return c;
    }

    @Override
    public TypeInformation<CdcRecord> getProducedType() {
        return TypeInformation.of(CdcRecord.class);
    }

    private static String tableOf(SourceRecord record) {
        if (record.value() instanceof Struct) {
            Struct value = (Struct) record.value();
            if (value.schema().field("source") != null) {
                Struct source = value.getStruct("source");
                return source.getString("schema") + "." + source.getString("table");
            }
        }
        // topic is <server name>.<schema>.<table>
        String topic = record.topic();
        return topic.substring(topic.indexOf('.') + 1);
    }
}
